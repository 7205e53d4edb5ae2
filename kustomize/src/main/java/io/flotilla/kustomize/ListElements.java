package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The list side of {@link StrategicMerge}, as kyaml does it: elements named by tuples of their
 * merge keys' values, found, replaced, removed and appended by those tuples (kyaml's ElementSetter
 * and appendListNode), quirks included.
 */
final class ListElements {
  private ListElements() {}

  /** The key tuples of all elements, patch first, each once. */
  static List<List<String>> elementValues(List<String> keys, ArrayNode dest, ArrayNode patch) {
    List<List<String>> out = new ArrayList<>();
    Set<List<String>> seen = new HashSet<>();
    for (ArrayNode src : new ArrayNode[] {patch, dest}) {
      if (src == null) continue;
      for (JsonNode e : src) {
        List<String> tuple = new ArrayList<>(keys.size());
        for (String k : keys) {
          JsonNode f = e instanceof ObjectNode o ? o.get(k) : null;
          tuple.add(f == null || f.isNull() || f.isContainerNode() ? "" : f.asText());
        }
        if (tuple.isEmpty() || !seen.add(tuple)) continue;
        out.add(tuple);
      }
    }
    return out;
  }

  static List<List<String>> primitiveValues(ArrayNode dest, ArrayNode patch) {
    List<List<String>> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ArrayNode src : new ArrayNode[] {patch, dest}) {
      if (src == null) continue;
      for (JsonNode e : src) {
        String v = scalarText(e);
        if (seen.add(v)) out.add(List.of(v));
      }
    }
    return out;
  }

  private static String scalarText(JsonNode n) {
    return n == null || n.isNull() || n.isContainerNode() ? "" : n.asText();
  }

  /** Two tuples name the same element when they agree wherever both have a value. */
  static List<String> match(List<String> a, List<String> b) {
    if (a.size() != b.size()) return null;
    boolean common = false;
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).equals(b.get(i))) {
        common = true;
        out.add(a.get(i));
      } else if (!a.get(i).isEmpty() && !b.get(i).isEmpty()) {
        return null;
      } else {
        out.add(a.get(i).isEmpty() ? b.get(i) : a.get(i));
      }
    }
    return common ? out : null;
  }

  /** Keys that have a value in any tuple (all keys when none has), and this tuple's values. */
  static List<List<String>> validKeys(
      List<List<String>> all, List<String> values, List<String> keys) {
    Set<String> valid = new HashSet<>();
    for (List<String> t : all) {
      for (int i = 0; i < t.size(); i++) {
        if (!t.get(i).isEmpty()) valid.add(keys.get(i));
      }
    }
    if (valid.isEmpty()) return List.of(keys, values);
    List<String> k = new ArrayList<>();
    for (String key : keys) {
      if (valid.contains(key)) k.add(key);
    }
    List<String> v = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).isEmpty() || valid.contains(keys.get(i))) v.add(values.get(i));
    }
    return List.of(k, v);
  }

  /** The first element whose keys have exactly these values (a scalar equal to it when unkeyed). */
  static JsonNode findElement(ArrayNode list, List<String> keys, List<String> values) {
    if (list == null) return null;
    if (keys.isEmpty() || keys.get(0).isEmpty()) {
      String want = values.isEmpty() ? "" : values.get(0);
      for (JsonNode e : list) {
        if (!e.isContainerNode() && !e.isNull() && e.asText().equals(want)) return e;
      }
      return null;
    }
    for (JsonNode e : list) {
      if (!(e instanceof ObjectNode o)) continue;
      boolean all = true;
      for (int i = 0; i < keys.size(); i++) {
        JsonNode f = o.get(keys.get(i));
        String want = i < values.size() ? values.get(i) : "";
        if (f == null || !rawText(f).equals(want)) {
          all = false;
          break;
        }
      }
      if (all) return e;
    }
    return null;
  }

  /** What go-yaml holds as a node's value: the scalar's text, empty for a map or list. */
  private static String rawText(JsonNode n) {
    return n.isContainerNode() || n.isNull() ? (n.isNull() ? "null" : "") : n.asText();
  }

  /**
   * kyaml's ElementSetter: drops empty elements, replaces (or with a null element removes) those
   * whose keys match, appends when none did. An empty key value matches any value; keys without a
   * value reuse the previous key's verdict.
   */
  static void setElement(ArrayNode list, JsonNode element, List<String> keys, List<String> values) {
    if (keys.isEmpty()) keys = List.of("");
    boolean mappingSetter = !keys.get(0).isEmpty() && !values.isEmpty() && !values.get(0).isEmpty();
    List<JsonNode> out = new ArrayList<>();
    boolean found = false;
    for (JsonNode e : list) {
      if (StrategicMerge.missingOrNull(e) || StrategicMerge.emptyMap(e)) continue;
      if (!e.isObject() && mappingSetter) {
        out.add(e);
        continue;
      }
      boolean match = true;
      boolean lastMatched = false;
      for (int j = 0; j < keys.size(); j++) {
        if (j < values.size()) {
          lastMatched = fieldMatches(e, keys.get(j), values.get(j));
        }
        if (!lastMatched) {
          match = false;
          break;
        }
      }
      if (!match) {
        if (!values.isEmpty()) out.add(e);
        continue;
      }
      found = true;
      if (element != null) out.add(element);
    }
    list.removeAll();
    list.addAll(out);
    if (element == null || element.isNull()) return;
    if (!found) list.add(element);
  }

  private static boolean fieldMatches(JsonNode e, String name, String value) {
    if (StrategicMerge.missingOrNull(e)) return false;
    if (name.isEmpty()) {
      return !e.isContainerNode() && e.asText().equals(value);
    }
    if (!(e instanceof ObjectNode o)) return false;
    JsonNode f = o.get(name);
    if (f == null) return false;
    return value.isEmpty() || rawText(f).equals(value);
  }

  /** Sets each element of {@code src} into {@code dst} by its keys (kyaml's appendListNode). */
  static void appendList(ArrayNode dst, ArrayNode src, List<String> keys) {
    List<JsonNode> snapshot = new ArrayList<>();
    src.forEach(snapshot::add);
    for (JsonNode e : snapshot) {
      if (keys.isEmpty() || keys.get(0).isEmpty()) {
        setElement(dst, e, List.of(""), List.of(scalarText(e)));
        continue;
      }
      List<String> v = new ArrayList<>();
      for (String key : keys) {
        JsonNode f = e instanceof ObjectNode o ? o.get(key) : null;
        if (f == null) {
          dst.add(e);
          continue;
        }
        v.add(rawText(f));
      }
      if (keys.size() > 1) {
        setElement(dst, null, keys, v);
      }
      setElement(dst, e, keys, v);
    }
  }
}
