package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kube-controller-manager's DaemonSet controller: one Pod {@code <ds>-<5 random characters>} per
 * Node, pinned to it by node affinity and tolerating the node conditions a DaemonSet Pod tolerates;
 * a new template replaces the Pods one node at a time (RollingUpdate) or when they are deleted
 * (OnDelete); revisions as ControllerRevisions. Node selectors, affinity and taints do not narrow
 * the nodes.
 */
public final class DaemonSetController extends WorkloadLoop {
  private static final List<String[]> TOLERATIONS =
      List.of(
          new String[] {"node.kubernetes.io/not-ready", "NoExecute"},
          new String[] {"node.kubernetes.io/unreachable", "NoExecute"},
          new String[] {"node.kubernetes.io/disk-pressure", "NoSchedule"},
          new String[] {"node.kubernetes.io/memory-pressure", "NoSchedule"},
          new String[] {"node.kubernetes.io/pid-pressure", "NoSchedule"},
          new String[] {"node.kubernetes.io/unschedulable", "NoSchedule"});

  public DaemonSetController(ControlPlane cp) {
    super(cp);
  }

  @Override
  Duration sync(ObjectNode ds) {
    ControllerRevisions.Current current =
        ControllerRevisions.sync(cp, cp.daemonSets, ds, ControllerRevisions.Flavor.DAEMON_SET);
    Map<String, List<ObjectNode>> byNode = new LinkedHashMap<>();
    Set<String> nodes = new HashSet<>();
    for (ObjectNode n : cp.nodes()) {
      String name = Json.text(n, "metadata", "name");
      nodes.add(name);
      byNode.put(name, new ArrayList<>());
    }
    List<ObjectNode> pods = new ArrayList<>();
    for (ObjectNode p : cp.owned(cp.pods, ds)) {
      if (!Pods.active(p)) {
        continue;
      }
      List<ObjectNode> on = byNode.get(nodeOf(p));
      if (on == null || on.size() > 0) {
        cp.delete(cp.pods, p); // its node is gone, or the node has one already
      } else {
        on.add(p);
        pods.add(p);
      }
    }
    for (Map.Entry<String, List<ObjectNode>> e : byNode.entrySet()) {
      if (e.getValue().isEmpty()) {
        ObjectNode p = createPod(ds, e.getKey(), current.hash());
        e.getValue().add(p);
        pods.add(p);
      }
    }
    if ("RollingUpdate"
        .equals(ds.path("spec").path("updateStrategy").path("type").asText("RollingUpdate"))) {
      boolean allReady = pods.stream().allMatch(Pods::ready);
      for (ObjectNode p : pods) {
        if (allReady
            && !current
                .hash()
                .equals(Json.text(p, "metadata", "labels", StatefulSetController.REVISION_LABEL))) {
          cp.delete(cp.pods, p); // recreated at the current revision on the next pass
          pods.remove(p);
          break;
        }
      }
    }
    Duration[] wait = {null};
    cp.writeStatus(
        cp.daemonSets,
        ds,
        status(ds, nodes.size(), pods, current, wait),
        ControlPlane.CONTROLLER_MANAGER);
    return wait[0];
  }

  /** The node a DaemonSet Pod is pinned to by its affinity, or null. */
  public static String targetNode(JsonNode pod) {
    for (JsonNode term :
        pod.path("spec")
            .path("affinity")
            .path("nodeAffinity")
            .path("requiredDuringSchedulingIgnoredDuringExecution")
            .path("nodeSelectorTerms")) {
      for (JsonNode f : term.path("matchFields")) {
        if ("metadata.name".equals(Json.text(f, "key"))
            && "In".equals(Json.text(f, "operator"))
            && f.path("values").size() == 1) {
          return f.path("values").get(0).asText();
        }
      }
    }
    return null;
  }

  private static String nodeOf(JsonNode pod) {
    String bound = pod.path("spec").path("nodeName").asText("");
    return bound.isEmpty() ? targetNode(pod) : bound;
  }

  private ObjectNode createPod(ObjectNode ds, String node, String hash) {
    JsonNode template = ds.path("spec").path("template");
    ObjectNode pod =
        Pods.fromTemplate(
            template, cp.daemonSets, ds, cp.pods, null, Json.text(ds, "metadata", "name") + "-");
    ObjectNode labels = Json.child(Json.meta(pod), "labels");
    labels.put(StatefulSetController.REVISION_LABEL, hash);
    labels.put("pod-template-generation", Long.toString(ControlPlane.generation(ds)));
    ObjectNode spec = (ObjectNode) pod.get("spec");
    ObjectNode required =
        Json.child(
            Json.child(Json.child(spec, "affinity"), "nodeAffinity"),
            "requiredDuringSchedulingIgnoredDuringExecution");
    ObjectNode field =
        required.putArray("nodeSelectorTerms").addObject().putArray("matchFields").addObject();
    field.put("key", "metadata.name");
    field.put("operator", "In");
    field.putArray("values").add(node);
    ArrayNode tolerations =
        spec.has("tolerations")
            ? (ArrayNode) spec.get("tolerations")
            : spec.putArray("tolerations");
    List<String[]> wanted = new ArrayList<>(TOLERATIONS);
    if (spec.path("hostNetwork").asBoolean(false)) {
      wanted.add(new String[] {"node.kubernetes.io/network-unavailable", "NoSchedule"});
    }
    for (String[] t : wanted) {
      boolean present = false;
      for (JsonNode have : tolerations) {
        present |= t[0].equals(Json.text(have, "key")) && t[1].equals(Json.text(have, "effect"));
      }
      if (!present) {
        tolerations.addObject().put("key", t[0]).put("operator", "Exists").put("effect", t[1]);
      }
    }
    return cp.create(cp.pods, Json.text(ds, "metadata", "namespace"), pod);
  }

  private static ObjectNode status(
      ObjectNode ds,
      int desired,
      List<ObjectNode> pods,
      ControllerRevisions.Current current,
      Duration[] wait) {
    ReadyCounts counts = ReadyCounts.of(ds, pods, wait);
    int updated = 0;
    for (ObjectNode p : pods) {
      updated +=
          current
                  .hash()
                  .equals(Json.text(p, "metadata", "labels", StatefulSetController.REVISION_LABEL))
              ? 1
              : 0;
    }
    ObjectNode s = Json.object();
    s.put("currentNumberScheduled", pods.size());
    s.put("numberMisscheduled", 0);
    s.put("desiredNumberScheduled", desired);
    s.put("numberReady", counts.ready());
    s.put("observedGeneration", ControlPlane.generation(ds));
    ReplicaSetController.putIfPositive(s, "updatedNumberScheduled", updated);
    ReplicaSetController.putIfPositive(s, "numberAvailable", counts.available());
    ReplicaSetController.putIfPositive(s, "numberUnavailable", desired - counts.available());
    return s;
  }
}
