package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.admission.WriteOpts;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.ApiCore;
import io.flotilla.kube.core.DeleteOpts;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the simulated controllers share: the API they write through (as {@code
 * kube-controller-manager}, {@code kubelet}, ...), the index of who owns what, and the node they
 * schedule onto. Every write goes through {@link ApiCore} like a client's, with the resourceVersion
 * that was read, so a concurrent change answers 409 and the loop runs again.
 */
public final class ControlPlane {
  public static final String CONTROLLER_MANAGER = "kube-controller-manager";

  public final ApiCore core;
  public final Owners owners;
  final ResourceType deployments;
  final ResourceType replicaSets;
  final ResourceType statefulSets;
  public final ResourceType daemonSets;
  final ResourceType controllerRevisions;
  final ResourceType jobs;
  final ResourceType cronJobs;
  public final ResourceType pods;
  public final ResourceType claims;
  public final ResourceType nodes;

  public ControlPlane(ApiCore core) {
    this.core = core;
    deployments = core.registry.find("apps", "v1", "deployments");
    replicaSets = core.registry.find("apps", "v1", "replicasets");
    statefulSets = core.registry.find("apps", "v1", "statefulsets");
    daemonSets = core.registry.find("apps", "v1", "daemonsets");
    controllerRevisions = core.registry.find("apps", "v1", "controllerrevisions");
    jobs = core.registry.find("batch", "v1", "jobs");
    cronJobs = core.registry.find("batch", "v1", "cronjobs");
    pods = core.registry.find("", "v1", "pods");
    claims = core.registry.find("", "v1", "persistentvolumeclaims");
    nodes = core.registry.find("", "v1", "nodes");
    owners =
        new Owners(
            core.store,
            Set.of(
                replicaSets.storageKey(),
                pods.storageKey(),
                controllerRevisions.storageKey(),
                jobs.storageKey()));
  }

  /** What {@code owner} controls in the bucket of {@code t}, oldest first. */
  List<ObjectNode> owned(ResourceType t, JsonNode owner) {
    return owners.owned(t.storageKey(), owner);
  }

  ObjectNode create(ResourceType t, String ns, ObjectNode body) {
    return core.create(t, ns, body, WriteOpts.internal(CONTROLLER_MANAGER));
  }

  /** Writes {@code changed} (read from the store, then modified) back, not its status. */
  public ObjectNode update(ResourceType t, ObjectNode changed, String manager) {
    return core.update(
        t,
        Json.text(changed, "metadata", "namespace"),
        Json.text(changed, "metadata", "name"),
        changed,
        false,
        WriteOpts.internal(manager));
  }

  /** Writes {@code status} through the status subresource unless it is what {@code obj} has. */
  public ObjectNode writeStatus(ResourceType t, ObjectNode obj, JsonNode status, String manager) {
    if (status == null || status.equals(obj.get("status"))) {
      return obj;
    }
    ObjectNode n = obj.deepCopy();
    n.set("status", status);
    return core.update(
        t,
        Json.text(obj, "metadata", "namespace"),
        Json.text(obj, "metadata", "name"),
        n,
        true,
        WriteOpts.internal(manager));
  }

  /** Deletes {@code obj} (this very one, by uid) in the background; gone already is fine. */
  void delete(ResourceType t, JsonNode obj) {
    delete(t, obj, "Background");
  }

  /** Deletes {@code obj} (this very one, by uid) with {@code propagation}; gone is fine. */
  void delete(ResourceType t, JsonNode obj, String propagation) {
    try {
      core.delete(
          t,
          Json.text(obj, "metadata", "namespace"),
          Json.text(obj, "metadata", "name"),
          new DeleteOpts(false, propagation, Json.text(obj, "metadata", "uid"), null));
    } catch (ApiException e) {
      if (e.code != 404) {
        throw e;
      }
    }
  }

  /** The nodes, by name. */
  public List<ObjectNode> nodes() {
    return core.store.list(nodes.storageKey(), null);
  }

  public static boolean deleting(JsonNode obj) {
    return Json.at(obj, "metadata", "deletionTimestamp") != null;
  }

  static int replicas(JsonNode obj) {
    return obj.path("spec").path("replicas").asInt(1);
  }

  static long generation(JsonNode obj) {
    return obj.path("metadata").path("generation").asLong(1);
  }

  /** Copies the named fields of {@code from}'s metadata that are set into {@code meta}. */
  static void copyMetadata(JsonNode from, ObjectNode meta, List<String> fields) {
    for (String f : fields) {
      JsonNode v = from.path("metadata").get(f);
      if (v != null && !v.isNull() && !v.isEmpty()) {
        meta.set(f, v.deepCopy());
      }
    }
  }

  /** {@code template}'s labels plus {@code key}, sorted by key as Go writes a map. */
  static ObjectNode labelsWith(JsonNode template, String key, String value) {
    TreeMap<String, JsonNode> labels = new TreeMap<>();
    template
        .path("metadata")
        .path("labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue()));
    labels.put(key, Json.F.textNode(value));
    ObjectNode out = Json.object();
    labels.forEach(out::set);
    return out;
  }
}
