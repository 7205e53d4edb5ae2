package io.flotilla.cli.flux;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON as Go's {@code json.MarshalIndent(v, "", " ")} writes it: {@code "key": value}, one member
 * per line, empty containers as {@code {}}/{@code []}, and {@code <}, {@code >}, {@code &} escaped.
 */
final class GoJson {
  private GoJson() {}

  static String indent(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(out, node, "");
    return out.toString();
  }

  private static void write(StringBuilder out, JsonNode node, String indent) {
    String inner = indent + "  ";
    if (node.isObject()) {
      if (node.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        out.append(inner).append(scalar(Kube.JSON.getNodeFactory().textNode(f.getKey())));
        out.append(": ");
        write(out, f.getValue(), inner);
        out.append(fields.hasNext() ? ",\n" : "\n");
      }
      out.append(indent).append('}');
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      for (int i = 0; i < node.size(); i++) {
        out.append(inner);
        write(out, node.get(i), inner);
        out.append(i < node.size() - 1 ? ",\n" : "\n");
      }
      out.append(indent).append(']');
    } else {
      out.append(scalar(node));
    }
  }

  private static String scalar(JsonNode node) {
    try {
      return Kube.JSON
          .writeValueAsString(node)
          .replace("<", "\\u003c")
          .replace(">", "\\u003e")
          .replace("&", "\\u0026");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
