package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a transformer reads or writes, as data: optional group, version and kind to match, a
 * slash-separated path ({@code spec/template/spec/containers/image}; every element of a list on the
 * way is walked, a {@code []} suffix is allowed, {@code \/} escapes a slash in a key) and whether
 * missing maps on the way are created.
 */
record FieldSpec(String group, String version, String kind, List<String> path, boolean create) {

  /** Called with the map holding the field and the field's name. */
  @FunctionalInterface
  interface Visitor {
    void visit(ObjectNode parent, String field) throws KustomizeException;
  }

  static FieldSpec of(String group, String version, String kind, String path, boolean create) {
    return new FieldSpec(group, version, kind, split(path), create);
  }

  static FieldSpec fromNode(JsonNode n) {
    return of(
        n.path("group").asText(null),
        n.path("version").asText(null),
        n.path("kind").asText(null),
        n.path("path").asText(""),
        n.path("create").asBoolean(false));
  }

  static List<String> split(String path) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\' && i + 1 < path.length() && path.charAt(i + 1) == '/') {
        cur.append('/');
        i++;
      } else if (c == '/') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return List.copyOf(out);
  }

  String pathString() {
    return String.join("/", path);
  }

  boolean appliesTo(ResId id) {
    return (kind == null || kind.isEmpty() || kind.equals(id.kind()))
        && (group == null || group.equals(id.group()))
        && (version == null || version.isEmpty() || version.equals(id.version()));
  }

  /** Calls {@code visitor} at each place the specs that apply to {@code obj}'s id lead to. */
  static void visitAll(List<FieldSpec> specs, ObjectNode obj, ResId id, Visitor visitor)
      throws KustomizeException {
    for (FieldSpec spec : specs) {
      if (spec.appliesTo(id)) {
        spec.visit(obj, visitor);
      }
    }
  }

  /** Calls {@code visitor} for each place the path leads to in {@code obj}. */
  void visit(ObjectNode obj, Visitor visitor) throws KustomizeException {
    walk(obj, 0, visitor);
  }

  private void walk(ObjectNode node, int i, Visitor visitor) throws KustomizeException {
    String seg = path.get(i);
    String name = seg.endsWith("[]") ? seg.substring(0, seg.length() - 2) : seg;
    boolean last = i == path.size() - 1;
    if (last) {
      if (node.has(name) || create) {
        visitor.visit(node, name);
      }
      return;
    }
    JsonNode child = node.get(name);
    if (child == null || child.isNull()) {
      if (!create) {
        return;
      }
      child = node.putObject(name);
    }
    if (child instanceof ArrayNode arr) {
      for (JsonNode el : arr) {
        if (el instanceof ObjectNode o) {
          walk(o, i + 1, visitor);
        }
      }
    } else if (child instanceof ObjectNode o) {
      walk(o, i + 1, visitor);
    }
  }
}
