package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;

/**
 * A scalar without a YAML tag, as a replacement creates it: kustomize reads it like a plain scalar
 * when it prints (a replaced {@code "0123"} comes out as {@code 83}), while vars, which run before,
 * treat it as a string. It is text until {@link #resolveAll} gives it the type a plain scalar with
 * its text has.
 */
final class UntaggedScalar extends TextNode {
  UntaggedScalar(String text) {
    super(text);
  }

  static void resolveAll(List<Res> resources) {
    for (Res r : resources) {
      r.obj = (ObjectNode) resolve(r.obj);
    }
  }

  private static JsonNode resolve(JsonNode n) {
    if (n instanceof UntaggedScalar u) {
      return ScalarResolver.resolve(u.asText());
    }
    if (n instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> e : o.properties()) {
        JsonNode v = e.getValue();
        if (v.isContainerNode() || v instanceof UntaggedScalar) e.setValue(resolve(v));
      }
    } else if (n instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        JsonNode v = a.get(i);
        if (v.isContainerNode() || v instanceof UntaggedScalar) a.set(i, resolve(v));
      }
    }
    return n;
  }
}
