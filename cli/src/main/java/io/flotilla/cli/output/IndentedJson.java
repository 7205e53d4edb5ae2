package io.flotilla.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The layout Python's {@code json.dumps(indent=2)} and Go's {@code json.MarshalIndent(v, "", " ")}
 * share: two spaces a level, one member per line, {@code "key": value}, empty containers as {@code
 * {}}/{@code []}. How scalars (and keys, as text) are spelled is the caller's.
 */
public final class IndentedJson {
  /** Writes one scalar (or a key, as a text node) as the emulated library spells it. */
  public interface Scalars {
    void write(JsonNode scalar, StringBuilder out);
  }

  private final boolean sortKeys;
  private final Scalars scalars;

  private IndentedJson(boolean sortKeys, Scalars scalars) {
    this.sortKeys = sortKeys;
    this.scalars = scalars;
  }

  /** {@code node} laid out; members in their order, or sorted by name when {@code sortKeys}. */
  public static String write(JsonNode node, boolean sortKeys, Scalars scalars) {
    StringBuilder out = new StringBuilder();
    new IndentedJson(sortKeys, scalars).write(node, out, "");
    return out.toString();
  }

  private void write(JsonNode node, StringBuilder out, String indent) {
    String inner = indent + "  ";
    if (node != null && node.isObject()) {
      if (node.isEmpty()) {
        out.append("{}");
        return;
      }
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      if (sortKeys) {
        Collections.sort(names);
      }
      out.append("{\n");
      for (int i = 0; i < names.size(); i++) {
        out.append(inner);
        scalars.write(TextNode.valueOf(names.get(i)), out);
        out.append(": ");
        write(node.get(names.get(i)), out, inner);
        out.append(i + 1 < names.size() ? ",\n" : "\n");
      }
      out.append(indent).append('}');
    } else if (node != null && node.isArray()) {
      if (node.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      for (int i = 0; i < node.size(); i++) {
        out.append(inner);
        write(node.get(i), out, inner);
        out.append(i + 1 < node.size() ? ",\n" : "\n");
      }
      out.append(indent).append(']');
    } else {
      scalars.write(node, out);
    }
  }
}
