package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * YAML in and out. Parsing uses snakeyaml-engine's composer (YAML 1.2 core schema) so errors can
 * name a line; documents become Jackson trees with their key order kept. Output is block YAML with
 * kustomize's layout for sequences, documents separated by {@code ---}.
 */
final class YamlCodec {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final YAMLMapper OUT =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                  .disable(YAMLGenerator.Feature.SPLIT_LINES)
                  .build())
          .build();

  private YamlCodec() {}

  /** One parsed document and the line (1-based) it starts on. */
  record Document(JsonNode node, int line) {}

  /**
   * Parses all documents of {@code text}; empty documents are dropped.
   *
   * @param file the name shown in errors (relative to the build root)
   */
  static List<Document> parse(String text, String file) throws KustomizeException {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setSchema(new CoreSchema())
            .setMaxAliasesForCollections(100)
            .setAllowRecursiveKeys(false)
            .build();
    List<Document> docs = new ArrayList<>();
    try {
      for (Node node : new Compose(settings).composeAllFromString(text)) {
        JsonNode json = convert(node, file);
        if (json != null && !json.isNull()) {
          docs.add(new Document(json, line(node)));
        }
      }
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
      throw malformed(file, line, e.getProblem() == null ? e.getContext() : e.getProblem());
    } catch (YamlEngineException e) {
      throw malformed(file, 0, e.getMessage());
    }
    return docs;
  }

  static KustomizeException malformed(String file, int line, String problem) {
    String where = line > 0 ? "line " + line + ": " : "";
    return new KustomizeException(
        "MalformedYAMLError: yaml: %s%s in File: %s".formatted(where, problem, file));
  }

  private static int line(Node node) {
    return node.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(0);
  }

  private static JsonNode convert(Node node, String file) throws KustomizeException {
    if (node instanceof MappingNode map) {
      ObjectNode obj = F.objectNode();
      Map<String, Integer> seen = new HashMap<>();
      for (NodeTuple t : map.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode key)) {
          throw malformed(file, line(t.getKeyNode()), "mapping keys must be scalars");
        }
        String k = key.getValue();
        Integer first = seen.putIfAbsent(k, line(key));
        if (first != null) {
          throw malformed(
              file, line(key), "mapping key \"%s\" already defined at line %d".formatted(k, first));
        }
        obj.set(k, convert(t.getValueNode(), file));
      }
      return obj;
    }
    if (node instanceof SequenceNode seq) {
      ArrayNode arr = F.arrayNode();
      for (Node item : seq.getValue()) {
        arr.add(convert(item, file));
      }
      return arr;
    }
    ScalarNode s = (ScalarNode) node;
    String v = s.getValue();
    if (!s.isPlain()) {
      return F.textNode(v);
    }
    Tag tag = s.getTag();
    if (tag.equals(Tag.STR) && !ScalarResolver.looksTyped(v)) {
      return F.textNode(v);
    }
    return ScalarResolver.resolve(v);
  }

  /** One object as kustomize prints it. */
  static String write(JsonNode node) {
    return GoYamlEmitter.write(node);
  }

  /** Objects as YAML documents separated by {@code ---}. */
  static String writeAll(List<? extends JsonNode> nodes) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      if (i > 0) {
        out.append("---\n");
      }
      out.append(write(nodes.get(i)));
    }
    return out.toString();
  }
}
