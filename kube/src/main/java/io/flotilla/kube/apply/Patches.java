package io.flotilla.kube.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON patch (RFC 6902), JSON merge patch (RFC 7386), strategic merge patch, apply merge. */
public final class Patches {
  private Patches() {}

  // ---------------- RFC 6902 ----------------

  public static JsonNode jsonPatch(JsonNode target, JsonNode patch) {
    if (!patch.isArray()) {
      throw ApiException.badRequest(
          "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    }
    JsonNode doc = target.deepCopy();
    for (JsonNode op : patch) {
      String kind = op.path("op").asText("");
      String path = op.path("path").asText(null);
      if (path == null) {
        throw invalidPatch("operation missing path: " + op);
      }
      switch (kind) {
        case "add" -> doc = add(doc, path, need(op, "value"));
        case "remove" -> doc = remove(doc, path);
        case "replace" -> {
          get(doc, path);
          doc = remove(doc, path);
          doc = add(doc, path, need(op, "value"));
        }
        case "move" -> {
          String from = op.path("from").asText();
          JsonNode v = get(doc, from).deepCopy();
          doc = remove(doc, from);
          doc = add(doc, path, v);
        }
        case "copy" -> doc = add(doc, path, get(doc, op.path("from").asText()).deepCopy());
        case "test" -> {
          if (!get(doc, path).equals(need(op, "value"))) {
            throw invalidPatch("testing value " + path + " failed");
          }
        }
        default -> throw invalidPatch("Unexpected kind: " + kind);
      }
    }
    return doc;
  }

  private static ApiException invalidPatch(String msg) {
    return new ApiException(422, "Invalid", msg, null, null, null, List.of());
  }

  private static JsonNode need(JsonNode op, String field) {
    if (!op.has(field)) {
      throw invalidPatch("operation missing " + field + ": " + op);
    }
    return op.get(field);
  }

  private static List<String> pointer(String path) {
    List<String> out = new ArrayList<>();
    if (path.isEmpty()) {
      return out;
    }
    if (!path.startsWith("/")) {
      throw invalidPatch("invalid JSON pointer: " + path);
    }
    for (String t : path.substring(1).split("/", -1)) {
      out.add(t.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private static JsonNode get(JsonNode doc, String path) {
    JsonNode n = doc;
    for (String t : pointer(path)) {
      if (n.isObject() && n.has(t)) {
        n = n.get(t);
      } else if (n.isArray() && isIndex(t) && Integer.parseInt(t) < n.size()) {
        n = n.get(Integer.parseInt(t));
      } else {
        throw invalidPatch("doc is missing path: \"" + path + "\": missing value");
      }
    }
    return n;
  }

  private static boolean isIndex(String t) {
    return !t.isEmpty() && t.length() < 9 && t.chars().allMatch(Character::isDigit);
  }

  private static JsonNode add(JsonNode doc, String path, JsonNode value) {
    List<String> p = pointer(path);
    if (p.isEmpty()) {
      return value.deepCopy();
    }
    JsonNode parent = get(doc, parentPath(path));
    String last = p.get(p.size() - 1);
    if (parent instanceof ObjectNode o) {
      o.set(last, value.deepCopy());
    } else if (parent instanceof ArrayNode a) {
      if (last.equals("-")) {
        a.add(value.deepCopy());
      } else if (isIndex(last) && Integer.parseInt(last) <= a.size()) {
        a.insert(Integer.parseInt(last), value.deepCopy());
      } else {
        throw invalidPatch("unable to add: index out of bounds: " + path);
      }
    } else {
      throw invalidPatch("doc is missing path: \"" + path + "\"");
    }
    return doc;
  }

  private static JsonNode remove(JsonNode doc, String path) {
    get(doc, path);
    JsonNode parent = get(doc, parentPath(path));
    List<String> p = pointer(path);
    String last = p.get(p.size() - 1);
    if (parent instanceof ObjectNode o) {
      o.remove(last);
    } else if (parent instanceof ArrayNode a) {
      a.remove(Integer.parseInt(last));
    }
    return doc;
  }

  private static String parentPath(String path) {
    return path.substring(0, path.lastIndexOf('/'));
  }

  // ---------------- RFC 7386 ----------------

  public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode out = target != null && target.isObject() ? target.deepCopy() : Json.object();
    patch
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isNull()) {
                out.remove(e.getKey());
              } else {
                out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
              }
            });
    return out;
  }

  // ---------------- strategic merge patch ----------------

  public static JsonNode strategicMerge(JsonNode target, JsonNode patch, ListKeys keys) {
    if (!patch.isObject()) {
      throw ApiException.badRequest("strategic merge patch must be a JSON object");
    }
    return smpObject(
        target != null && target.isObject() ? target : Json.object(), patch, keys, List.of());
  }

  private static JsonNode smpObject(
      JsonNode target, JsonNode patch, ListKeys keys, List<String> path) {
    String directive = patch.path("$patch").asText("");
    if (directive.equals("replace")) {
      ObjectNode r = patch.deepCopy();
      r.remove("$patch");
      return r;
    }
    if (directive.equals("delete")) {
      return null;
    }
    ObjectNode out = target.isObject() ? target.deepCopy() : Json.object();
    List<String> retain = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey();
      JsonNode v = e.getValue();
      if (k.equals("$patch") || k.startsWith("$setElementOrder/")) {
        continue;
      }
      if (k.equals("$retainKeys")) {
        retain = new ArrayList<>();
        for (JsonNode n : v) {
          retain.add(n.asText());
        }
        continue;
      }
      if (k.startsWith("$deleteFromPrimitiveList/")) {
        String field = k.substring("$deleteFromPrimitiveList/".length());
        if (out.get(field) instanceof ArrayNode a) {
          Set<JsonNode> drop = new HashSet<>();
          v.forEach(drop::add);
          ArrayNode kept = Json.array();
          a.forEach(
              x -> {
                if (!drop.contains(x)) {
                  kept.add(x);
                }
              });
          out.set(field, kept);
        }
        continue;
      }
      List<String> p = FieldSet.append(path, k);
      if (v.isNull()) {
        out.remove(k);
      } else if (v.isObject()) {
        JsonNode merged = smpObject(out.path(k), v, keys, p);
        if (merged == null) {
          out.remove(k);
        } else {
          out.set(k, merged);
        }
      } else if (v.isArray()) {
        out.set(k, smpList(out.get(k), (ArrayNode) v, keys, p));
      } else {
        out.set(k, v.deepCopy());
      }
    }
    if (retain != null) {
      List<String> names = new ArrayList<>();
      out.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        if (!retain.contains(n)) {
          out.remove(n);
        }
      }
    }
    return out;
  }

  private static JsonNode smpList(
      JsonNode target, ArrayNode patch, ListKeys keys, List<String> path) {
    for (JsonNode item : patch) {
      if (item.isObject() && item.path("$patch").asText().equals("replace")) {
        ArrayNode r = Json.array();
        patch.forEach(
            i -> {
              if (!i.has("$patch")) {
                r.add(i.deepCopy());
              }
            });
        return r;
      }
    }
    String mergeKey = keys.mergeKey(path);
    boolean primitiveMerge =
        path.size() == 2 && path.get(0).equals("metadata") && path.get(1).equals("finalizers");
    if (mergeKey == null && !primitiveMerge) {
      return patch.deepCopy();
    }
    ArrayNode out = target instanceof ArrayNode a ? a.deepCopy() : Json.array();
    if (primitiveMerge) {
      return addAbsent(out, patch);
    }
    for (JsonNode item : patch) {
      JsonNode key = item.get(mergeKey);
      int idx = -1;
      for (int i = 0; i < out.size(); i++) {
        if (key != null && key.equals(out.get(i).get(mergeKey))) {
          idx = i;
          break;
        }
      }
      boolean delete = item.path("$patch").asText().equals("delete");
      if (delete) {
        if (idx >= 0) {
          out.remove(idx);
        }
      } else if (idx >= 0) {
        JsonNode merged = smpObject(out.get(idx), item, keys, path);
        out.set(idx, merged);
      } else {
        ObjectNode fresh = item.deepCopy();
        fresh.remove("$patch");
        out.add(fresh);
      }
    }
    return out;
  }

  // ---------------- server-side apply merge ----------------

  /** Merges an applied configuration into a live object: keyed lists by key, sets by value. */
  static void applyMerge(ObjectNode live, JsonNode applied, ListKeys keys, List<String> path) {
    for (Iterator<Map.Entry<String, JsonNode>> it = applied.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String k = e.getKey();
      JsonNode v = e.getValue();
      List<String> p = FieldSet.append(path, k);
      JsonNode cur = live.get(k);
      if (v.isNull()) {
        live.remove(k);
      } else if (v.isObject() && cur instanceof ObjectNode co) {
        applyMerge(co, v, keys, p);
      } else if (v.isArray() && cur instanceof ArrayNode ca) {
        live.set(k, mergeList(ca, (ArrayNode) v, keys, p));
      } else {
        live.set(k, v.deepCopy());
      }
    }
  }

  /** Appends to {@code out} each item of {@code items} it does not hold yet (a set's union). */
  private static ArrayNode addAbsent(ArrayNode out, ArrayNode items) {
    for (JsonNode item : items) {
      boolean present = false;
      for (JsonNode x : out) {
        present |= x.equals(item);
      }
      if (!present) {
        out.add(item.deepCopy());
      }
    }
    return out;
  }

  private static ArrayNode mergeList(
      ArrayNode live, ArrayNode applied, ListKeys keys, List<String> path) {
    return switch (keys.kindOf(path)) {
      case ListKeys.Atomic a -> applied.deepCopy();
      case ListKeys.SetOf s -> addAbsent(live.deepCopy(), applied);
      case ListKeys.Keyed keyed -> {
        ArrayNode out = live.deepCopy();
        for (JsonNode item : applied) {
          int idx = FieldSet.indexOf(out, FieldSet.keyElement(item, keyed.keys()));
          if (idx >= 0 && out.get(idx) instanceof ObjectNode existing && item.isObject()) {
            applyMerge(existing, item, keys, path);
          } else {
            out.add(item.deepCopy());
          }
        }
        yield out;
      }
    };
  }
}
