package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * kube-controller-manager's ReplicaSet controller: keeps {@code spec.replicas} Pods {@code <rs>-<5
 * random characters>} made from the template and reports how many are ready and available. Pods are
 * found by their controller reference (orphans matching the selector are not adopted).
 */
public final class ReplicaSetController extends WorkloadLoop {

  public ReplicaSetController(ControlPlane cp) {
    super(cp);
  }

  @Override
  Duration sync(ObjectNode rs) {
    List<ObjectNode> pods = new ArrayList<>();
    for (ObjectNode p : cp.owned(cp.pods, rs)) {
      if (Pods.active(p)) {
        pods.add(p);
      }
    }
    int want = ControlPlane.replicas(rs);
    if (pods.size() < want) {
      String ns = Json.text(rs, "metadata", "namespace");
      JsonNode template = rs.path("spec").path("template");
      String prefix = Json.text(rs, "metadata", "name") + "-";
      for (int i = pods.size(); i < want; i++) {
        pods.add(
            cp.create(
                cp.pods,
                ns,
                Pods.fromTemplate(template, cp.replicaSets, rs, cp.pods, null, prefix)));
      }
    } else if (pods.size() > want) {
      pods.sort(Pods.DELETE_FIRST);
      while (pods.size() > want) {
        cp.delete(cp.pods, pods.remove(0));
      }
    }
    Duration[] wait = {null};
    cp.writeStatus(cp.replicaSets, rs, status(rs, pods, wait), ControlPlane.CONTROLLER_MANAGER);
    return wait[0];
  }

  /** {@code calculateStatus}: counts over the Pods it has now. */
  private static ObjectNode status(ObjectNode rs, List<ObjectNode> pods, Duration[] wait) {
    JsonNode templateLabels = rs.path("spec").path("template").path("metadata").path("labels");
    int labelled = 0;
    for (JsonNode p : pods) {
      if (labelsInclude(p.path("metadata").path("labels"), templateLabels)) {
        labelled++;
      }
    }
    ReadyCounts counts = ReadyCounts.of(rs, pods, wait);
    ObjectNode s = Json.object();
    s.put("replicas", pods.size());
    putIfPositive(s, "fullyLabeledReplicas", labelled);
    putIfPositive(s, "readyReplicas", counts.ready());
    putIfPositive(s, "availableReplicas", counts.available());
    s.put("observedGeneration", ControlPlane.generation(rs));
    return s;
  }

  private static boolean labelsInclude(JsonNode labels, JsonNode wanted) {
    for (var it = wanted.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code omitempty} on an int32: zero is left out. */
  static void putIfPositive(ObjectNode s, String field, long value) {
    if (value != 0) {
      s.put(field, value);
    }
  }
}
