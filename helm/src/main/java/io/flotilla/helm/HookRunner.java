package io.flotilla.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the hooks of one event as Helm's {@code execHook} does: in weight-then-name order, each
 * created (deleted first under the default {@code before-hook-creation} policy), Jobs and Pods
 * waited for until they complete, the outcome recorded on the release's stored hook ({@code
 * last_run}), and deleted afterwards as {@code hook-succeeded} / {@code hook-failed} ask.
 */
final class HookRunner {
  static final String BEFORE_HOOK_CREATION = "before-hook-creation";
  private final Kube kube;
  private final Clock clock;

  HookRunner(Kube kube, Clock clock) {
    this.kube = kube;
    this.clock = clock;
  }

  /** A hook that failed, with the release JSON as recorded up to it. */
  static final class HookFailed extends Exception {
    HookFailed(String message) {
      super(message);
    }
  }

  /**
   * Runs the hooks of {@code event} stored in {@code release} (their {@code last_run} is updated in
   * place).
   *
   * @throws HookFailed naming the hook object and why; the hooks after it did not run
   */
  void run(ObjectNode release, String event, String namespace, Duration timeout)
      throws HookFailed, ReleaseException, InterruptedException {
    run(release, event, namespace, timeout, h -> true);
  }

  /**
   * As {@link #run(ObjectNode, String, String, Duration)}, only the hooks {@code which} selects.
   */
  void run(
      ObjectNode release,
      String event,
      String namespace,
      Duration timeout,
      java.util.function.Predicate<Manifests.Hook> which)
      throws HookFailed, ReleaseException, InterruptedException {
    if (!(release.path("hooks") instanceof ArrayNode stored)) return;
    List<Manifests.Hook> hooks = Manifests.storedHooks(stored);
    for (Manifests.Hook h : Manifests.ordered(hooks, event)) {
      if (!which.test(h)) continue;
      ObjectNode json = find(stored, h);
      runOne(h, json, namespace, timeout, event);
    }
  }

  private void runOne(
      Manifests.Hook h, ObjectNode json, String namespace, Duration timeout, String event)
      throws HookFailed, InterruptedException {
    List<String> policies = new ArrayList<>(h.deletePolicies());
    if (policies.isEmpty()) {
      policies.add(BEFORE_HOOK_CREATION); // Helm's default, and it records it
      json.putArray("delete_policies").add(BEFORE_HOOK_CREATION);
    }
    GenericKubernetesResource object =
        kube.defaultNamespace(List.of(Kube.copy(h.doc().object())), namespace).get(0);
    String subject = Kube.ref(object).subject();
    try {
      if (policies.contains(BEFORE_HOOK_CREATION)) {
        if (!kube.deleteAndWait(object, "Background", timeout)) {
          throw new HookFailed(
              "%s hook %s: timed out waiting for the previous object to be deleted"
                  .formatted(event, subject));
        }
      }
      ObjectNode run = json.putObject("last_run");
      run.put("started_at", ReleaseCodec.time(clock.instant()));
      run.put("completed_at", "");
      run.put("phase", "Running");
      kube.resource(object).create();
      String failure = waitForCompletion(object, timeout);
      run.put("completed_at", ReleaseCodec.time(clock.instant()));
      run.put("phase", failure == null ? "Succeeded" : "Failed");
      if (failure != null) {
        if (policies.contains("hook-failed")) kube.deleteAndWait(object, "Background", timeout);
        throw new HookFailed("%s hook %s failed: %s".formatted(event, subject, failure));
      }
      if (policies.contains("hook-succeeded")) kube.deleteAndWait(object, "Background", timeout);
    } catch (KubernetesClientException e) {
      throw new HookFailed(
          "%s hook %s failed: %s".formatted(event, subject, ReleaseStorage.reason(e)));
    }
  }

  /** Null when the hook completed; else why not. Kinds other than Job and Pod complete at once. */
  private String waitForCompletion(GenericKubernetesResource object, Duration timeout)
      throws InterruptedException {
    String kind = object.getKind();
    boolean job = kind.equals("Job") && object.getApiVersion().startsWith("batch/");
    boolean pod = kind.equals("Pod") && object.getApiVersion().equals("v1");
    if (!job && !pod) return null;
    String[] outcome = {null};
    boolean done =
        kube.await(
            object,
            timeout,
            live -> {
              if (live == null) {
                outcome[0] = "it was deleted before it completed";
                return true;
              }
              JsonNode status = Charts.YAML.valueToTree(live).path("status");
              if (pod) {
                String phase = status.path("phase").asText("");
                if (phase.equals("Succeeded")) return true;
                if (phase.equals("Failed")) {
                  outcome[0] = "pod failed" + reason(status.path("message"));
                  return true;
                }
                return false;
              }
              for (JsonNode c : status.path("conditions")) {
                if (!c.path("status").asText().equals("True")) continue;
                String type = c.path("type").asText();
                if (type.equals("Complete")) return true;
                if (type.equals("Failed")) {
                  outcome[0] =
                      "job failed: " + c.path("reason").asText("") + reason(c.path("message"));
                  return true;
                }
              }
              return false;
            });
    if (!done) return "timed out after " + timeout.toSeconds() + "s waiting for it to complete";
    return outcome[0];
  }

  private static String reason(JsonNode message) {
    return message.isTextual() && !message.asText().isEmpty() ? " (" + message.asText() + ")" : "";
  }

  private static ObjectNode find(ArrayNode stored, Manifests.Hook h) {
    for (JsonNode n : stored) {
      if (n.path("name").asText().equals(h.name())
          && n.path("kind").asText().equals(h.kind())
          && n.path("path").asText().equals(h.doc().path())) {
        return (ObjectNode) n;
      }
    }
    throw new IllegalStateException("hook " + h.name() + " not in the release"); // parsed from it
  }

  static Instant now(Clock clock) {
    return clock.instant();
  }
}
