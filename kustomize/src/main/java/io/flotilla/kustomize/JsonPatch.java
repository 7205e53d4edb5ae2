package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test) over a resource. */
final class JsonPatch {
  private JsonPatch() {}

  static ObjectNode apply(ObjectNode target, ArrayNode ops, String where)
      throws KustomizeException {
    ObjectNode doc = target.deepCopy();
    for (JsonNode op : ops) {
      String kind = op.path("op").asText("");
      String path = op.path("path").asText(null);
      if (path == null) {
        throw new KustomizeException(where + ": JSON patch operation is missing 'path': " + op);
      }
      switch (kind) {
        case "add" -> add(doc, path, op.get("value"), where);
        case "remove" -> {
          try {
            remove(doc, path, where);
          } catch (KustomizeException e) {
            throw new KustomizeException("error in remove for path: '" + path + "'");
          }
        }
        case "replace" -> {
          get(doc, path, where);
          remove(doc, path, where);
          add(doc, path, op.get("value"), where);
        }
        case "move" -> {
          String from = op.path("from").asText();
          JsonNode v = get(doc, from, where);
          remove(doc, from, where);
          add(doc, path, v, where);
        }
        case "copy" -> add(doc, path, get(doc, op.path("from").asText(), where).deepCopy(), where);
        case "test" -> {
          if (!get(doc, path, where).equals(op.get("value"))) {
            throw new KustomizeException("testing value " + path + " failed: test failed");
          }
        }
        default ->
            throw new KustomizeException(where + ": unexpected JSON patch op '" + kind + "'");
      }
    }
    return doc;
  }

  private static List<String> tokens(String path) {
    List<String> out = new ArrayList<>();
    if (path.isEmpty()) return out;
    for (String t : path.substring(1).split("/", -1)) {
      out.add(t.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private static JsonNode get(JsonNode doc, String path, String where) throws KustomizeException {
    JsonNode cur = doc;
    for (String t : tokens(path)) {
      if (cur instanceof ObjectNode o && o.has(t)) {
        cur = o.get(t);
      } else if (cur instanceof ArrayNode a && index(t, a.size()) >= 0) {
        cur = a.get(index(t, a.size()));
      } else {
        throw missing(path, where);
      }
    }
    return cur;
  }

  private static KustomizeException missing(String path, String where) {
    return new KustomizeException(
        where + ": unable to find JSON patch path " + path + " in the target");
  }

  private static int index(String t, int size) {
    try {
      int i = Integer.parseInt(t);
      return i >= 0 && i < size ? i : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void add(ObjectNode doc, String path, JsonNode value, String where)
      throws KustomizeException {
    List<String> ts = tokens(path);
    if (ts.isEmpty()) throw missing(path, where);
    // kustomize creates missing parent maps on add
    JsonNode cur = doc;
    for (int i = 0; i < ts.size() - 1; i++) {
      String t = ts.get(i);
      if (cur instanceof ObjectNode o) {
        JsonNode next = o.get(t);
        if (next == null || next.isNull()) {
          next = o.putObject(t);
        }
        cur = next;
      } else if (cur instanceof ArrayNode a && index(t, a.size()) >= 0) {
        cur = a.get(index(t, a.size()));
      } else {
        break;
      }
    }
    JsonNode parent =
        ts.size() == 1
            ? doc
            : get(doc, "/" + String.join("/", escape(ts.subList(0, ts.size() - 1))), where);
    String last = ts.get(ts.size() - 1);
    JsonNode v =
        value == null ? com.fasterxml.jackson.databind.node.NullNode.instance : value.deepCopy();
    if (parent instanceof ObjectNode o) {
      o.set(last, v);
    } else if (parent instanceof ArrayNode a) {
      if (last.equals("-")) {
        a.add(v);
      } else {
        int i;
        try {
          i = Integer.parseInt(last);
        } catch (NumberFormatException e) {
          throw missing(path, where);
        }
        if (i < 0 || i > a.size()) throw missing(path, where);
        a.insert(i, v);
      }
    } else {
      throw missing(path, where);
    }
  }

  private static List<String> escape(List<String> ts) {
    List<String> out = new ArrayList<>();
    for (String t : ts) out.add(t.replace("~", "~0").replace("/", "~1"));
    return out;
  }

  private static void remove(ObjectNode doc, String path, String where) throws KustomizeException {
    List<String> ts = tokens(path);
    if (ts.isEmpty()) throw missing(path, where);
    JsonNode parent =
        ts.size() == 1
            ? doc
            : get(doc, "/" + String.join("/", escape(ts.subList(0, ts.size() - 1))), where);
    String last = ts.get(ts.size() - 1);
    if (parent instanceof ObjectNode o && o.has(last)) {
      o.remove(last);
    } else if (parent instanceof ArrayNode a && index(last, a.size()) >= 0) {
      a.remove(index(last, a.size()));
    } else {
      throw missing(path, where);
    }
  }
}
