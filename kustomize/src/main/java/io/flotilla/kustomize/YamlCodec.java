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
import org.snakeyaml.engine.v2.composer.Composer;
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
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * YAML in and out. Parsing uses snakeyaml-engine's composer (YAML 1.2 core schema) so errors can
 * name a line; documents become Jackson trees with their key order kept, within {@link YamlLimits}
 * (alias expansion, depth, size), so a hostile file fails its own build and nothing else. Output is
 * block YAML with kustomize's layout for sequences, documents separated by {@code ---}.
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
    try {
      return read(text, file, yaml11);
    } catch (Malformed e) {
      throw malformed(file, e.line, e.problem);
    }
  }

  /** A document that is not YAML, or breaks a {@link YamlLimits} bound, at a line (0: none). */
  static final class Malformed extends Exception {
    final int line;
    final String problem;

    Malformed(int line, String problem) {
      super(problem, null, false, false);
      this.line = line;
      this.problem = problem;
    }

    /** As go-yaml words it: {@code yaml: line 3: mapping key "a" already defined at line 2}. */
    String goYamlMessage() {
      return "yaml: " + (line > 0 ? "line " + line + ": " : "") + problem;
    }
  }

  /** {@link #parse} failing with {@link Malformed}, which names no file. */
  static List<Document> read(String text, String file, boolean yaml11) throws Malformed {
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setSchema(new CoreSchema())
            // aliases are bounded by go-yaml's expansion budget while converting, not by count
            .setMaxAliasesForCollections(Integer.MAX_VALUE)
            .setAllowRecursiveKeys(false)
            .setCodePointLimit(YamlLimits.MAX_DOCUMENT_CODE_POINTS)
            .build();
    List<Document> docs = new ArrayList<>();
    try {
      Composer composer = composer(settings, text);
      while (composer.hasNext()) {
        Node node = composer.next();
        JsonNode json = convert(node, yaml11, new YamlLimits.Expansion());
        if (json != null && !json.isNull()) {
          docs.add(new Document(json, line(node)));
        }
      }
    } catch (MarkedYamlEngineException e) {
      String p = e.getProblem() == null ? "" : e.getProblem();
      if (p.startsWith("found undefined alias ")) {
        String name = p.substring("found undefined alias ".length());
        throw new Malformed(0, "unknown anchor '" + name + "' referenced");
      }
      throw new Malformed(goYamlLine(e, false), goYamlProblem(e));
    } catch (YamlEngineException e) {
      throw new Malformed(0, sizeProblem(e.getMessage()));
    } catch (YamlLimits.Exceeded e) {
      throw new Malformed(0, e.getMessage());
    }
    return docs;
  }

  /** A composer over {@code text} that refuses nesting deeper than {@link YamlLimits#MAX_DEPTH}. */
  private static Composer composer(LoadSettings settings, String text) {
    return new Composer(
        settings,
        new YamlLimits.DepthLimited(new ParserImpl(settings, new StreamReader(settings, text))));
  }

  /** snakeyaml's size refusal, said with the limit in bytes as a user counts them. */
  private static String sizeProblem(String message) {
    if (message != null && message.startsWith("The incoming YAML document exceeds the limit")) {
      return "document is larger than %d MiB (%d code points), the most an object may be"
          .formatted(
              YamlLimits.MAX_DOCUMENT_CODE_POINTS >> 20, YamlLimits.MAX_DOCUMENT_CODE_POINTS);
    }
    return message;
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
      Composer composer =
          composer(
              LoadSettings.builder()
                  .setLabel(file)
                  .setMaxAliasesForCollections(Integer.MAX_VALUE)
                  .setCodePointLimit(YamlLimits.MAX_DOCUMENT_CODE_POINTS)
                  .build(),
              text);
      composer.forEachRemaining(n -> {});
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

  private static JsonNode convert(Node node, boolean yaml11, YamlLimits.Expansion expansion)
      throws Malformed {
    boolean alias = expansion.enter(node);
    try {
      return convertNode(node, yaml11, expansion);
    } finally {
      if (alias) {
        expansion.leaveAlias();
      }
    }
  }

  private static JsonNode convertNode(Node node, boolean yaml11, YamlLimits.Expansion expansion)
      throws Malformed {
    if (node instanceof MappingNode map) {
      expansion.open(map);
      ObjectNode obj = F.objectNode();
      Map<String, Integer> seen = new HashMap<>();
      for (NodeTuple t : map.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode key)) {
          throw new Malformed(line(t.getKeyNode()), "mapping keys must be scalars");
        }
        String k = key.getValue();
        Integer first = seen.putIfAbsent(k, line(key));
        if (first != null) {
          throw new Malformed(
              line(key), "mapping key \"%s\" already defined at line %d".formatted(k, first));
        }
        obj.set(k, convert(t.getValueNode(), yaml11, expansion));
      }
      expansion.close(map);
      return obj;
    }
    if (node instanceof SequenceNode seq) {
      expansion.open(seq);
      ArrayNode arr = F.arrayNode();
      for (Node item : seq.getValue()) {
        arr.add(convert(item, yaml11, expansion));
      }
      expansion.close(seq);
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
