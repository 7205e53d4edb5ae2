package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * kube-controller-manager's Deployment controller: a ReplicaSet {@code <deployment>-<hash>} per pod
 * template, rolled out as the strategy says (RollingUpdate within maxSurge/maxUnavailable, or
 * Recreate), revisions in {@code deployment.kubernetes.io/revision}, old ReplicaSets kept up to
 * {@code revisionHistoryLimit}, and the status with the Available and Progressing conditions
 * (reasons and messages as in {@code pkg/controller/deployment}). Proportional scaling of several
 * active ReplicaSets in the middle of a rollout is left to the rolling update.
 */
public final class DeploymentController extends WorkloadLoop {
  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
  static final String DESIRED = "deployment.kubernetes.io/desired-replicas";
  static final String MAX = "deployment.kubernetes.io/max-replicas";
  private static final Set<String> NOT_COPIED =
      Set.of(
          "kubectl.kubernetes.io/last-applied-configuration",
          REVISION,
          REVISION_HISTORY,
          DESIRED,
          MAX,
          "deprecated.deployment.rollback.to");

  public DeploymentController(ControlPlane cp) {
    super(cp);
  }

  @Override
  Duration sync(ObjectNode d) {
    JsonNode template = d.path("spec").path("template");
    ObjectNode newRs = null;
    List<ObjectNode> old = new ArrayList<>();
    for (ObjectNode rs : cp.owned(cp.replicaSets, d)) {
      if (newRs == null
          && PodTemplateHash.equalIgnoreHash(rs.path("spec").path("template"), template)) {
        newRs = rs;
      } else {
        old.add(rs);
      }
    }
    ArrayNode conditions = conditions(d);
    boolean paused = d.path("spec").path("paused").asBoolean(false);
    boolean recreate = Rollouts.recreate(d);
    long newRevision = Rollouts.maxRevision(old) + 1;
    boolean createNow = !paused && (!recreate || !Rollouts.oldPodsRunning(old));
    if (newRs != null) {
      newRs = syncRevision(d, newRs, newRevision);
    } else if (createNow) {
      newRs = createNewReplicaSet(d, old, newRevision, conditions);
      if (newRs == null) {
        return Duration.ofMillis(50); // hash collision: collisionCount was bumped
      }
    }
    if (newRs != null) {
      d = syncDeploymentRevision(d, Json.text(newRs, "metadata", "annotations", REVISION));
    }
    if (paused) {
      ObjectNode only = activeOrLatest(newRs, old);
      if (only != null) {
        scale(d, only, ControlPlane.replicas(d));
      }
    } else if (recreate) {
      recreate(d, newRs, old);
    } else if (!rollNew(d, newRs, old)) {
      rollOld(d, newRs, old);
    }
    if (!paused && complete(d, d.path("status"))) {
      cleanup(d, old);
    }
    return writeStatus(d, newRs, conditions);
  }

  // ------------------------------------------------------------------ revisions

  private ObjectNode createNewReplicaSet(
      ObjectNode d, List<ObjectNode> old, long revision, ArrayNode conditions) {
    JsonNode collision = d.path("status").get("collisionCount");
    String hash =
        PodTemplateHash.compute(
            d.path("spec").path("template"), collision == null ? null : collision.asInt());
    String name = Json.text(d, "metadata", "name") + "-" + hash;
    String ns = Json.text(d, "metadata", "namespace");
    ObjectNode template = d.path("spec").path("template").deepCopy();
    ObjectNode templateLabels = ControlPlane.labelsWith(template, PodTemplateHash.LABEL, hash);
    Json.child(template, "metadata").set("labels", templateLabels);

    ObjectNode rs = Json.object();
    rs.put("apiVersion", cp.replicaSets.apiVersion());
    rs.put("kind", cp.replicaSets.kind());
    ObjectNode meta = rs.putObject("metadata");
    meta.put("name", name);
    meta.put("namespace", ns);
    meta.set("labels", templateLabels.deepCopy());
    Map<String, String> annotations = copiedAnnotations(d);
    annotations.put(REVISION, Long.toString(revision));
    int replicas = ControlPlane.replicas(d);
    annotations.put(DESIRED, Integer.toString(replicas));
    annotations.put(MAX, Integer.toString(replicas + Rollouts.maxSurge(d)));
    meta.set("annotations", Json.MAPPER.valueToTree(annotations));
    meta.putArray("ownerReferences").add(Owners.controllerRef(cp.deployments, d));
    ObjectNode spec = rs.putObject("spec");
    spec.put("replicas", newReplicaSetReplicas(d, old));
    int minReady = d.path("spec").path("minReadySeconds").asInt(0);
    if (minReady > 0) {
      spec.put("minReadySeconds", minReady);
    }
    ObjectNode selector = d.path("spec").path("selector").deepCopy();
    Json.child(selector, "matchLabels").put(PodTemplateHash.LABEL, hash);
    spec.set("selector", selector);
    spec.set("template", template);
    ObjectNode created;
    try {
      created = cp.create(cp.replicaSets, ns, rs);
    } catch (ApiException e) {
      if (!"AlreadyExists".equals(e.reason)) {
        throw e;
      }
      ObjectNode existing = cp.core.store.get(cp.replicaSets.storageKey(), ns, name);
      Owners.ControllerRef ref = existing == null ? null : Owners.controllerOf(existing);
      if (ref != null
          && ref.uid().equals(Json.text(d, "metadata", "uid"))
          && PodTemplateHash.equalIgnoreHash(
              existing.path("spec").path("template"), d.path("spec").path("template"))) {
        return existing;
      }
      ObjectNode status = d.path("status").deepCopy();
      status.put("collisionCount", collision == null ? 1 : collision.asInt() + 1);
      cp.writeStatus(cp.deployments, d, status, ControlPlane.CONTROLLER_MANAGER);
      return null;
    }
    if (d.path("spec").has("progressDeadlineSeconds")) {
      DeploymentConditions.set(
          conditions,
          DeploymentConditions.condition(
              "Progressing",
              "True",
              "NewReplicaSetCreated",
              "Created new replica set \"" + name + "\""));
    }
    return created;
  }

  private static Map<String, String> copiedAnnotations(JsonNode d) {
    Map<String, String> out = new TreeMap<>();
    d.path("metadata")
        .path("annotations")
        .fields()
        .forEachRemaining(
            e -> {
              if (!NOT_COPIED.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue().asText());
              }
            });
    return out;
  }

  /**
   * {@code SetNewReplicaSetAnnotations} for a ReplicaSet that exists: the Deployment's annotations
   * copied over, the revision raised to the newest (keeping the old one in revision-history, as a
   * rollback does), and minReadySeconds carried over.
   */
  private ObjectNode syncRevision(ObjectNode d, ObjectNode rs, long newRevision) {
    ObjectNode n = rs.deepCopy();
    Map<String, String> annotations = new TreeMap<>();
    rs.path("metadata")
        .path("annotations")
        .fields()
        .forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
    annotations.putAll(copiedAnnotations(d));
    String oldRevision = annotations.get(REVISION);
    if (Rollouts.revision(rs) < newRevision) {
      annotations.put(REVISION, Long.toString(newRevision));
      if (oldRevision != null) {
        String history = annotations.get(REVISION_HISTORY);
        annotations.put(
            REVISION_HISTORY,
            history == null || history.isEmpty() ? oldRevision : history + "," + oldRevision);
      }
    }
    JsonNode before = rs.path("metadata").path("annotations");
    if (!annotations.equals(
        Json.MAPPER.convertValue(before.isObject() ? before : Json.object(), Map.class))) {
      Json.meta(n).set("annotations", Json.MAPPER.valueToTree(annotations));
    }
    int minReady = d.path("spec").path("minReadySeconds").asInt(0);
    if (minReady != n.path("spec").path("minReadySeconds").asInt(0)) {
      Json.child(n, "spec").put("minReadySeconds", minReady);
    }
    return n.equals(rs) ? rs : cp.update(cp.replicaSets, n, ControlPlane.CONTROLLER_MANAGER);
  }

  private ObjectNode syncDeploymentRevision(ObjectNode d, String revision) {
    if (revision == null || revision.equals(Json.text(d, "metadata", "annotations", REVISION))) {
      return d;
    }
    ObjectNode n = d.deepCopy();
    Json.child(Json.meta(n), "annotations").put(REVISION, revision);
    return cp.update(cp.deployments, n, ControlPlane.CONTROLLER_MANAGER);
  }

  // ------------------------------------------------------------------ rollout

  /** {@code NewRSNewReplicas}: how many replicas a new ReplicaSet starts with. */
  private int newReplicaSetReplicas(ObjectNode d, List<ObjectNode> old) {
    int replicas = ControlPlane.replicas(d);
    if (Rollouts.recreate(d)) {
      return replicas;
    }
    int current = Rollouts.sumReplicas(old);
    int maxTotal = replicas + Rollouts.maxSurge(d);
    return current >= maxTotal ? 0 : Math.min(maxTotal - current, replicas);
  }

  /** {@code reconcileNewReplicaSet}: true when it scaled. */
  private boolean rollNew(ObjectNode d, ObjectNode newRs, List<ObjectNode> old) {
    int replicas = ControlPlane.replicas(d);
    int current = Rollouts.rsReplicas(newRs);
    if (current == replicas) {
      return false;
    }
    int target;
    if (current > replicas) {
      target = replicas;
    } else {
      int all = Rollouts.sumReplicas(old) + current;
      int maxTotal = replicas + Rollouts.maxSurge(d);
      target = all >= maxTotal ? current : current + Math.min(maxTotal - all, replicas - current);
    }
    if (target == current) {
      return false;
    }
    scale(d, newRs, target);
    return true;
  }

  /**
   * {@code reconcileOldReplicaSets}: scales old ReplicaSets down as far as maxUnavailable allows,
   * their unavailable Pods first.
   */
  private void rollOld(ObjectNode d, ObjectNode newRs, List<ObjectNode> old) {
    if (Rollouts.sumReplicas(old) == 0) {
      return;
    }
    int replicas = ControlPlane.replicas(d);
    int minAvailable = replicas - Rollouts.maxUnavailable(d);
    int newUnavailable =
        Rollouts.rsReplicas(newRs) - newRs.path("status").path("availableReplicas").asInt(0);
    int maxScaledDown =
        Rollouts.sumReplicas(old) + Rollouts.rsReplicas(newRs) - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) {
      return;
    }
    List<ObjectNode> current = new ArrayList<>();
    int cleaned = 0;
    for (ObjectNode rs : old) {
      int spec = Rollouts.rsReplicas(rs);
      int available = rs.path("status").path("availableReplicas").asInt(0);
      if (cleaned < maxScaledDown && spec > available) {
        int down = Math.min(maxScaledDown - cleaned, spec - available);
        rs = scale(d, rs, spec - down);
        cleaned += down;
      }
      current.add(rs);
    }
    int availableAll =
        Rollouts.sumStatus(current, "availableReplicas")
            + newRs.path("status").path("availableReplicas").asInt(0);
    int total = availableAll - minAvailable;
    for (ObjectNode rs : current) {
      if (total <= 0) {
        break;
      }
      int spec = Rollouts.rsReplicas(rs);
      if (spec == 0) {
        continue;
      }
      int down = Math.min(spec, total);
      scale(d, rs, spec - down);
      total -= down;
    }
  }

  /**
   * {@code rolloutRecreate}: old ReplicaSets to zero, and the new one up once their Pods are gone.
   */
  private void recreate(ObjectNode d, ObjectNode newRs, List<ObjectNode> old) {
    boolean scaledDown = false;
    for (ObjectNode rs : old) {
      if (Rollouts.rsReplicas(rs) > 0) {
        scale(d, rs, 0);
        scaledDown = true;
      }
    }
    if (!scaledDown && !Rollouts.oldPodsRunning(old) && newRs != null) {
      scale(d, newRs, ControlPlane.replicas(d));
    }
  }

  /**
   * {@code FindActiveOrLatest}: the one ReplicaSet with replicas, or the newest when none has any;
   * null when several have (proportional scaling, not done here).
   */
  private static ObjectNode activeOrLatest(ObjectNode newRs, List<ObjectNode> old) {
    List<ObjectNode> all = new ArrayList<>(old);
    if (newRs != null) {
      all.add(newRs);
    }
    List<ObjectNode> active = all.stream().filter(rs -> Rollouts.rsReplicas(rs) > 0).toList();
    if (active.size() == 1) {
      return active.get(0);
    }
    if (!active.isEmpty() || all.isEmpty()) {
      return null;
    }
    return newRs != null ? newRs : all.get(all.size() - 1);
  }

  /** {@code scaleReplicaSet}: the size and the desired/max replica annotations. */
  private ObjectNode scale(ObjectNode d, ObjectNode rs, int replicas) {
    ObjectNode n = rs.deepCopy();
    Json.child(n, "spec").put("replicas", replicas);
    ObjectNode annotations = Json.child(Json.meta(n), "annotations");
    int desired = ControlPlane.replicas(d);
    annotations.put(DESIRED, Integer.toString(desired));
    annotations.put(MAX, Integer.toString(desired + Rollouts.maxSurge(d)));
    return n.equals(rs) ? rs : cp.update(cp.replicaSets, n, ControlPlane.CONTROLLER_MANAGER);
  }

  /** {@code cleanupDeployment}: deletes the oldest idle ReplicaSets beyond revisionHistoryLimit. */
  private void cleanup(ObjectNode d, List<ObjectNode> old) {
    JsonNode limit = d.path("spec").get("revisionHistoryLimit");
    if (limit == null || !limit.isNumber()) {
      return;
    }
    List<ObjectNode> idle = new ArrayList<>();
    for (ObjectNode rs : old) {
      if (Rollouts.rsReplicas(rs) == 0
          && ControlPlane.generation(rs) <= rs.path("status").path("observedGeneration").asLong(0)
          && !ControlPlane.deleting(rs)) {
        idle.add(rs);
      }
    }
    int surplus = idle.size() - limit.asInt();
    idle.sort(Comparator.comparingLong(Rollouts::revision));
    for (int i = 0; i < surplus; i++) {
      if (idle.get(i).path("status").path("replicas").asInt(0) == 0) {
        cp.delete(cp.replicaSets, idle.get(i));
      }
    }
  }

  // ------------------------------------------------------------------ status

  /** {@code syncRolloutStatus}; returns when the progress deadline falls, if it can. */
  private Duration writeStatus(ObjectNode d, ObjectNode newRs, ArrayNode conditions) {
    ObjectNode current =
        cp.core.store.get(
            cp.deployments.storageKey(),
            Json.text(d, "metadata", "namespace"),
            Json.text(d, "metadata", "name"));
    if (current == null || ControlPlane.deleting(current)) {
      return null;
    }
    List<ObjectNode> all = cp.owned(cp.replicaSets, current);
    ObjectNode newest = null;
    for (ObjectNode rs : all) {
      if (newRs != null
          && Json.text(rs, "metadata", "uid").equals(Json.text(newRs, "metadata", "uid"))) {
        newest = rs;
      }
    }
    ObjectNode s = Json.object();
    s.put("observedGeneration", ControlPlane.generation(current));
    int available = Rollouts.sumStatus(all, "availableReplicas");
    ReplicaSetController.putIfPositive(s, "replicas", Rollouts.sumStatus(all, "replicas"));
    ReplicaSetController.putIfPositive(
        s, "updatedReplicas", newest == null ? 0 : newest.path("status").path("replicas").asInt(0));
    ReplicaSetController.putIfPositive(
        s, "readyReplicas", Rollouts.sumStatus(all, "readyReplicas"));
    ReplicaSetController.putIfPositive(s, "availableReplicas", available);
    ReplicaSetController.putIfPositive(
        s, "unavailableReplicas", Math.max(0, Rollouts.sumReplicas(all) - available));
    DeploymentConditions.available(
        conditions, available >= ControlPlane.replicas(current) - Rollouts.maxUnavailable(current));
    Duration requeue =
        DeploymentConditions.progressing(
            current, s, conditions, newest == null ? null : Json.text(newest, "metadata", "name"));
    if (!conditions.isEmpty()) {
      s.set("conditions", conditions);
    }
    JsonNode collisions = current.path("status").get("collisionCount");
    if (collisions != null) {
      s.set("collisionCount", collisions);
    }
    cp.writeStatus(cp.deployments, current, s, ControlPlane.CONTROLLER_MANAGER);
    return requeue;
  }

  /** {@code DeploymentComplete}. */
  static boolean complete(JsonNode d, JsonNode status) {
    int replicas = ControlPlane.replicas(d);
    return status.path("updatedReplicas").asInt(0) == replicas
        && status.path("replicas").asInt(0) == replicas
        && status.path("availableReplicas").asInt(0) == replicas
        && status.path("observedGeneration").asLong(0) >= ControlPlane.generation(d);
  }

  private static ArrayNode conditions(JsonNode d) {
    JsonNode c = d.path("status").path("conditions");
    return c instanceof ArrayNode a ? a.deepCopy() : Json.array();
  }
}
