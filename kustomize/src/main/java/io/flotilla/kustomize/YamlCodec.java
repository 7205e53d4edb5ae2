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
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ParserException;
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
  private static final Set<String> YAML11_TRUE =
      Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE");
  private static final Set<String> YAML11_FALSE =
      Set.of("n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE");
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
    return parse(text, file, false);
  }

  /**
   * {@link #parse}, reading plain scalars as go-yaml v2 does when {@code yaml11}: kustomization
   * files go through sigs.k8s.io/yaml, where {@code yes}, {@code on}, {@code y} … are booleans and
   * a timestamp stays the text it was.
   */
  static List<Document> parse(String text, String file, boolean yaml11) throws KustomizeException {
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
        JsonNode json = convert(node, file, yaml11);
        if (json != null && !json.isNull()) {
          docs.add(new Document(json, line(node)));
        }
      }
    } catch (MarkedYamlEngineException e) {
      String p = e.getProblem() == null ? "" : e.getProblem();
      if (p.startsWith("found undefined alias ")) {
        String name = p.substring("found undefined alias ".length());
        throw malformed(file, 0, "unknown anchor '" + name + "' referenced");
      }
      throw malformed(file, goYamlLine(e, false), goYamlProblem(e));
    } catch (YamlEngineException e) {
      throw malformed(file, 0, e.getMessage());
    }
    return docs;
  }

  /**
   * The line go-yaml names: a scanner error counts from 1, a parser error from 0; yaml.v3 (which
   * reads resources) prefers the context's line, yaml.v2 (which reads kustomization files) the
   * problem's; a line 0 is not named.
   */
  static int goYamlLine(MarkedYamlEngineException e, boolean v2) {
    int offset = e instanceof ParserException ? 0 : 1;
    int context = e.getContextMark().map(Mark::getLine).orElse(0);
    int problem = e.getProblemMark().map(Mark::getLine).orElse(0);
    int first = v2 ? problem : context;
    int second = v2 ? context : problem;
    if (first != 0) return first + offset;
    if (second != 0) return second + offset;
    return 0;
  }

  /** libyaml's wording for the problems snakeyaml words differently. */
  static String goYamlProblem(MarkedYamlEngineException e) {
    String p = e.getProblem() == null ? e.getContext() : e.getProblem();
    if (p == null) return "unknown problem parsing YAML content";
    if (p.startsWith("expected ',' or ']'")) return "did not find expected ',' or ']'";
    if (p.startsWith("expected ',' or '}'")) return "did not find expected ',' or '}'";
    if (p.startsWith("mapping values are not allowed")) {
      return "mapping values are not allowed in this context";
    }
    if (p.contains("that cannot start any token")) {
      return "found character that cannot start any token";
    }
    if (p.startsWith("expected <block end>")) {
      String c = e.getContext() == null ? "" : e.getContext();
      if (c.contains("block collection") || c.contains("block sequence")) {
        return "did not find expected '-' indicator";
      }
      return "did not find expected key";
    }
    return p;
  }

  /** A kustomization file's syntax error, as kustomize (through yaml.v2) reports it. */
  static String kustomizationSyntaxError(String text, String file) {
    try {
      new Compose(LoadSettings.builder().setLabel(file).build())
          .composeAllFromString(text)
          .forEach(n -> {});
      return null;
    } catch (MarkedYamlEngineException e) {
      int line = goYamlLine(e, true);
      return "yaml: " + (line > 0 ? "line " + line + ": " : "") + goYamlProblem(e);
    } catch (YamlEngineException e) {
      return "yaml: " + e.getMessage();
    }
  }

  static KustomizeException malformed(String file, int line, String problem) {
    String where = line > 0 ? "line " + line + ": " : "";
    return new KustomizeException(
        "MalformedYAMLError: yaml: %s%s in File: %s".formatted(where, problem, file));
  }

  private static int line(Node node) {
    return node.getStartMark().map(Mark::getLine).map(l -> l + 1).orElse(0);
  }

  private static JsonNode convert(Node node, String file, boolean yaml11)
      throws KustomizeException {
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
        obj.set(k, convert(t.getValueNode(), file, yaml11));
      }
      return obj;
    }
    if (node instanceof SequenceNode seq) {
      ArrayNode arr = F.arrayNode();
      for (Node item : seq.getValue()) {
        arr.add(convert(item, file, yaml11));
      }
      return arr;
    }
    ScalarNode s = (ScalarNode) node;
    String v = s.getValue();
    if (!s.isPlain()) {
      return F.textNode(v);
    }
    Tag tag = s.getTag();
    if (yaml11) {
      if (YAML11_TRUE.contains(v)) return F.booleanNode(true);
      if (YAML11_FALSE.contains(v)) return F.booleanNode(false);
      JsonNode resolved = ScalarResolver.resolve(v);
      // v2 keeps a timestamp-looking value as its text when decoding into an interface
      return resolved.isTextual() ? F.textNode(v) : resolved;
    }
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
