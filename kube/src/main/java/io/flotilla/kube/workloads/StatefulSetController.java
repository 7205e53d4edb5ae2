package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * kube-controller-manager's StatefulSet controller: Pods {@code <sts>-0 … <sts>-(n-1)}, one at a
 * time in order (OrderedReady: the next once the previous is Running and Ready) or all at once
 * (Parallel), each with its claims from {@code volumeClaimTemplates} ({@code
 * <template>-<sts>-<ordinal>}); scaled down from the highest ordinal; a new template rolls out from
 * the highest ordinal down to the partition, one Pod at a time; revisions as ControllerRevisions.
 */
public final class StatefulSetController extends WorkloadLoop {
  static final String REVISION_LABEL = "controller-revision-hash";

  public StatefulSetController(ControlPlane cp) {
    super(cp);
  }

  @Override
  Duration sync(ObjectNode sts) {
    ControllerRevisions.Current update =
        ControllerRevisions.sync(cp, cp.statefulSets, sts, ControllerRevisions.Flavor.STATEFUL_SET);
    String name = Json.text(sts, "metadata", "name");
    TreeMap<Integer, ObjectNode> pods = new TreeMap<>();
    for (ObjectNode p : cp.owned(cp.pods, sts)) {
      int ordinal = ordinal(name, Json.text(p, "metadata", "name"));
      if (ordinal >= 0) {
        pods.put(ordinal, p);
      }
    }
    boolean ordered = !"Parallel".equals(Json.text(sts, "spec", "podManagementPolicy"));
    int replicas = ControlPlane.replicas(sts);
    boolean waiting = false;
    for (int i = 0; i < replicas && !waiting; i++) {
      ObjectNode p = pods.get(i);
      if (p != null && !Pods.active(p) && !ControlPlane.deleting(p)) {
        cp.delete(cp.pods, p); // a failed or finished Pod is replaced
        pods.remove(i);
        p = null;
      }
      if (p == null) {
        pods.put(i, createPod(sts, i, update.name()));
        waiting = ordered;
      } else if (ordered && !(running(p) && Pods.ready(p))) {
        waiting = true;
      }
    }
    if (!waiting) {
      for (Integer i : new ArrayList<>(pods.descendingMap().keySet())) {
        if (i >= replicas) {
          cp.delete(cp.pods, pods.remove(i));
          waiting = ordered;
          if (ordered) {
            break;
          }
        }
      }
    }
    if (!waiting && "RollingUpdate".equals(updateStrategy(sts))) {
      int partition =
          sts.path("spec").path("updateStrategy").path("rollingUpdate").path("partition").asInt(0);
      for (int i = replicas - 1; i >= partition; i--) {
        ObjectNode p = pods.get(i);
        if (p == null) {
          continue;
        }
        if (!update.name().equals(Json.text(p, "metadata", "labels", REVISION_LABEL))) {
          cp.delete(cp.pods, pods.remove(i));
          break;
        }
        if (!Pods.ready(p)) {
          break;
        }
      }
    }
    Duration[] wait = {null};
    cp.writeStatus(
        cp.statefulSets,
        sts,
        status(sts, pods.values(), update, wait),
        ControlPlane.CONTROLLER_MANAGER);
    return wait[0];
  }

  private static String updateStrategy(JsonNode sts) {
    return sts.path("spec").path("updateStrategy").path("type").asText("RollingUpdate");
  }

  private static boolean running(JsonNode pod) {
    return pod.path("status").path("phase").asText("").equals("Running");
  }

  static int ordinal(String set, String pod) {
    if (pod == null || !pod.startsWith(set + "-")) {
      return -1;
    }
    try {
      return Integer.parseInt(pod.substring(set.length() + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private ObjectNode createPod(ObjectNode sts, int ordinal, String revision) {
    String set = Json.text(sts, "metadata", "name");
    String ns = Json.text(sts, "metadata", "namespace");
    String podName = set + "-" + ordinal;
    JsonNode template = sts.path("spec").path("template");
    ObjectNode pod = Pods.fromTemplate(template, cp.statefulSets, sts, cp.pods, podName, null);
    ObjectNode labels = Json.child(Json.meta(pod), "labels");
    labels.put("apps.kubernetes.io/pod-index", Integer.toString(ordinal));
    labels.put(REVISION_LABEL, revision);
    labels.put("statefulset.kubernetes.io/pod-name", podName);
    ObjectNode spec = (ObjectNode) pod.get("spec");
    spec.put("hostname", podName);
    String service = Json.text(sts, "spec", "serviceName");
    if (service != null && !service.isEmpty()) {
      spec.put("subdomain", service);
    }
    for (JsonNode claimTemplate : sts.path("spec").path("volumeClaimTemplates")) {
      String volume = Json.text(claimTemplate, "metadata", "name");
      String claim = volume + "-" + podName;
      ensureClaim(sts, claimTemplate, ns, claim);
      ArrayNode volumes =
          spec.has("volumes") ? (ArrayNode) spec.get("volumes") : spec.putArray("volumes");
      for (int i = volumes.size() - 1; i >= 0; i--) {
        if (volume.equals(Json.text(volumes.get(i), "name"))) {
          volumes.remove(i);
        }
      }
      ObjectNode v = volumes.addObject();
      v.put("name", volume);
      v.putObject("persistentVolumeClaim").put("claimName", claim);
    }
    return cp.create(cp.pods, ns, pod);
  }

  private void ensureClaim(ObjectNode sts, JsonNode template, String ns, String name) {
    if (cp.core.store.contains(cp.claims.storageKey(), ns, name)) {
      return;
    }
    ObjectNode pvc = Json.object();
    pvc.put("apiVersion", cp.claims.apiVersion());
    pvc.put("kind", cp.claims.kind());
    ObjectNode meta = pvc.putObject("metadata");
    meta.put("name", name);
    ObjectNode labels = Json.object();
    template
        .path("metadata")
        .path("labels")
        .fields()
        .forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
    sts.path("spec")
        .path("selector")
        .path("matchLabels")
        .fields()
        .forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
    if (!labels.isEmpty()) {
      meta.set("labels", labels);
    }
    if ("Delete"
        .equals(Json.text(sts, "spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"))) {
      ObjectNode ref = Owners.controllerRef(cp.statefulSets, sts);
      meta.putArray("ownerReferences").add(ref);
    }
    pvc.set("spec", template.path("spec").deepCopy());
    cp.create(cp.claims, ns, pvc);
  }

  private static ObjectNode status(
      ObjectNode sts,
      Iterable<ObjectNode> pods,
      ControllerRevisions.Current update,
      Duration[] wait) {
    JsonNode old = sts.path("status");
    String currentRevision = old.path("currentRevision").asText(update.name());
    List<ObjectNode> active = new ArrayList<>();
    for (ObjectNode p : pods) {
      if (Pods.active(p)) {
        active.add(p);
      }
    }
    ReadyCounts counts = ReadyCounts.of(sts, active, wait);
    int count = active.size();
    int ready = counts.ready();
    int current = 0;
    int updated = 0;
    for (ObjectNode p : active) {
      String rev = Json.text(p, "metadata", "labels", REVISION_LABEL);
      current += currentRevision.equals(rev) ? 1 : 0;
      updated += update.name().equals(rev) ? 1 : 0;
    }
    if (updated == count && ready == count && count == ControlPlane.replicas(sts)) {
      currentRevision = update.name();
      current = updated;
    }
    ObjectNode s = Json.object();
    s.put("observedGeneration", ControlPlane.generation(sts));
    s.put("replicas", count);
    ReplicaSetController.putIfPositive(s, "readyReplicas", ready);
    ReplicaSetController.putIfPositive(s, "currentReplicas", current);
    ReplicaSetController.putIfPositive(s, "updatedReplicas", updated);
    s.put("currentRevision", currentRevision);
    s.put("updateRevision", update.name());
    s.put("collisionCount", old.path("collisionCount").asInt(0));
    s.put("availableReplicas", counts.available());
    return s;
  }
}
