package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strategic merge patch as kustomize applies it: maps merge key by key, {@code null} deletes,
 * lists of built-in kinds merge by their merge key (lists of maps carrying a well-known key such as
 * {@code name} merge by it too), other lists are replaced; {@code $patch: delete|replace|merge},
 * {@code $setElementOrder}, {@code $retainKeys} and {@code $deleteFromPrimitiveList} are honoured.
 */
final class StrategicMerge {
  private StrategicMerge() {}

  private static final Map<String, String> MERGE_KEYS =
      Map.ofEntries(
          Map.entry("containers", "name"),
          Map.entry("initContainers", "name"),
          Map.entry("ephemeralContainers", "name"),
          Map.entry("volumes", "name"),
          Map.entry("env", "name"),
          Map.entry("volumeMounts", "mountPath"),
          Map.entry("volumeDevices", "devicePath"),
          Map.entry("imagePullSecrets", "name"),
          Map.entry("hostAliases", "ip"),
          Map.entry("topologySpreadConstraints", "topologyKey"),
          Map.entry("resourceClaims", "name"),
          Map.entry("conditions", "type"),
          Map.entry("ownerReferences", "uid"));
  private static final Set<String> REPLACED =
      Set.of("tolerations", "args", "command", "envFrom", "subjects", "rules");
  // kinds kustomize knows the schema of; lists in other kinds are replaced
  private static final Set<String> BUILTIN_GROUPS =
      Set.of(
          "",
          "apps",
          "batch",
          "extensions",
          "policy",
          "autoscaling",
          "networking.k8s.io",
          "rbac.authorization.k8s.io",
          "storage.k8s.io",
          "scheduling.k8s.io",
          "admissionregistration.k8s.io",
          "apiextensions.k8s.io",
          "apiregistration.k8s.io",
          "coordination.k8s.io",
          "discovery.k8s.io",
          "node.k8s.io",
          "certificates.k8s.io");
  private static final Set<String> PRIMITIVE_MERGE = Set.of("finalizers");
  private static final List<String> ASSOCIATIVE =
      List.of("mountPath", "devicePath", "ip", "type", "topologyKey", "name", "containerPort");

  /** Result of patching one resource: the new object, or null when the patch deletes it. */
  static ObjectNode apply(ObjectNode target, ObjectNode patch) {
    String directive = patch.path("$patch").asText("");
    if (directive.equals("delete")) {
      return null;
    }
    String kind = target.path("kind").asText();
    String apiVersion = target.path("apiVersion").asText("");
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    if (directive.equals("replace")) {
      return clean(patch);
    }
    ObjectNode out = target.deepCopy();
    mergeMap(out, patch, group, kind, "");
    return out;
  }

  private static void mergeMap(
      ObjectNode dest, ObjectNode patch, String group, String kind, String path) {
    JsonNode retain = patch.get("$retainKeys");
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode pv = e.getValue();
      if (key.equals("$patch")
          || key.equals("$retainKeys")
          || key.startsWith("$setElementOrder/")) {
        continue;
      }
      if (key.startsWith("$deleteFromPrimitiveList/")) {
        String field = key.substring("$deleteFromPrimitiveList/".length());
        if (dest.get(field) instanceof ArrayNode arr) {
          Set<String> gone = new HashSet<>();
          pv.forEach(v -> gone.add(v.asText()));
          for (int i = arr.size() - 1; i >= 0; i--) {
            if (gone.contains(arr.get(i).asText())) arr.remove(i);
          }
        }
        continue;
      }
      if (pv == null || pv.isNull()) {
        dest.remove(key);
        continue;
      }
      JsonNode dv = dest.get(key);
      if (pv instanceof ObjectNode po) {
        String d = po.path("$patch").asText("");
        if (d.equals("delete")) {
          dest.remove(key);
        } else if (d.equals("replace") || !(dv instanceof ObjectNode)) {
          dest.set(key, clean(po));
        } else {
          mergeMap((ObjectNode) dv, po, group, kind, path + "/" + key);
        }
      } else if (pv instanceof ArrayNode pa) {
        if (dv instanceof ArrayNode da) {
          dest.set(key, mergeList(da, pa, key, group, kind, path));
        } else {
          dest.set(key, cleanList(pa));
        }
      } else {
        dest.set(key, pv.deepCopy());
      }
    }
    if (retain instanceof ArrayNode keys) {
      Set<String> keep = new HashSet<>();
      keys.forEach(k -> keep.add(k.asText()));
      dest.fieldNames().forEachRemaining(k -> {});
      List<String> drop = new ArrayList<>();
      dest.fieldNames()
          .forEachRemaining(
              k -> {
                if (!keep.contains(k)) drop.add(k);
              });
      drop.forEach(dest::remove);
    }
  }

  private static String mergeKey(String field, String kind, String path, ArrayNode a, ArrayNode b) {
    if (field.equals("ports")) {
      return path.contains("ontainers") ? "containerPort" : kind.equals("Service") ? "port" : null;
    }
    if (MERGE_KEYS.containsKey(field)) return MERGE_KEYS.get(field);
    if (REPLACED.contains(field)) return null;
    JsonNode sample = a.isEmpty() ? null : a.get(0);
    if (!(sample instanceof ObjectNode)) sample = b.isEmpty() ? null : b.get(0);
    if (sample instanceof ObjectNode so) {
      for (String k : ASSOCIATIVE) {
        if (so.has(k)) return k;
      }
    }
    return null;
  }

  private static ArrayNode mergeList(
      ArrayNode dest, ArrayNode patch, String field, String group, String kind, String path) {
    for (JsonNode p : patch) {
      if (p instanceof ObjectNode po
          && po.size() == 1
          && po.path("$patch").asText().equals("replace")) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (JsonNode q : patch) {
          if (q != p) out.add(clean(q));
        }
        return out;
      }
    }
    if (PRIMITIVE_MERGE.contains(field)) {
      ArrayNode out = dest.deepCopy();
      Set<String> seen = new HashSet<>();
      out.forEach(v -> seen.add(v.toString()));
      for (JsonNode p : patch) {
        if (seen.add(p.toString())) out.add(p.deepCopy());
      }
      return out;
    }
    String key = BUILTIN_GROUPS.contains(group) ? mergeKey(field, kind, path, dest, patch) : null;
    if (key == null) {
      return cleanList(patch);
    }
    ArrayNode out = dest.deepCopy();
    int inserted = 0;
    for (JsonNode p : patch) {
      if (!(p instanceof ObjectNode po) || !po.has(key)) {
        continue;
      }
      JsonNode kv = po.get(key);
      int found = -1;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i) instanceof ObjectNode o && kv.equals(o.get(key))) {
          found = i;
          break;
        }
      }
      String d = po.path("$patch").asText("");
      if (d.equals("delete")) {
        if (found >= 0) out.remove(found);
      } else if (found >= 0) {
        if (d.equals("replace")) {
          out.set(found, clean(po));
        } else {
          mergeMap((ObjectNode) out.get(found), po, group, kind, path + "/" + field);
        }
      } else {
        // kustomize puts elements the target lacks first, in patch order
        out.insert(inserted++, clean(po));
      }
    }
    return out;
  }

  /** A copy without patch directives. */
  static ObjectNode clean(JsonNode n) {
    return (ObjectNode) cleanNode(n);
  }

  private static ArrayNode cleanList(ArrayNode a) {
    return (ArrayNode) cleanNode(a);
  }

  private static JsonNode cleanNode(JsonNode n) {
    if (n instanceof ObjectNode o) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        var e = it.next();
        if (e.getKey().startsWith("$")) continue;
        if (e.getValue() == null || e.getValue().isNull()) continue;
        out.set(e.getKey(), cleanNode(e.getValue()));
      }
      return out;
    }
    if (n instanceof ArrayNode a) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode el : a) {
        if (el instanceof ObjectNode eo && eo.path("$patch").asText().equals("delete")) continue;
        out.add(cleanNode(el));
      }
      return out;
    }
    return n.deepCopy();
  }
}
