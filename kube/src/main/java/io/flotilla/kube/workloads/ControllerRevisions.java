package io.flotilla.kube.workloads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The ControllerRevisions a StatefulSet or DaemonSet keeps of its pod templates ({@code
 * controller/history}): one per distinct template, named {@code <owner>-<hash>}, holding the patch
 * {@code {"spec":{"template":{...,"$patch":"replace"}}}} and a revision number; the current one
 * always has the highest number, and those beyond {@code revisionHistoryLimit} go. {@code kubectl
 * rollout history} reads them.
 */
final class ControllerRevisions {
  /** What a workload keeps in its revisions' labels, and how its hash is made. */
  enum Flavor {
    /** {@code controller.kubernetes.io/hash}, FNV-32 over the revision's data. */
    STATEFUL_SET,
    /** {@code controller-revision-hash}, the pod-template-hash of the template. */
    DAEMON_SET
  }

  /** The revision a workload's Pods should be at: its name and its hash. */
  record Current(String name, String hash, long revision) {}

  private ControllerRevisions() {}

  /** Makes sure the revision of the owner's current template exists and is the newest. */
  static Current sync(ControlPlane cp, ResourceType ownerType, ObjectNode owner, Flavor flavor) {
    JsonNode template = owner.path("spec").path("template");
    ObjectNode data = patch(template);
    JsonNode collision = owner.path("status").get("collisionCount");
    Integer probe = collision == null || collision.asInt() == 0 ? null : collision.asInt();
    String hash =
        flavor == Flavor.STATEFUL_SET
            ? PodTemplateHash.revision(Json.bytes(data), probe)
            : PodTemplateHash.compute(template, probe);
    String name = Json.text(owner, "metadata", "name") + "-" + hash;
    List<ObjectNode> revisions = new ArrayList<>(cp.owned(cp.controllerRevisions, owner));
    revisions.sort(Comparator.comparingLong(r -> r.path("revision").asLong(0)));
    long max =
        revisions.isEmpty() ? 0 : revisions.get(revisions.size() - 1).path("revision").asLong(0);
    ObjectNode mine = null;
    for (ObjectNode r : revisions) {
      if (name.equals(Json.text(r, "metadata", "name"))) {
        mine = r;
      }
    }
    long revision;
    if (mine == null) {
      revision = max + 1;
      ObjectNode cr = Json.object();
      cr.put("apiVersion", cp.controllerRevisions.apiVersion());
      cr.put("kind", cp.controllerRevisions.kind());
      ObjectNode meta = cr.putObject("metadata");
      meta.put("name", name);
      String label =
          flavor == Flavor.STATEFUL_SET
              ? "controller.kubernetes.io/hash"
              : "controller-revision-hash";
      meta.set("labels", ControlPlane.labelsWith(template, label, hash));
      ControlPlane.copyMetadata(owner, meta, List.of("annotations"));
      if (meta.path("annotations") instanceof ObjectNode a) {
        a.remove("kubectl.kubernetes.io/last-applied-configuration");
        if (a.isEmpty()) {
          meta.remove("annotations");
        }
      }
      meta.putArray("ownerReferences").add(Owners.controllerRef(ownerType, owner));
      cr.set("data", data);
      cr.put("revision", revision);
      cp.create(cp.controllerRevisions, Json.text(owner, "metadata", "namespace"), cr);
      revisions.add(cr);
    } else if (mine.path("revision").asLong(0) < max) {
      // back to an earlier template: that revision becomes the newest again
      revision = max + 1;
      ObjectNode n = mine.deepCopy();
      n.put("revision", revision);
      cp.update(cp.controllerRevisions, n, ControlPlane.CONTROLLER_MANAGER);
    } else {
      revision = mine.path("revision").asLong(0);
    }
    truncate(cp, owner, revisions, name);
    return new Current(name, hash, revision);
  }

  /** Deletes the oldest revisions beyond revisionHistoryLimit (default 10), never the current. */
  private static void truncate(
      ControlPlane cp, ObjectNode owner, List<ObjectNode> revisions, String current) {
    int limit = owner.path("spec").path("revisionHistoryLimit").asInt(10);
    int surplus = revisions.size() - 1 - limit;
    for (ObjectNode r : revisions) {
      if (surplus <= 0) {
        return;
      }
      if (!current.equals(Json.text(r, "metadata", "name")) && r.path("metadata").has("uid")) {
        cp.delete(cp.controllerRevisions, r);
        surplus--;
      }
    }
  }

  /** {@code getPatch}: the template under {@code spec}, keys sorted as Go writes maps. */
  private static ObjectNode patch(JsonNode template) {
    ObjectNode t = (ObjectNode) sorted(template.isObject() ? template : Json.object());
    t.put("$patch", "replace");
    ObjectNode data = Json.object();
    data.putObject("spec").set("template", sorted(t));
    return data;
  }

  private static JsonNode sorted(JsonNode n) {
    if (n instanceof ObjectNode o) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      o.fields().forEachRemaining(e -> fields.put(e.getKey(), sorted(e.getValue())));
      ObjectNode out = Json.object();
      fields.forEach(out::set);
      return out;
    }
    if (n instanceof ArrayNode a) {
      ArrayNode out = Json.array();
      a.forEach(x -> out.add(sorted(x)));
      return out;
    }
    return n;
  }
}
