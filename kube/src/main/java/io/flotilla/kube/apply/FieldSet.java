package io.flotilla.kube.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of field paths in the {@code FieldsV1} shape server-side apply records: {@code f:name} for
 * a field, {@code k:{...}} for an item of a keyed list, {@code v:...} for a set member, and {@code
 * .} when a node is owned itself and also has owned children.
 */
public final class FieldSet {
  boolean member;
  final TreeMap<String, FieldSet> children = new TreeMap<>();

  static FieldSet empty() {
    return new FieldSet();
  }

  public static FieldSet fromFieldsV1(JsonNode node) {
    FieldSet s = new FieldSet();
    if (node == null || !node.isObject()) {
      return s;
    }
    node.fields()
        .forEachRemaining(
            e -> {
              if (e.getKey().equals(".")) {
                s.member = true;
              } else {
                FieldSet c = fromFieldsV1(e.getValue());
                if (e.getValue().isEmpty()) {
                  c.member = true;
                }
                s.children.put(e.getKey(), c);
              }
            });
    return s;
  }

  public ObjectNode toFieldsV1() {
    ObjectNode out = Json.object();
    if (member && !children.isEmpty()) {
      out.putObject(".");
    }
    children.forEach(
        (k, c) -> {
          if (c.member || !c.children.isEmpty()) {
            out.set(k, c.toFieldsV1());
          }
        });
    return out;
  }

  public boolean isEmpty() {
    if (member) {
      return false;
    }
    for (FieldSet c : children.values()) {
      if (!c.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** The fields an object sets (its leaves, plus keyed and set list items). */
  public static FieldSet of(JsonNode obj, ListKeys keys, List<String> path) {
    FieldSet s = new FieldSet();
    if (obj == null || !obj.isObject()) {
      return s;
    }
    obj.fields()
        .forEachRemaining(
            e -> {
              List<String> p = append(path, e.getKey());
              s.children.put("f:" + e.getKey(), ofValue(e.getValue(), keys, p));
            });
    return s;
  }

  private static FieldSet ofValue(JsonNode v, ListKeys keys, List<String> path) {
    if (v.isObject() && !v.isEmpty()) {
      return of(v, keys, path);
    }
    FieldSet leaf = new FieldSet();
    leaf.member = true;
    if (v.isArray() && !v.isEmpty()) {
      ListKeys.Kind kind = keys.kindOf(path);
      switch (kind) {
        case ListKeys.Keyed keyed -> {
          leaf.member = false;
          for (JsonNode item : v) {
            FieldSet is = of(item, keys, path);
            is.member = true;
            leaf.children.put(keyElement(item, keyed.keys()), is);
          }
        }
        case ListKeys.SetOf set -> {
          leaf.member = false;
          for (JsonNode item : v) {
            FieldSet is = new FieldSet();
            is.member = true;
            leaf.children.put("v:" + Json.write(item), is);
          }
        }
        case ListKeys.Atomic atomic -> {}
      }
    }
    return leaf;
  }

  static String keyElement(JsonNode item, List<String> keys) {
    ObjectNode k = Json.object();
    keys.stream()
        .sorted()
        .forEach(
            key -> {
              if (item.has(key)) {
                k.set(key, item.get(key));
              }
            });
    return "k:" + Json.write(k);
  }

  static List<String> append(List<String> path, String name) {
    List<String> p = new ArrayList<>(path.size() + 1);
    p.addAll(path);
    p.add(name);
    return p;
  }

  FieldSet copy() {
    FieldSet s = new FieldSet();
    s.member = member;
    children.forEach((k, c) -> s.children.put(k, c.copy()));
    return s;
  }

  FieldSet union(FieldSet o) {
    FieldSet s = copy();
    s.member |= o.member;
    o.children.forEach((k, c) -> s.children.merge(k, c.copy(), (a, b) -> a.union(b)));
    return s;
  }

  public FieldSet minus(FieldSet o) {
    FieldSet s = new FieldSet();
    s.member = member && !o.member;
    children.forEach(
        (k, c) -> {
          FieldSet oc = o.children.get(k);
          FieldSet r = oc == null ? c.copy() : c.minus(oc);
          if (!r.isEmpty()) {
            s.children.put(k, r);
          }
        });
    return s;
  }

  FieldSet intersect(FieldSet o) {
    FieldSet s = new FieldSet();
    s.member = member && o.member;
    children.forEach(
        (k, c) -> {
          FieldSet oc = o.children.get(k);
          if (oc != null) {
            FieldSet r = c.intersect(oc);
            if (!r.isEmpty()) {
              s.children.put(k, r);
            }
          }
        });
    return s;
  }

  /** Every owned path, as lists of path elements. */
  List<List<String>> members() {
    List<List<String>> out = new ArrayList<>();
    collect(new ArrayList<>(), out);
    return out;
  }

  private void collect(List<String> prefix, List<List<String>> out) {
    if (member && !prefix.isEmpty()) {
      out.add(List.copyOf(prefix));
    }
    children.forEach(
        (k, c) -> {
          prefix.add(k);
          c.collect(prefix, out);
          prefix.remove(prefix.size() - 1);
        });
  }

  /** Whether the path is owned and has no owned children (a leaf, compared by value). */
  boolean isLeaf(List<String> path) {
    FieldSet s = this;
    for (String p : path) {
      s = s.children.get(p);
      if (s == null) {
        return false;
      }
    }
    return s.member && s.children.isEmpty();
  }

  // ---- navigating values by path element ----

  /** The value at a path, or null when absent. */
  static JsonNode valueAt(JsonNode root, List<String> path) {
    JsonNode n = root;
    for (String p : path) {
      n = step(n, p);
      if (n == null) {
        return null;
      }
    }
    return n;
  }

  private static JsonNode step(JsonNode n, String element) {
    if (n == null) {
      return null;
    }
    if (element.startsWith("f:")) {
      return n.isObject() ? n.get(element.substring(2)) : null;
    }
    if (!n.isArray()) {
      return null;
    }
    int i = indexOf((ArrayNode) n, element);
    return i < 0 ? null : n.get(i);
  }

  static int indexOf(ArrayNode arr, String element) {
    if (element.startsWith("k:")) {
      JsonNode key =
          Json.parse(element.substring(2).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (int i = 0; i < arr.size(); i++) {
        JsonNode item = arr.get(i);
        boolean all = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!e.getValue().equals(item.get(e.getKey()))) {
            all = false;
            break;
          }
        }
        if (all) {
          return i;
        }
      }
      return -1;
    }
    if (element.startsWith("v:")) {
      JsonNode v =
          Json.parse(element.substring(2).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (int i = 0; i < arr.size(); i++) {
        if (arr.get(i).equals(v)) {
          return i;
        }
      }
      return -1;
    }
    if (element.startsWith("i:")) {
      int i = Integer.parseInt(element.substring(2));
      return i < arr.size() ? i : -1;
    }
    return -1;
  }

  /** Removes the value at a path; returns whether anything was removed. */
  static boolean removeAt(JsonNode root, List<String> path) {
    JsonNode parent = valueAt(root, path.subList(0, path.size() - 1));
    String last = path.get(path.size() - 1);
    if (parent == null) {
      return false;
    }
    if (last.startsWith("f:") && parent instanceof ObjectNode o) {
      return o.remove(last.substring(2)) != null;
    }
    if (parent instanceof ArrayNode a) {
      int i = indexOf(a, last);
      if (i >= 0) {
        a.remove(i);
        return true;
      }
    }
    return false;
  }

  /** A path as the API server prints it in conflicts: {@code .spec.containers[name="x"].image}. */
  public static String describe(List<String> path) {
    StringBuilder sb = new StringBuilder();
    for (String p : path) {
      if (p.startsWith("f:")) {
        sb.append('.').append(p.substring(2));
      } else if (p.startsWith("k:")) {
        JsonNode key = Json.parse(p.substring(2).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sb.append('[');
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!first) {
            sb.append(',');
          }
          first = false;
          sb.append(e.getKey()).append('=').append(Json.write(e.getValue()));
        }
        sb.append(']');
      } else if (p.startsWith("v:")) {
        sb.append("[=").append(p.substring(2)).append(']');
      } else {
        sb.append('[').append(p.substring(2)).append(']');
      }
    }
    return sb.toString();
  }

  static Map<String, FieldSet> sortedCopy(Map<String, FieldSet> m) {
    return new TreeMap<>(m);
  }
}
