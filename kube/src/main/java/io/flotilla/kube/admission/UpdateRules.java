package io.flotilla.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.FieldErrors;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rules of an update beyond those of a create: which fields of a kind are immutable once set
 * (Secrets and ConfigMaps marked immutable, Job and StatefulSet templates, Service cluster IPs, PVC
 * and PV specs, the mutable-only parts of a Pod), with kube-apiserver's wording.
 */
final class UpdateRules {
  private UpdateRules() {}

  /** Rules on the change from {@code old} to {@code n}: immutable fields by kind. */
  static List<ApiException.Cause> validateUpdate(ResourceType t, ObjectNode old, ObjectNode n) {
    List<ApiException.Cause> causes = new ArrayList<>();
    switch (t.storageKey()) {
      case "batch/jobs" -> job(old, n, causes);
      case "apps/deployments", "apps/replicasets", "apps/daemonsets" ->
          immutable(old, n, causes, "spec", "selector");
      case "apps/statefulsets" -> statefulSet(old, n, causes);
      case "/services" -> service(old, n, causes);
      case "/configmaps" -> immutableData(old, n, causes, "data", "binaryData");
      case "/secrets" -> {
        if (!Objects.equals(typeOf(old), typeOf(n))) {
          causes.add(FieldErrors.invalid("type", Json.F.textNode(typeOf(n)), KindRules.IMMUTABLE));
        }
        immutableData(old, n, causes, "data");
      }
      case "/persistentvolumeclaims" -> pvc(old, n, causes);
      case "/persistentvolumes" -> pv(old, n, causes);
      case "/pods" -> pod(old, n, causes);
      case "apiextensions.k8s.io/customresourcedefinitions" -> {
        if (!Objects.equals(Json.at(old, "spec", "group"), Json.at(n, "spec", "group"))) {
          causes.add(
              FieldErrors.invalid("spec.group", Json.at(n, "spec", "group"), KindRules.IMMUTABLE));
        }
        if (!Objects.equals(Json.at(old, "spec", "scope"), Json.at(n, "spec", "scope"))) {
          causes.add(
              FieldErrors.invalid("spec.scope", Json.at(n, "spec", "scope"), KindRules.IMMUTABLE));
        }
      }
      default -> {}
    }
    return causes;
  }

  private static String typeOf(JsonNode secret) {
    String type = Json.text(secret, "type");
    return type == null || type.isEmpty() ? "Opaque" : type;
  }

  private static void immutable(
      ObjectNode old, ObjectNode n, List<ApiException.Cause> causes, String... path) {
    JsonNode before = Json.at(old, path);
    JsonNode after = Json.at(n, path);
    if (!Objects.equals(before, after)) {
      String field = String.join(".", path);
      String rendered =
          path[path.length - 1].equals("selector")
              ? FieldErrors.labelSelector(after)
              : FieldErrors.go(after);
      causes.add(FieldErrors.invalidRendered(field, rendered, KindRules.IMMUTABLE));
    }
  }

  private static void job(ObjectNode old, ObjectNode n, List<ApiException.Cause> causes) {
    JsonNode spec = n.path("spec");
    boolean indexed = "Indexed".equals(Json.text(spec, "completionMode"));
    JsonNode oldCompletions = Json.at(old, "spec", "completions");
    JsonNode completions = Json.at(n, "spec", "completions");
    if (!Objects.equals(oldCompletions, completions)) {
      if (!indexed) {
        causes.add(FieldErrors.invalid("spec.completions", completions, KindRules.IMMUTABLE));
      } else if (completions != null && !completions.equals(Json.at(n, "spec", "parallelism"))) {
        causes.add(
            FieldErrors.invalid(
                "spec.completions",
                completions,
                "can only be modified in tandem with spec.parallelism"));
      }
    }
    immutable(old, n, causes, "spec", "selector");
    JsonNode oldTemplate = old.path("spec").path("template");
    JsonNode template = spec.path("template");
    // A suspended Job that never started may change where its pods land (scheduling directives).
    boolean suspended = old.path("spec").path("suspend").asBoolean(false);
    boolean notStarted = Json.at(old, "status", "startTime") == null;
    if (suspended && notStarted) {
      oldTemplate = withoutSchedulingDirectives(oldTemplate);
      template = withoutSchedulingDirectives(template);
    }
    if (!oldTemplate.equals(template)) {
      causes.add(
          FieldErrors.invalidRendered(
              "spec.template", "core.PodTemplateSpec{...}", KindRules.IMMUTABLE));
    }
    for (String f : List.of("completionMode", "podFailurePolicy", "backoffLimitPerIndex")) {
      immutable(old, n, causes, "spec", f);
    }
  }

  private static JsonNode withoutSchedulingDirectives(JsonNode template) {
    if (!(template instanceof ObjectNode t)) {
      return template;
    }
    ObjectNode c = t.deepCopy();
    if (c.get("metadata") instanceof ObjectNode m) {
      m.remove("labels");
      m.remove("annotations");
    }
    if (c.get("spec") instanceof ObjectNode s) {
      s.remove("nodeSelector");
      s.remove("tolerations");
      s.remove("schedulingGates");
      if (s.get("affinity") instanceof ObjectNode a) {
        a.remove("nodeAffinity");
        if (a.isEmpty()) {
          s.remove("affinity");
        }
      }
    }
    return c;
  }

  private static void statefulSet(ObjectNode old, ObjectNode n, List<ApiException.Cause> causes) {
    List<String> mutable =
        List.of(
            "replicas",
            "ordinals",
            "template",
            "updateStrategy",
            "persistentVolumeClaimRetentionPolicy",
            "minReadySeconds");
    if (!without(old.path("spec"), mutable).equals(without(n.path("spec"), mutable))) {
      causes.add(
          FieldErrors.forbidden(
              "spec",
              "updates to statefulset spec for fields other than 'replicas', 'ordinals',"
                  + " 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and"
                  + " 'minReadySeconds' are forbidden"));
    }
  }

  private static JsonNode without(JsonNode obj, List<String> fields) {
    if (!(obj instanceof ObjectNode o)) {
      return Json.object();
    }
    ObjectNode c = o.deepCopy();
    fields.forEach(c::remove);
    return c;
  }

  private static void service(ObjectNode old, ObjectNode n, List<ApiException.Cause> causes) {
    String oldType = old.path("spec").path("type").asText("ClusterIP");
    String type = n.path("spec").path("type").asText("ClusterIP");
    if (oldType.equals("ExternalName") || type.equals("ExternalName")) {
      return;
    }
    ObjectNode spec = Json.child(n, "spec");
    JsonNode oldIps = Json.at(old, "spec", "clusterIPs");
    JsonNode ips = spec.get("clusterIPs");
    String oldIp = Json.text(old, "spec", "clusterIP");
    String ip = Json.text(spec, "clusterIP");
    // As the strategy does: a changed clusterIP with clusterIPs left alone moves clusterIPs[0].
    if (ip != null
        && !ip.equals(oldIp)
        && Objects.equals(ips, oldIps)
        && ips instanceof ArrayNode arr
        && !arr.isEmpty()) {
      ArrayNode moved = arr.deepCopy();
      moved.set(0, Json.F.textNode(ip));
      spec.set("clusterIPs", moved);
      ips = moved;
    }
    List<String> before = Json.strings(oldIps);
    List<String> after = Json.strings(ips);
    boolean oldHeadless = before.size() == 1 && before.get(0).equals("None");
    boolean headless = after.size() == 1 && after.get(0).equals("None");
    if (oldHeadless && headless) {
      return;
    }
    String rendered = FieldErrors.stringSlice(ips);
    if (before.size() == after.size()) {
      for (int i = 0; i < before.size(); i++) {
        if (!before.get(i).equals(after.get(i))) {
          causes.add(
              FieldErrors.invalidRendered(
                  "spec.clusterIPs[" + i + "]", rendered, "may not change once set"));
        }
      }
    } else if (before.size() > after.size()) {
      if (after.isEmpty()) {
        causes.add(
            FieldErrors.invalidRendered(
                "spec.clusterIPs[0]", rendered, "primary clusterIP can not be unset"));
      } else if (!before.get(0).equals(after.get(0))) {
        causes.add(
            FieldErrors.invalidRendered("spec.clusterIPs[0]", rendered, "may not change once set"));
      }
    } else if (!before.isEmpty() && !before.get(0).equals(after.get(0))) {
      causes.add(
          FieldErrors.invalidRendered("spec.clusterIPs[0]", rendered, "may not change once set"));
    }
  }

  private static void immutableData(
      ObjectNode old, ObjectNode n, List<ApiException.Cause> causes, String... fields) {
    if (!old.path("immutable").asBoolean(false)) {
      return;
    }
    if (!n.path("immutable").asBoolean(false)) {
      causes.add(FieldErrors.forbidden("immutable", KindRules.IMMUTABLE_WHEN_SET));
    }
    for (String f : fields) {
      if (!Objects.equals(emptyAsNull(old.get(f)), emptyAsNull(n.get(f)))) {
        causes.add(FieldErrors.forbidden(f, KindRules.IMMUTABLE_WHEN_SET));
      }
    }
  }

  private static JsonNode emptyAsNull(JsonNode n) {
    return n == null || n.isNull() || (n.isContainerNode() && n.isEmpty()) ? null : n;
  }

  private static void pvc(ObjectNode old, ObjectNode n, List<ApiException.Cause> causes) {
    ObjectNode before = old.path("spec").deepCopy() instanceof ObjectNode o ? o : Json.object();
    ObjectNode after = n.path("spec").deepCopy() instanceof ObjectNode o ? o : Json.object();
    // The PV controller binds a claim once; a missing class may be set once (default class).
    if (before.path("volumeName").asText("").isEmpty()) {
      copy(after, before, "volumeName");
    }
    if (!before.hasNonNull("storageClassName")) {
      copy(after, before, "storageClassName");
    }
    String oldSize = Json.text(before, "resources", "requests", "storage");
    String newSize = Json.text(after, "resources", "requests", "storage");
    boolean bound = "Bound".equals(Json.text(n, "status", "phase"));
    if (bound && after.path("resources").get("requests") instanceof ObjectNode req) {
      if (oldSize == null) {
        req.remove("storage");
      } else {
        req.put("storage", oldSize);
      }
    }
    copy(before, after, "volumeAttributesClassName");
    if (!before.equals(after)) {
      causes.add(
          FieldErrors.forbidden(
              "spec",
              "spec is immutable after creation except resources.requests and"
                  + " volumeAttributesClassName for bound claims"));
    }
    BigDecimal o = KindRules.quantity(oldSize);
    BigDecimal q = KindRules.quantity(newSize);
    if (o != null && q != null && q.compareTo(o) < 0) {
      causes.add(
          FieldErrors.forbidden(
              "spec.resources.requests.storage", "field can not be less than previous value"));
    }
  }

  private static void copy(ObjectNode from, ObjectNode to, String field) {
    if (from.has(field)) {
      to.set(field, from.get(field));
    } else {
      to.remove(field);
    }
  }

  private static void pv(ObjectNode old, ObjectNode n, List<ApiException.Cause> causes) {
    List<String> notSource =
        List.of(
            "capacity",
            "accessModes",
            "claimRef",
            "persistentVolumeReclaimPolicy",
            "storageClassName",
            "mountOptions",
            "volumeMode",
            "nodeAffinity",
            "volumeAttributesClassName");
    if (!without(old.path("spec"), notSource).equals(without(n.path("spec"), notSource))) {
      causes.add(
          FieldErrors.forbidden(
              "spec.persistentvolumesource",
              "spec.persistentvolumesource is immutable after creation"));
    }
    JsonNode oldMode = Json.at(old, "spec", "volumeMode");
    if (!Objects.equals(oldMode, Json.at(n, "spec", "volumeMode"))) {
      causes.add(
          FieldErrors.invalid(
              "spec.volumeMode", Json.at(n, "spec", "volumeMode"), KindRules.IMMUTABLE));
    }
    JsonNode oldAffinity = Json.at(old, "spec", "nodeAffinity");
    if (oldAffinity != null && !oldAffinity.equals(Json.at(n, "spec", "nodeAffinity"))) {
      causes.add(
          FieldErrors.invalidRendered(
              "spec.nodeAffinity", "core.VolumeNodeAffinity{...}", KindRules.IMMUTABLE));
    }
  }

  private static void pod(ObjectNode old, ObjectNode n, List<ApiException.Cause> causes) {
    JsonNode before = mutablePodFieldsMasked(old.path("spec"), old.path("spec"));
    JsonNode after = mutablePodFieldsMasked(n.path("spec"), old.path("spec"));
    if (!before.equals(after)) {
      causes.add(
          FieldErrors.forbidden(
              "spec",
              "pod updates may not change fields other than `spec.containers[*].image`,"
                  + "`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
                  + "`spec.tolerations` (only additions to existing tolerations),"
                  + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was"
                  + " previously negative)"));
    }
  }

  /** The pod spec with the fields a pod update may change blanked out. */
  private static JsonNode mutablePodFieldsMasked(JsonNode spec, JsonNode oldSpec) {
    if (!(spec instanceof ObjectNode s)) {
      return Json.object();
    }
    ObjectNode c = s.deepCopy();
    for (String list : List.of("containers", "initContainers")) {
      for (JsonNode ctr : c.path(list)) {
        if (ctr instanceof ObjectNode co) {
          co.remove("image");
        }
      }
    }
    c.remove("activeDeadlineSeconds");
    c.remove("terminationGracePeriodSeconds");
    // Tolerations may only grow: keep the old ones so an addition compares equal.
    JsonNode oldTol = oldSpec.path("tolerations");
    boolean onlyAdded = true;
    for (JsonNode t : oldTol) {
      boolean found = false;
      for (JsonNode u : c.path("tolerations")) {
        found |= u.equals(t);
      }
      onlyAdded &= found;
    }
    if (onlyAdded) {
      c.remove("tolerations");
    }
    return c;
  }
}
