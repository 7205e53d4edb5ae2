package io.flotilla.kube.proto;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.base.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Swagger 2.0 document in the protobuf form of gnostic's {@code openapi.v2.Document}, which is
 * what client-go's {@code OpenAPISchema()} requests and decodes ({@code Accept:
 * application/com.github.proto-openapi.spec.v2@v1.0+protobuf}): kubectl's client-side validation
 * and {@code explain --output plaintext-openapiv2}, Helm's install validation.
 *
 * <p>Only the parts of the schema kube-apiserver's documents use are written; field numbers are
 * those of gnostic's OpenAPIv2.proto. Values without a message of their own ({@code default},
 * {@code enum} entries, {@code x-*} extensions) are gnostic's {@code Any} with their YAML text;
 * JSON is YAML, so they carry their JSON.
 */
public final class GnosticProto {
  private GnosticProto() {}

  private static final Map<String, Integer> PATH_ITEM_OPERATIONS =
      Map.of("get", 2, "put", 3, "post", 4, "delete", 5, "options", 6, "head", 7, "patch", 8);

  public static byte[] document(JsonNode d) {
    Msg m = new Msg();
    m.string(1, d.path("swagger").asText(null));
    if (d.has("info")) {
      Msg info = new Msg();
      info.string(1, d.path("info").path("title").asText(null));
      info.string(2, d.path("info").path("version").asText(null));
      info.string(3, d.path("info").path("description").asText(null));
      m.message(2, info.bytes());
    }
    m.string(3, d.path("host").asText(null));
    m.string(4, d.path("basePath").asText(null));
    m.strings(5, d.path("schemes"));
    m.strings(6, d.path("consumes"));
    m.strings(7, d.path("produces"));
    if (d.has("paths")) {
      Msg paths = new Msg();
      for (Map.Entry<String, JsonNode> p : fields(d.get("paths"))) {
        if (p.getKey().startsWith("x-")) {
          paths.message(1, namedAny(p.getKey(), p.getValue()));
        } else {
          paths.message(2, named(p.getKey(), pathItem(p.getValue())));
        }
      }
      m.message(8, paths.bytes());
    }
    if (d.has("definitions")) {
      Msg defs = new Msg();
      for (Map.Entry<String, JsonNode> e : fields(d.get("definitions"))) {
        defs.message(1, named(e.getKey(), schema(e.getValue())));
      }
      m.message(9, defs.bytes());
    }
    m.extensions(16, d);
    return m.bytes();
  }

  private static byte[] pathItem(JsonNode p) {
    Msg m = new Msg();
    m.string(1, p.path("$ref").asText(null));
    for (Map.Entry<String, JsonNode> e : fields(p)) {
      Integer field = PATH_ITEM_OPERATIONS.get(e.getKey());
      if (field != null) {
        m.message(field, operation(e.getValue()));
      }
    }
    for (JsonNode param : p.path("parameters")) {
      m.message(9, parametersItem(param));
    }
    m.extensions(10, p);
    return m.bytes();
  }

  private static byte[] operation(JsonNode o) {
    Msg m = new Msg();
    m.strings(1, o.path("tags"));
    m.string(2, o.path("summary").asText(null));
    m.string(3, o.path("description").asText(null));
    m.string(5, o.path("operationId").asText(null));
    m.strings(6, o.path("produces"));
    m.strings(7, o.path("consumes"));
    for (JsonNode param : o.path("parameters")) {
      m.message(8, parametersItem(param));
    }
    if (o.has("responses")) {
      Msg responses = new Msg();
      for (Map.Entry<String, JsonNode> r : fields(o.get("responses"))) {
        if (r.getKey().startsWith("x-")) {
          responses.message(2, namedAny(r.getKey(), r.getValue()));
          continue;
        }
        Msg response = new Msg();
        response.string(1, r.getValue().path("description").asText(null));
        if (r.getValue().has("schema")) {
          response.message(2, new Msg().message(1, schema(r.getValue().get("schema"))).bytes());
        }
        response.extensions(5, r.getValue());
        byte[] value = new Msg().message(1, response.bytes()).bytes();
        responses.message(1, named(r.getKey(), value));
      }
      m.message(9, responses.bytes());
    }
    m.strings(10, o.path("schemes"));
    m.bool(11, o.path("deprecated").asBoolean(false));
    m.extensions(13, o);
    return m.bytes();
  }

  private static byte[] parametersItem(JsonNode p) {
    if (p.has("$ref")) {
      Msg ref = new Msg();
      ref.string(1, p.get("$ref").asText());
      ref.string(2, p.path("description").asText(null));
      return new Msg().message(2, ref.bytes()).bytes();
    }
    Msg parameter = new Msg();
    String in = p.path("in").asText("");
    if (in.equals("body")) {
      Msg body = new Msg();
      body.string(1, p.path("description").asText(null));
      body.string(2, p.path("name").asText(null));
      body.string(3, in);
      body.bool(4, p.path("required").asBoolean(false));
      if (p.has("schema")) {
        body.message(5, schema(p.get("schema")));
      }
      body.extensions(6, p);
      parameter.message(1, body.bytes());
    } else {
      // query and formData schemas have allowEmptyValue at 5, shifting the rest by one
      boolean shifted = in.equals("query") || in.equals("formData");
      int kind =
          switch (in) {
            case "header" -> 1;
            case "formData" -> 2;
            case "query" -> 3;
            default -> 4; // path
          };
      int s = shifted ? 1 : 0;
      Msg sub = new Msg();
      sub.bool(1, p.path("required").asBoolean(false));
      sub.string(2, in);
      sub.string(3, p.path("description").asText(null));
      sub.string(4, p.path("name").asText(null));
      if (shifted) {
        sub.bool(5, p.path("allowEmptyValue").asBoolean(false));
      }
      sub.string(5 + s, p.path("type").asText(null));
      sub.string(6 + s, p.path("format").asText(null));
      sub.string(8 + s, p.path("collectionFormat").asText(null));
      sub.bool(19 + s, p.path("uniqueItems").asBoolean(false));
      sub.extensions(22 + s, p);
      parameter.message(2, new Msg().message(kind, sub.bytes()).bytes());
    }
    return new Msg().message(1, parameter.bytes()).bytes();
  }

  static byte[] schema(JsonNode s) {
    Msg m = new Msg();
    m.string(1, s.path("$ref").asText(null));
    m.string(2, s.path("format").asText(null));
    m.string(3, s.path("title").asText(null));
    m.string(4, s.path("description").asText(null));
    if (s.has("default")) {
      m.message(5, any(s.get("default")));
    }
    m.dbl(6, s.path("multipleOf").asDouble(0));
    m.dbl(7, s.path("maximum").asDouble(0));
    m.bool(8, s.path("exclusiveMaximum").asBoolean(false));
    m.dbl(9, s.path("minimum").asDouble(0));
    m.bool(10, s.path("exclusiveMinimum").asBoolean(false));
    m.int64(11, s.path("maxLength").asLong(0));
    m.int64(12, s.path("minLength").asLong(0));
    m.string(13, s.path("pattern").asText(null));
    m.int64(14, s.path("maxItems").asLong(0));
    m.int64(15, s.path("minItems").asLong(0));
    m.bool(16, s.path("uniqueItems").asBoolean(false));
    m.int64(17, s.path("maxProperties").asLong(0));
    m.int64(18, s.path("minProperties").asLong(0));
    m.strings(19, s.path("required"));
    for (JsonNode e : s.path("enum")) {
      m.message(20, any(e));
    }
    JsonNode additional = s.get("additionalProperties");
    if (additional != null) {
      Msg a = new Msg();
      if (additional.isBoolean()) {
        a.boolAlways(2, additional.asBoolean());
      } else {
        a.message(1, schema(additional));
      }
      m.message(21, a.bytes());
    }
    JsonNode type = s.get("type");
    if (type != null) {
      Msg t = new Msg();
      if (type.isArray()) {
        t.strings(1, type);
      } else {
        t.string(1, type.asText());
      }
      m.message(22, t.bytes());
    }
    JsonNode items = s.get("items");
    if (items != null) {
      Msg i = new Msg();
      for (JsonNode item : items.isArray() ? items : List.of(items)) {
        i.message(1, schema(item));
      }
      m.message(23, i.bytes());
    }
    for (JsonNode all : s.path("allOf")) {
      m.message(24, schema(all));
    }
    if (s.has("properties")) {
      Msg props = new Msg();
      for (Map.Entry<String, JsonNode> p : fields(s.get("properties"))) {
        props.message(1, named(p.getKey(), schema(p.getValue())));
      }
      m.message(25, props.bytes());
    }
    m.string(26, s.path("discriminator").asText(null));
    m.bool(27, s.path("readOnly").asBoolean(false));
    if (s.has("externalDocs")) {
      Msg docs = new Msg();
      docs.string(1, s.get("externalDocs").path("description").asText(null));
      docs.string(2, s.get("externalDocs").path("url").asText(null));
      m.message(29, docs.bytes());
    }
    if (s.has("example")) {
      m.message(30, any(s.get("example")));
    }
    m.extensions(31, s);
    return m.bytes();
  }

  /** gnostic's Named* messages: the name, then the value's message. */
  private static byte[] named(String name, byte[] value) {
    return new Msg().string(1, name).message(2, value).bytes();
  }

  private static byte[] namedAny(String name, JsonNode value) {
    return named(name, any(value));
  }

  /** gnostic's Any: the value as YAML text (field 2), which JSON is. */
  private static byte[] any(JsonNode value) {
    return new Msg().string(2, Json.write(value) + "\n").bytes();
  }

  private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode n) {
    return n::fields;
  }

  /**
   * One message being written; empty scalars are left out, as proto3 does. Hand-rolled over a
   * growing array: the document is tens of thousands of small nested messages, and protobuf-java's
   * CodedOutputStream costs a 4 KiB buffer each.
   */
  private static final class Msg {
    private byte[] buf = new byte[32];
    private int len;

    Msg string(int field, String v) {
      if (v != null && !v.isEmpty()) {
        message(field, v.getBytes(StandardCharsets.UTF_8));
      }
      return this;
    }

    Msg strings(int field, JsonNode array) {
      for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
        message(field, it.next().asText().getBytes(StandardCharsets.UTF_8));
      }
      return this;
    }

    Msg bool(int field, boolean v) {
      if (v) {
        boolAlways(field, true);
      }
      return this;
    }

    /** A oneof member: written even when false. */
    Msg boolAlways(int field, boolean v) {
      varint((long) field << 3);
      varint(v ? 1 : 0);
      return this;
    }

    Msg int64(int field, long v) {
      if (v != 0) {
        varint((long) field << 3);
        varint(v);
      }
      return this;
    }

    Msg dbl(int field, double v) {
      if (v != 0) {
        varint(((long) field << 3) | 1);
        long bits = Double.doubleToRawLongBits(v);
        ensure(8);
        len = ProtoWriter.putFixed(buf, len, bits, 8);
      }
      return this;
    }

    /** A length-delimited field: a nested message, a string or bytes. */
    Msg message(int field, byte[] m) {
      varint(((long) field << 3) | 2);
      varint(m.length);
      ensure(m.length);
      System.arraycopy(m, 0, buf, len, m.length);
      len += m.length;
      return this;
    }

    /** The node's {@code x-*} fields as NamedAny at {@code field}. */
    Msg extensions(int field, JsonNode n) {
      for (Map.Entry<String, JsonNode> e : fields(n)) {
        if (e.getKey().startsWith("x-")) {
          message(field, namedAny(e.getKey(), e.getValue()));
        }
      }
      return this;
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, len);
    }

    private void varint(long v) {
      ensure(10);
      len = ProtoWriter.putVarint(buf, len, v);
    }

    private void ensure(int more) {
      if (len + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
      }
    }
  }
}
