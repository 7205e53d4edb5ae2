package io.flotilla.kube.proto;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes the small JSON trees protobuf carries as raw bytes (a managedFields entry's {@code
 * fieldsV1}: objects of objects keyed by strings) straight into the protobuf buffer, the bytes
 * Jackson would write, without a generator per value. Anything but objects and strings is left to
 * Jackson.
 */
final class CompactJson {
  private CompactJson() {}

  /**
   * @return false, with part of it written, when the tree holds a value this writer leaves to
   *     Jackson (the caller rewinds)
   */
  static boolean write(JsonNode node, ProtoWriter out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        out.ascii('{');
        boolean first = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          if (!first) {
            out.ascii(',');
          }
          first = false;
          out.jsonString(e.getKey());
          out.ascii(':');
          if (!write(e.getValue(), out)) {
            return false;
          }
        }
        out.ascii('}');
        return true;
      }
      case STRING -> {
        out.jsonString(node.textValue());
        return true;
      }
      default -> {
        return false;
      }
    }
  }
}
