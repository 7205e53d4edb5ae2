package io.flotilla.kube.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.FieldErrors;
import io.flotilla.kube.base.GoBase64;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-kind rules of the real API server's strategies and validators that Flotilla's users meet:
 * immutable fields (Job, workload selectors, StatefulSet spec, Service clusterIPs, immutable
 * ConfigMaps and Secrets, Secret type, PVC and PV specs, Pod spec), selector/template agreement,
 * and the Secret {@code stringData} to {@code data} conversion.
 */
public final class KindRules {
  private KindRules() {}

  static final String IMMUTABLE = "field is immutable";
  static final String IMMUTABLE_WHEN_SET = "field is immutable when `immutable` is set";

  // ------------------------------------------------------------------ normalisation

  /** Work the server does to an incoming object before validating it (create and update). */
  static void normalize(ResourceType t, ObjectNode obj) {
    if (t.is("", "secrets")) {
      decodesAsBytes(t, obj, "data");
      mergeStringData(obj);
    } else if (t.is("", "configmaps")) {
      decodesAsBytes(t, obj, "binaryData");
    }
  }

  /**
   * A map of Go {@code []byte} values must hold base64 (standard alphabet, padded): decoding the
   * request fails on the first value that does not, with Go's offset, before any validation.
   */
  private static void decodesAsBytes(ResourceType t, ObjectNode obj, String field) {
    for (JsonNode v : obj.path(field)) {
      int at = v.isTextual() ? GoBase64.corruptAt(v.asText()) : -1;
      if (at >= 0) {
        throw Admission.cannotHandle(t, "illegal base64 data at input byte " + at);
      }
    }
  }

  /** {@code stringData} is write-only: each entry becomes base64 {@code data}, overriding it. */
  private static void mergeStringData(ObjectNode secret) {
    JsonNode sd = secret.remove("stringData");
    if (sd == null || !sd.isObject() || sd.isEmpty()) {
      return;
    }
    ObjectNode data = Json.child(secret, "data");
    for (Iterator<Map.Entry<String, JsonNode>> it = sd.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      data.put(
          e.getKey(),
          Base64.getEncoder()
              .encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
    }
  }

  // ------------------------------------------------------------------ create and update

  /** Rules every write of the kind must pass. */
  static List<ApiException.Cause> validate(ResourceType t, ObjectNode obj) {
    List<ApiException.Cause> causes = new ArrayList<>();
    switch (t.storageKey()) {
      case "apps/deployments", "apps/replicasets", "apps/daemonsets", "apps/statefulsets" ->
          selectorMatchesTemplate(t, obj, causes);
      case "/configmaps" -> dataKeys(obj, causes, "data", "binaryData");
      case "/secrets" -> dataKeys(obj, causes, "data");
      case "batch/cronjobs" -> CronJobRules.validate(obj, causes);
      default -> {}
    }
    if (t.group().equals("apps") || t.is("batch", "jobs")) {
      ObjectMetaRules.validateLabels(
          Json.at(obj, "spec", "template", "metadata", "labels"),
          "spec.template.metadata.labels",
          causes);
    }
    return causes;
  }

  static final long MAX_DATA_SIZE = 1024 * 1024;
  private static final String CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+";
  private static final Pattern CONFIG_KEY = Pattern.compile(CONFIG_KEY_FMT);

  /** ConfigMap and Secret keys ({@code IsConfigMapKey}) and the 1 MiB total. */
  private static void dataKeys(ObjectNode obj, List<ApiException.Cause> causes, String... bags) {
    long total = 0;
    for (String bag : bags) {
      JsonNode data = obj.get(bag);
      if (data == null || !data.isObject()) {
        continue;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = e.getKey();
        for (String m : configKeyErrors(key)) {
          causes.add(FieldErrors.invalid(bag + "[" + key + "]", Json.F.textNode(key), m));
        }
        String v = e.getValue().asText();
        // data of a Secret and binaryData of a ConfigMap are base64 on the wire.
        boolean base64 = bag.equals("binaryData") || bags.length == 1;
        total += base64 ? v.length() / 4 * 3 : v.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    if (total > MAX_DATA_SIZE) {
      causes.add(FieldErrors.tooLongBytes(bags.length == 1 ? "data" : "", MAX_DATA_SIZE));
    }
  }

  static List<String> configKeyErrors(String key) {
    List<String> errs = new ArrayList<>();
    if (key.length() > 253) {
      errs.add(ObjectMetaRules.maxLen(253));
    }
    if (!CONFIG_KEY.matcher(key).matches()) {
      errs.add(
          ObjectMetaRules.regexError(
              "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
              CONFIG_KEY_FMT,
              "key.name",
              "KEY_NAME",
              "key-name"));
    }
    if (key.equals(".") || key.equals("..")) {
      errs.add("must not be '" + key + "'");
    } else if (key.startsWith("..")) {
      errs.add("must not start with '..'");
    }
    return errs;
  }

  private static void selectorMatchesTemplate(
      ResourceType t, ObjectNode obj, List<ApiException.Cause> causes) {
    JsonNode sel = Json.at(obj, "spec", "selector");
    if (sel == null) {
      causes.add(FieldErrors.required("spec.selector", ""));
      return;
    }
    JsonNode ml = sel.get("matchLabels");
    JsonNode me = sel.get("matchExpressions");
    boolean empty = (ml == null || ml.isEmpty()) && (me == null || me.isEmpty());
    if (empty) {
      causes.add(
          FieldErrors.invalidRendered(
              "spec.selector",
              FieldErrors.labelSelector(sel),
              "empty selector is invalid for " + kindNoun(t)));
      return;
    }
    JsonNode labels = Json.at(obj, "spec", "template", "metadata", "labels");
    if (!matches(sel, labels)) {
      causes.add(
          FieldErrors.invalidRendered(
              "spec.template.metadata.labels",
              FieldErrors.stringMap(labels),
              "`selector` does not match template `labels`"));
    }
  }

  /** Whether a LabelSelector object selects the given labels. */
  static boolean matches(JsonNode sel, JsonNode labels) {
    JsonNode ls = labels == null ? Json.object() : labels;
    for (Iterator<Map.Entry<String, JsonNode>> it = sel.path("matchLabels").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!ls.has(e.getKey()) || !ls.get(e.getKey()).asText().equals(e.getValue().asText())) {
        return false;
      }
    }
    for (JsonNode r : sel.path("matchExpressions")) {
      String key = r.path("key").asText();
      List<String> values = Json.strings(r.get("values"));
      boolean has = ls.has(key);
      String v = has ? ls.get(key).asText() : null;
      boolean ok =
          switch (r.path("operator").asText()) {
            case "In" -> has && values.contains(v);
            case "NotIn" -> !has || !values.contains(v);
            case "Exists" -> has;
            case "DoesNotExist" -> !has;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String kindNoun(ResourceType t) {
    return switch (t.plural()) {
      case "deployments" -> "deployment";
      case "statefulsets" -> "statefulset";
      case "daemonsets" -> "daemonset";
      default -> "replicaset";
    };
  }

  // ------------------------------------------------------------------ update only

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
          causes.add(FieldErrors.invalid("type", Json.F.textNode(typeOf(n)), IMMUTABLE));
        }
        immutableData(old, n, causes, "data");
      }
      case "/persistentvolumeclaims" -> pvc(old, n, causes);
      case "/persistentvolumes" -> pv(old, n, causes);
      case "/pods" -> pod(old, n, causes);
      case "apiextensions.k8s.io/customresourcedefinitions" -> {
        if (!Objects.equals(Json.at(old, "spec", "group"), Json.at(n, "spec", "group"))) {
          causes.add(FieldErrors.invalid("spec.group", Json.at(n, "spec", "group"), IMMUTABLE));
        }
        if (!Objects.equals(Json.at(old, "spec", "scope"), Json.at(n, "spec", "scope"))) {
          causes.add(FieldErrors.invalid("spec.scope", Json.at(n, "spec", "scope"), IMMUTABLE));
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
      causes.add(FieldErrors.invalidRendered(field, rendered, IMMUTABLE));
    }
  }

  private static void job(ObjectNode old, ObjectNode n, List<ApiException.Cause> causes) {
    JsonNode spec = n.path("spec");
    boolean indexed = "Indexed".equals(Json.text(spec, "completionMode"));
    JsonNode oldCompletions = Json.at(old, "spec", "completions");
    JsonNode completions = Json.at(n, "spec", "completions");
    if (!Objects.equals(oldCompletions, completions)) {
      if (!indexed) {
        causes.add(FieldErrors.invalid("spec.completions", completions, IMMUTABLE));
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
          FieldErrors.invalidRendered("spec.template", "core.PodTemplateSpec{...}", IMMUTABLE));
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
      causes.add(FieldErrors.forbidden("immutable", IMMUTABLE_WHEN_SET));
    }
    for (String f : fields) {
      if (!Objects.equals(emptyAsNull(old.get(f)), emptyAsNull(n.get(f)))) {
        causes.add(FieldErrors.forbidden(f, IMMUTABLE_WHEN_SET));
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
    BigDecimal o = quantity(oldSize);
    BigDecimal q = quantity(newSize);
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
          FieldErrors.invalid("spec.volumeMode", Json.at(n, "spec", "volumeMode"), IMMUTABLE));
    }
    JsonNode oldAffinity = Json.at(old, "spec", "nodeAffinity");
    if (oldAffinity != null && !oldAffinity.equals(Json.at(n, "spec", "nodeAffinity"))) {
      causes.add(
          FieldErrors.invalidRendered(
              "spec.nodeAffinity", "core.VolumeNodeAffinity{...}", IMMUTABLE));
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

  private static final Pattern QUANTITY =
      Pattern.compile("([+-]?[0-9.]+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");

  /** A resource quantity ({@code 10Gi}, {@code 500M}, {@code 1e3}) as a number, or null. */
  public static BigDecimal quantity(String s) {
    if (s == null) {
      return null;
    }
    Matcher m = QUANTITY.matcher(s.trim());
    if (!m.matches()) {
      return null;
    }
    BigDecimal v;
    try {
      v = new BigDecimal(m.group(1));
    } catch (NumberFormatException e) {
      return null;
    }
    String suffix = m.group(2);
    if (suffix == null) {
      return v;
    }
    return switch (suffix) {
      case "Ki" -> v.multiply(BigDecimal.valueOf(1024));
      case "Mi" -> v.multiply(BigDecimal.valueOf(1024L * 1024));
      case "Gi" -> v.multiply(BigDecimal.valueOf(1024L * 1024 * 1024));
      case "Ti" -> v.multiply(BigDecimal.valueOf(1024L * 1024 * 1024 * 1024));
      case "Pi" -> v.multiply(BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024));
      case "Ei" -> v.multiply(BigDecimal.valueOf(1024L * 1024 * 1024 * 1024 * 1024 * 1024));
      case "m" -> v.movePointLeft(3);
      case "k" -> v.movePointRight(3);
      case "M" -> v.movePointRight(6);
      case "G" -> v.movePointRight(9);
      case "T" -> v.movePointRight(12);
      case "P" -> v.movePointRight(15);
      case "E" -> v.movePointRight(18);
      default -> v.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
    };
  }
}
