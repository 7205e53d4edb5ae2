package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** Turning parsed documents into resources: validation and {@code List} expansion. */
final class Resources {
  private Resources() {}

  static ObjectNode metadata(ObjectNode r) {
    JsonNode m = r.get("metadata");
    return m instanceof ObjectNode o ? o : r.putObject("metadata");
  }

  /**
   * The Kubernetes objects of a file: each document must be a map with {@code kind} and {@code
   * metadata.name}; {@code kind: *List} documents contribute their {@code items}.
   */
  static List<ObjectNode> fromDocuments(List<YamlCodec.Document> docs, String file)
      throws KustomizeException {
    List<ObjectNode> out = new ArrayList<>();
    for (YamlCodec.Document d : docs) {
      add(d.node(), d.line(), file, out);
    }
    return out;
  }

  private static void add(JsonNode node, int line, String file, List<ObjectNode> out)
      throws KustomizeException {
    if (!(node instanceof ObjectNode obj)) {
      throw invalid(
          file,
          line,
          "missing Resource metadata: expected a map, got a "
              + node.getNodeType().name().toLowerCase());
    }
    String kind = obj.path("kind").asText("");
    if (kind.isEmpty()) {
      throw invalid(file, line, "missing kind in object");
    }
    if (kind.endsWith("List") && obj.get("items") instanceof ArrayNode items) {
      for (JsonNode item : items) {
        add(item, line, file, out);
      }
      return;
    }
    if (obj.path("metadata").path("name").asText("").isEmpty()) {
      throw invalid(file, line, "missing metadata.name in object of kind " + kind);
    }
    out.add(obj);
  }

  private static KustomizeException invalid(String file, int line, String problem) {
    return new KustomizeException("%s (line %d): %s".formatted(file, line, problem));
  }
}
