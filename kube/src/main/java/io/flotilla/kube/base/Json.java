package io.flotilla.kube.base;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Shared Jackson plumbing and small tree helpers. */
public final class Json {
  public static final JsonNodeFactory F = new IntPreferringNodeFactory();
  public static final ObjectMapper MAPPER = new ObjectMapper().setNodeFactory(F);
  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).setNodeFactory(F);

  /**
   * Makes a whole number that fits an int an {@code IntNode} however it was made ({@code put(k,
   * 1L)} or parsed), so a tree built in code equals the same tree read back from the store, where
   * objects live as JSON. Jackson's {@code IntNode} and {@code LongNode} are never equal.
   */
  private static final class IntPreferringNodeFactory extends JsonNodeFactory {
    IntPreferringNodeFactory() {
      super(false);
    }

    @Override
    public NumericNode numberNode(long v) {
      return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
    }

    @Override
    public ValueNode numberNode(Long v) {
      return v == null ? nullNode() : numberNode(v.longValue());
    }
  }

  private Json() {}

  public static ObjectNode object() {
    return F.objectNode();
  }

  /** An object of text fields in the order given: {@code fields("type", t, "status", s)}. */
  public static ObjectNode fields(String... namesAndValues) {
    ObjectNode o = object();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      o.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return o;
  }

  public static ArrayNode array() {
    return F.arrayNode();
  }

  public static JsonNode parse(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw ApiException.badRequest(
          "the object provided is unrecognized or malformed: " + firstLine(e));
    }
  }

  public static JsonNode parseYamlOrJson(byte[] body) {
    if (looksLikeJsonObject(body)) {
      // JSON is YAML; Jackson's JSON parser reads it several times faster than the YAML one.
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        // not plain JSON after all (say, a YAML flow mapping): let the YAML parser decide
      }
    }
    try {
      return YAML.readTree(body);
    } catch (IOException e) {
      throw ApiException.badRequest("error decoding YAML: " + firstLine(e));
    }
  }

  private static boolean looksLikeJsonObject(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b == '{';
      }
    }
    return false;
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(IOException e) {
    String m =
        e instanceof com.fasterxml.jackson.core.JsonProcessingException jp
            ? jp.getOriginalMessage()
            : String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /** RFC 3339 with seconds, as Kubernetes writes timestamps. */
  public static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static ObjectNode meta(ObjectNode obj) {
    JsonNode m = obj.get("metadata");
    if (m instanceof ObjectNode on) {
      return on;
    }
    return obj.putObject("metadata");
  }

  public static String text(JsonNode node, String... path) {
    JsonNode n = walk(node, path);
    return n == null || n.isNull() ? null : n.asText();
  }

  public static JsonNode at(JsonNode node, String... path) {
    JsonNode n = walk(node, path);
    return n == null || n.isNull() || n.isMissingNode() ? null : n;
  }

  /** The node down {@code path}, or null where a step is absent. */
  private static JsonNode walk(JsonNode node, String... path) {
    JsonNode n = node;
    for (String p : path) {
      if (n == null) {
        return null;
      }
      n = n.get(p);
    }
    return n;
  }

  /** Sets {@code field} unless {@code value} is null, as Go leaves out an unset optional field. */
  public static void putIfNotNull(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  public static ObjectNode child(ObjectNode parent, String name) {
    JsonNode n = parent.get(name);
    if (n instanceof ObjectNode on) {
      return on;
    }
    return parent.putObject(name);
  }

  /** The texts of a JSON array, empty when {@code arr} is missing or no array. */
  public static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    if (arr != null && arr.isArray()) {
      arr.forEach(n -> out.add(n.asText()));
    }
    return out;
  }
}
