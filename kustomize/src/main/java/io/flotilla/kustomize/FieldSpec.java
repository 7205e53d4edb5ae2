package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where a transformer writes, as data: an optional group and kind to match, a slash-separated path
 * ({@code spec/template/metadata/labels}; {@code name[]} walks every element of an array) and
 * whether missing maps on the way are created.
 */
record FieldSpec(String group, String kind, String path, boolean create) {

  static FieldSpec any(String path, boolean create) {
    return new FieldSpec(null, null, path, create);
  }

  static FieldSpec of(String group, String kind, String path, boolean create) {
    return new FieldSpec(group, kind, path, create);
  }

  boolean appliesTo(ResId id) {
    return (kind == null || kind.equals(id.kind())) && (group == null || group.equals(id.group()));
  }

  /** Calls {@code action} with each map the path leads to in {@code obj}. */
  void visitMaps(ObjectNode obj, Consumer<ObjectNode> action) {
    visit(obj, List.of(path.split("/")), 0, action);
  }

  private void visit(ObjectNode node, List<String> segs, int i, Consumer<ObjectNode> action) {
    String seg = segs.get(i);
    boolean array = seg.endsWith("[]");
    String name = array ? seg.substring(0, seg.length() - 2) : seg;
    boolean last = i == segs.size() - 1;
    JsonNode child = node.get(name);
    if (array) {
      if (child instanceof ArrayNode arr) {
        for (JsonNode el : arr) {
          if (el instanceof ObjectNode o) {
            if (last) action.accept(o);
            else visit(o, segs, i + 1, action);
          }
        }
      }
      return;
    }
    if (child == null || child.isNull()) {
      if (!create) {
        return;
      }
      child = node.putObject(name);
    }
    if (!(child instanceof ObjectNode o)) {
      return;
    }
    if (last) action.accept(o);
    else visit(o, segs, i + 1, action);
  }
}
