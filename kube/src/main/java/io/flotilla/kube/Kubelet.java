package io.flotilla.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kwok-style stand-in for the kubelet and the workload controllers: after a delay it writes the
 * status a healthy cluster would report, through the status subresource like any other client. A
 * container image tagged {@code fail} never becomes ready; Pods that do not restart and Jobs run to
 * completion ({@link PodStatuses}, {@link JobStatuses}).
 */
final class Kubelet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
  private static final List<String> WATCHED =
      List.of(
          "apps/deployments",
          "apps/replicasets",
          "apps/statefulsets",
          "apps/daemonsets",
          "batch/jobs",
          "/pods",
          "/persistentvolumeclaims");

  private final ApiCore core;
  private final Duration delay;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("kube-kubelet").factory());
  private final Consumer<Store.Change> listener = this::onChange;

  Kubelet(ApiCore core, Duration delay) {
    this.core = core;
    this.delay = delay;
    core.store.subscribe(-1, listener);
    for (String key : WATCHED) {
      for (ObjectNode o : core.store.list(key, null)) {
        schedule(key, Json.text(o, "metadata", "namespace"), Json.text(o, "metadata", "name"));
      }
    }
  }

  private void onChange(Store.Change c) {
    if (!c.type().equals("DELETED") && WATCHED.contains(c.storageKey())) {
      schedule(
          c.storageKey(),
          Json.text(c.after(), "metadata", "namespace"),
          Json.text(c.after(), "metadata", "name"));
    }
  }

  private void schedule(String key, String ns, String name) {
    try {
      scheduler.schedule(
          () -> reconcile(key, ns, name, 0), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  private void reconcile(String key, String ns, String name, int attempt) {
    try {
      ResourceType t = core.registry.findByStorageKey(key);
      ObjectNode cur = core.store.get(key, ns == null ? "" : ns, name);
      if (t == null || cur == null || Json.at(cur, "metadata", "deletionTimestamp") != null) {
        return;
      }
      JsonNode old = cur.get("status");
      ObjectNode status = desired(key, cur, old == null ? Json.object() : old);
      if (status == null || status.equals(old)) {
        return;
      }
      ObjectNode n = cur.deepCopy();
      n.set("status", status);
      String manager = key.equals("/pods") ? "kubelet" : "kube-controller-manager";
      core.update(t, ns, name, n, true, ApiCore.WriteOpts.internal(manager));
    } catch (ApiException e) {
      if (e.code == 409 && attempt < 5) {
        scheduler.schedule(() -> reconcile(key, ns, name, attempt + 1), 50, TimeUnit.MILLISECONDS);
      }
    } catch (RuntimeException e) {
      LOG.warn("simulated kubelet failed on {} {}/{}", key, ns, name, e);
    }
  }

  static boolean failing(JsonNode podSpec) {
    for (String list : List.of("containers", "initContainers")) {
      for (JsonNode c : podSpec.path(list)) {
        String image = c.path("image").asText("");
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon > slash && image.substring(colon + 1).equals("fail")) {
          return true;
        }
      }
    }
    return false;
  }

  private ObjectNode desired(String key, ObjectNode obj, JsonNode old) {
    JsonNode spec = obj.path("spec");
    long gen = obj.path("metadata").path("generation").asLong(1);
    String name = Json.text(obj, "metadata", "name");
    boolean fail = failing(spec.path("template").path("spec"));
    int replicas = spec.path("replicas").asInt(1);
    int ready = fail ? 0 : replicas;
    ObjectNode s = Json.object();
    switch (key) {
      case "apps/deployments" -> {
        s.put("observedGeneration", gen);
        s.put("replicas", replicas);
        s.put("updatedReplicas", replicas);
        if (ready > 0) {
          s.put("readyReplicas", ready);
          s.put("availableReplicas", ready);
        }
        if (replicas - ready > 0) {
          s.put("unavailableReplicas", replicas - ready);
        }
        String rs = name + "-" + templateHash(spec.path("template"));
        ArrayNode conds = s.putArray("conditions");
        conds.add(
            fail
                ? cond(
                    old,
                    "Available",
                    "False",
                    "MinimumReplicasUnavailable",
                    "Deployment does not have minimum availability.")
                : cond(
                    old,
                    "Available",
                    "True",
                    "MinimumReplicasAvailable",
                    "Deployment has minimum availability."));
        conds.add(
            fail
                ? cond(
                    old,
                    "Progressing",
                    "True",
                    "ReplicaSetUpdated",
                    "ReplicaSet \"" + rs + "\" is progressing.")
                : cond(
                    old,
                    "Progressing",
                    "True",
                    "NewReplicaSetAvailable",
                    "ReplicaSet \"" + rs + "\" has successfully progressed."));
      }
      case "apps/replicasets" -> {
        s.put("replicas", replicas);
        s.put("fullyLabeledReplicas", replicas);
        if (ready > 0) {
          s.put("readyReplicas", ready);
          s.put("availableReplicas", ready);
        }
        s.put("observedGeneration", gen);
      }
      case "apps/statefulsets" -> {
        String rev = name + "-" + templateHash(spec.path("template"));
        s.put("observedGeneration", gen);
        s.put("replicas", replicas);
        if (ready > 0) {
          s.put("readyReplicas", ready);
          s.put("availableReplicas", ready);
        }
        s.put("currentReplicas", replicas);
        s.put("updatedReplicas", replicas);
        s.put("currentRevision", rev);
        s.put("updateRevision", rev);
        s.put("collisionCount", 0);
      }
      case "apps/daemonsets" -> {
        int nodeReady = fail ? 0 : 1;
        s.put("currentNumberScheduled", 1);
        s.put("numberMisscheduled", 0);
        s.put("desiredNumberScheduled", 1);
        s.put("numberReady", nodeReady);
        s.put("observedGeneration", gen);
        s.put("updatedNumberScheduled", 1);
        if (nodeReady > 0) {
          s.put("numberAvailable", 1);
        } else {
          s.put("numberUnavailable", 1);
        }
      }
      case "batch/jobs" -> {
        return JobStatuses.desired(spec, old);
      }
      case "/pods" -> {
        return PodStatuses.desired(obj, old);
      }
      case "/persistentvolumeclaims" -> {
        s.put("phase", "Bound");
        s.set("accessModes", spec.path("accessModes").deepCopy());
        String storage = Json.text(spec, "resources", "requests", "storage");
        if (storage != null) {
          s.putObject("capacity").put("storage", storage);
        }
      }
      default -> {
        return null;
      }
    }
    return s;
  }

  /** A condition that keeps its timestamps while nothing about it changes. */
  static ObjectNode cond(
      JsonNode oldStatus, String type, String status, String reason, String message) {
    String now = Json.now();
    ObjectNode c = Json.object();
    c.put("type", type);
    c.put("status", status);
    String updated = now;
    String transitioned = now;
    for (JsonNode o : oldStatus.path("conditions")) {
      if (type.equals(o.path("type").asText())) {
        if (status.equals(o.path("status").asText())) {
          transitioned = o.path("lastTransitionTime").asText(now);
          if (java.util.Objects.equals(reason, Json.text(o, "reason"))) {
            updated = o.path("lastUpdateTime").asText(now);
          }
        }
      }
    }
    c.put("lastUpdateTime", updated);
    c.put("lastTransitionTime", transitioned);
    if (reason != null) {
      c.put("reason", reason);
    }
    if (message != null) {
      c.put("message", message);
    }
    return c;
  }

  /** A stable stand-in for the pod-template-hash label. */
  static String templateHash(JsonNode template) {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    long h = Integer.toUnsignedLong(Json.write(template).hashCode()) * 2654435761L;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      sb.append(alphabet.charAt((int) Math.floorMod(h, alphabet.length())));
      h /= alphabet.length();
      if (h == 0) {
        h = 7919L * (i + 1);
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    core.store.unsubscribe(listener);
    scheduler.shutdownNow();
  }
}
