package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** How the workload controllers look at the Pods they own, as kube-controller-manager does. */
public final class Pods {
  private Pods() {}

  /** Counted by its controller: not finished and not being deleted. */
  static boolean active(JsonNode pod) {
    String phase = pod.path("status").path("phase").asText("");
    return !phase.equals("Succeeded") && !phase.equals("Failed") && !ControlPlane.deleting(pod);
  }

  static boolean ready(JsonNode pod) {
    JsonNode c = readyCondition(pod);
    return c != null && c.path("status").asText().equals("True");
  }

  /**
   * Ready for at least {@code minReadySeconds} ({@code podutil.IsPodAvailable}). When it is ready
   * but not yet available, {@code wait} says how long until it is.
   */
  static boolean available(JsonNode pod, int minReadySeconds, Instant now, Duration[] wait) {
    if (!ready(pod)) {
      return false;
    }
    if (minReadySeconds <= 0) {
      return true;
    }
    Instant since = Instant.parse(readyCondition(pod).path("lastTransitionTime").asText());
    Instant at = since.plusSeconds(minReadySeconds);
    if (!at.isAfter(now)) {
      return true;
    }
    Duration left = Duration.between(now, at);
    if (wait[0] == null || left.compareTo(wait[0]) < 0) {
      wait[0] = left;
    }
    return false;
  }

  private static JsonNode readyCondition(JsonNode pod) {
    for (JsonNode c : pod.path("status").path("conditions")) {
      if (c.path("type").asText().equals("Ready")) {
        return c;
      }
    }
    return null;
  }

  /**
   * A Pod from {@code template} ({@code controller.GetPodFromTemplate}): its labels, annotations,
   * finalizers and spec, with a controller reference to {@code owner}; named {@code name}, or
   * {@code generateName} plus five random characters when {@code name} is null.
   */
  static ObjectNode fromTemplate(
      JsonNode template,
      ResourceType ownerType,
      JsonNode owner,
      ResourceType podType,
      String name,
      String generateName) {
    ObjectNode pod = Json.object();
    pod.put("apiVersion", podType.apiVersion());
    pod.put("kind", podType.kind());
    ObjectNode meta = pod.putObject("metadata");
    if (name != null) {
      meta.put("name", name);
    } else {
      meta.put("generateName", generateName);
    }
    ControlPlane.copyMetadata(template, meta, List.of("labels", "annotations"));
    meta.putArray("ownerReferences").add(Owners.controllerRef(ownerType, owner));
    ControlPlane.copyMetadata(template, meta, List.of("finalizers"));
    JsonNode spec = template.get("spec");
    pod.set("spec", spec instanceof ObjectNode s ? s.deepCopy() : Json.object());
    return pod;
  }

  /**
   * The order a ReplicaSet deletes surplus Pods in ({@code controller.ActivePods}, simplified):
   * unscheduled before scheduled, not running before running, not ready before ready, newer before
   * older.
   */
  static final Comparator<JsonNode> DELETE_FIRST =
      Comparator.comparing((JsonNode p) -> !p.path("spec").path("nodeName").asText("").isEmpty())
          .thenComparing(p -> p.path("status").path("phase").asText("").equals("Running"))
          .thenComparing(Pods::ready)
          .thenComparing(
              (JsonNode p) -> p.path("metadata").path("creationTimestamp").asText(""),
              Comparator.reverseOrder());
}
