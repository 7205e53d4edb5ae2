package io.flotilla.kube.proto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import io.flotilla.kube.base.GoBase64;
import io.flotilla.kube.base.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Transcodes between our JSON objects and Kubernetes' protobuf messages, generically by descriptor.
 * The special cases are the types whose JSON form is not their proto form: times, durations,
 * int-or-string, quantities, embedded raw JSON (RawExtension, FieldsV1, apiextensions JSON) and the
 * JSON-schema unions of a CRD. Byte fields are base64 in JSON, raw in proto.
 */
public final class ProtoJson {
  private static final String APIEXT_V1 =
      "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

  /** JSON key → field, per message (JSONSchemaProps spells some keys differently). */
  private static final Map<Descriptor, Map<String, FieldDescriptor>> FIELDS =
      new ConcurrentHashMap<>();

  private static final Map<Descriptor, Map<FieldDescriptor, String>> KEYS =
      new ConcurrentHashMap<>();

  private ProtoJson() {}

  /** A field value that cannot be read as its proto type, named by its JSON path. */
  public static final class Malformed extends RuntimeException {
    public Malformed(String message) {
      super(message, null, false, false);
    }
  }

  // ---- JSON → proto

  static Message toProto(JsonNode json, Descriptor d) {
    return message(json, d, "");
  }

  private static Message message(JsonNode json, Descriptor d, String path) {
    DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
    String name = d.getFullName();
    switch (special(name)) {
      case TIME, MICRO_TIME -> {
        Instant t = instant(json, path);
        return b.setField(field(d, "seconds"), t.getEpochSecond())
            .setField(field(d, "nanos"), name.endsWith("MicroTime") ? t.getNano() / 1000 * 1000 : 0)
            .build();
      }
      case DURATION -> {
        return b.setField(field(d, "duration"), GoDurations.parse(text(json, path), path)).build();
      }
      case INT_OR_STRING -> {
        if (json.isIntegralNumber()) {
          return b.setField(field(d, "type"), 0L)
              .setField(field(d, "intVal"), json.intValue())
              .build();
        }
        return b.setField(field(d, "type"), 1L).setField(field(d, "strVal"), json.asText()).build();
      }
      case QUANTITY -> {
        return b.setField(field(d, "string"), json.asText()).build();
      }
      case RAW -> {
        return b.setField(d.getFields().get(0), ByteString.copyFrom(Json.bytes(json))).build();
      }
      case SCHEMA_OR_ARRAY -> {
        if (json.isArray()) {
          FieldDescriptor f = field(d, "jSONSchemas");
          for (JsonNode e : json) {
            b.addRepeatedField(f, message(e, f.getMessageType(), path));
          }
          return b.build();
        }
        return schemaOnly(b, d, json, path);
      }
      case SCHEMA_OR_BOOL -> {
        if (json.isBoolean()) {
          return b.setField(field(d, "allows"), json.booleanValue()).build();
        }
        b.setField(field(d, "allows"), true);
        return schemaOnly(b, d, json, path);
      }
      case SCHEMA_OR_STRINGS -> {
        if (json.isArray()) {
          for (JsonNode e : json) {
            b.addRepeatedField(field(d, "property"), e.asText());
          }
          return b.build();
        }
        return schemaOnly(b, d, json, path);
      }
      case NONE -> {
        // the ordinary case, below
      }
    }
    if (!json.isObject()) {
      throw new Malformed(path(path) + ": expected an object, got " + json.getNodeType());
    }
    Map<String, FieldDescriptor> fields = fields(d);
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      FieldDescriptor f = fields.get(e.getKey());
      JsonNode v = e.getValue();
      if (f == null || v.isNull()) {
        continue; // apiVersion/kind live in the envelope; unknown fields have no wire form
      }
      String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      if (f.isMapField()) {
        mapField(b, f, v, p);
      } else if (f.isRepeated()) {
        if (!v.isArray()) {
          throw new Malformed(p + ": expected a list, got " + v.getNodeType());
        }
        for (JsonNode item : v) {
          b.addRepeatedField(f, value(f, item, p));
        }
      } else {
        b.setField(f, value(f, v, p));
      }
    }
    return b.build();
  }

  private static Message schemaOnly(
      DynamicMessage.Builder b, Descriptor d, JsonNode json, String path) {
    FieldDescriptor f = field(d, "schema");
    return b.setField(f, message(json, f.getMessageType(), path)).build();
  }

  private static void mapField(DynamicMessage.Builder b, FieldDescriptor f, JsonNode v, String p) {
    if (!v.isObject()) {
      throw new Malformed(p + ": expected a map, got " + v.getNodeType());
    }
    Descriptor entry = f.getMessageType();
    FieldDescriptor key = entry.findFieldByNumber(1);
    FieldDescriptor val = entry.findFieldByNumber(2);
    List<String> keys = new ArrayList<>();
    v.fieldNames().forEachRemaining(keys::add);
    keys.sort(null); // Go writes map entries sorted by key
    for (String k : keys) {
      JsonNode item = v.get(k);
      if (item.isNull()) {
        continue;
      }
      b.addRepeatedField(
          f,
          DynamicMessage.newBuilder(entry)
              .setField(key, k)
              .setField(val, value(val, item, p + "." + k))
              .build());
    }
  }

  private static Object value(FieldDescriptor f, JsonNode v, String p) {
    return switch (f.getJavaType()) {
      case MESSAGE -> message(v, f.getMessageType(), p);
      case STRING -> v.isValueNode() ? v.asText() : fail(p, "a string", v);
      case BOOLEAN -> v.isBoolean() ? v.booleanValue() : fail(p, "a boolean", v);
      case INT -> v.canConvertToInt() ? v.intValue() : fail(p, "an integer", v);
      case LONG -> v.canConvertToLong() ? v.longValue() : fail(p, "an integer", v);
      case DOUBLE -> v.isNumber() ? v.doubleValue() : fail(p, "a number", v);
      case FLOAT -> v.isNumber() ? v.floatValue() : fail(p, "a number", v);
      case BYTE_STRING -> bytes(v, p);
      case ENUM -> fail(p, "no enum", v);
    };
  }

  private static ByteString bytes(JsonNode v, String p) {
    if (!v.isTextual()) {
      fail(p, "a base64 string", v);
    }
    try {
      return ByteString.copyFrom(GoBase64.decode(v.textValue()));
    } catch (IllegalArgumentException e) {
      throw new Malformed(p + ": " + e.getMessage());
    }
  }

  private static <T> T fail(String p, String expected, JsonNode v) {
    throw new Malformed(path(p) + ": expected " + expected + ", got " + v.getNodeType());
  }

  private static String path(String p) {
    return p.isEmpty() ? "the object" : p;
  }

  static String text(JsonNode v, String p) {
    return v.isTextual() ? v.textValue() : fail(p, "a string", v);
  }

  static Instant instant(JsonNode v, String p) {
    try {
      return OffsetDateTime.parse(text(v, p)).toInstant();
    } catch (DateTimeParseException e) {
      throw new Malformed(p + ": expected an RFC 3339 time, got \"" + v.asText() + "\"");
    }
  }

  // ---- proto → JSON

  static JsonNode toJson(Message m) {
    Descriptor d = m.getDescriptorForType();
    String name = d.getFullName();
    switch (special(name)) {
      case TIME, MICRO_TIME -> {
        long s = (Long) m.getField(field(d, "seconds"));
        int n = (Integer) m.getField(field(d, "nanos"));
        if (!m.hasField(field(d, "seconds")) && !m.hasField(field(d, "nanos"))) {
          return null; // Go's zero time, which JSON writes as null
        }
        Instant t = Instant.ofEpochSecond(s, n);
        return Json.F.textNode(name.endsWith("MicroTime") ? MICRO_TIME.format(t) : TIME.format(t));
      }
      case DURATION -> {
        return Json.F.textNode(GoDurations.format((Long) m.getField(field(d, "duration"))));
      }
      case INT_OR_STRING -> {
        long type = (Long) m.getField(field(d, "type"));
        return type == 1
            ? Json.F.textNode((String) m.getField(field(d, "strVal")))
            : Json.F.numberNode((Integer) m.getField(field(d, "intVal")));
      }
      case QUANTITY -> {
        return Json.F.textNode((String) m.getField(field(d, "string")));
      }
      case RAW -> {
        ByteString raw = (ByteString) m.getField(d.getFields().get(0));
        return raw.isEmpty() ? null : ProtoWire.embedded(raw.toByteArray());
      }
      case SCHEMA_OR_ARRAY -> {
        if (m.hasField(field(d, "schema"))) {
          return toJson((Message) m.getField(field(d, "schema")));
        }
        ArrayNode a = Json.array();
        for (Object e : (List<?>) m.getField(field(d, "jSONSchemas"))) {
          a.add(toJson((Message) e));
        }
        return a.isEmpty() ? null : a;
      }
      case SCHEMA_OR_BOOL -> {
        if (m.hasField(field(d, "schema"))) {
          return toJson((Message) m.getField(field(d, "schema")));
        }
        return Json.F.booleanNode((Boolean) m.getField(field(d, "allows")));
      }
      case SCHEMA_OR_STRINGS -> {
        if (m.hasField(field(d, "schema"))) {
          return toJson((Message) m.getField(field(d, "schema")));
        }
        ArrayNode a = Json.array();
        for (Object e : (List<?>) m.getField(field(d, "property"))) {
          a.add((String) e);
        }
        return a;
      }
      case NONE -> {
        // the ordinary case, below
      }
    }
    ObjectNode out = Json.object();
    Map<FieldDescriptor, String> keys = jsonKeys(d);
    for (FieldDescriptor f : d.getFields()) {
      String key = keys.get(f);
      if (f.isMapField()) {
        List<?> entries = (List<?>) m.getField(f);
        if (entries.isEmpty()) {
          continue;
        }
        ObjectNode map = out.putObject(key);
        for (Object o : entries) {
          Message e = (Message) o;
          Descriptor ed = e.getDescriptorForType();
          map.set(
              (String) e.getField(ed.findFieldByNumber(1)),
              scalar(ed.findFieldByNumber(2), e.getField(ed.findFieldByNumber(2))));
        }
      } else if (f.isRepeated()) {
        List<?> items = (List<?>) m.getField(f);
        if (items.isEmpty()) {
          continue;
        }
        ArrayNode a = out.putArray(key);
        for (Object o : items) {
          JsonNode v = scalar(f, o);
          a.add(v == null ? Json.F.nullNode() : v);
        }
      } else if (m.hasField(f)) {
        Object o = m.getField(f);
        if (f.getJavaType() == FieldDescriptor.JavaType.STRING && ((String) o).isEmpty()) {
          continue; // Go writes every non-pointer string; JSON omits the empty ones (omitempty)
        }
        JsonNode v = scalar(f, o);
        if (v != null) {
          out.set(key, v);
        }
      }
    }
    return out;
  }

  private static JsonNode scalar(FieldDescriptor f, Object o) {
    return switch (f.getJavaType()) {
      case MESSAGE -> toJson((Message) o);
      case STRING -> Json.F.textNode((String) o);
      case BOOLEAN -> Json.F.booleanNode((Boolean) o);
      case INT -> Json.F.numberNode((Integer) o);
      case LONG -> Json.F.numberNode((Long) o);
      case DOUBLE -> Json.F.numberNode((Double) o);
      case FLOAT -> Json.F.numberNode((Float) o);
      case BYTE_STRING ->
          Json.F.textNode(Base64.getEncoder().encodeToString(((ByteString) o).toByteArray()));
      case ENUM -> Json.F.textNode(String.valueOf(o));
    };
  }

  // ---- names and special types

  enum Special {
    NONE,
    TIME,
    MICRO_TIME,
    DURATION,
    INT_OR_STRING,
    QUANTITY,
    RAW,
    SCHEMA_OR_ARRAY,
    SCHEMA_OR_BOOL,
    SCHEMA_OR_STRINGS
  }

  static Special special(String fullName) {
    return switch (fullName) {
      case ProtoTypes.META + "Time" -> Special.TIME;
      case ProtoTypes.META + "MicroTime" -> Special.MICRO_TIME;
      case ProtoTypes.META + "Duration" -> Special.DURATION;
      case ProtoTypes.META + "FieldsV1",
          "k8s.io.apimachinery.pkg.runtime.RawExtension",
          APIEXT_V1 + "JSON" ->
          Special.RAW;
      case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> Special.INT_OR_STRING;
      case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> Special.QUANTITY;
      case APIEXT_V1 + "JSONSchemaPropsOrArray" -> Special.SCHEMA_OR_ARRAY;
      case APIEXT_V1 + "JSONSchemaPropsOrBool" -> Special.SCHEMA_OR_BOOL;
      case APIEXT_V1 + "JSONSchemaPropsOrStringArray" -> Special.SCHEMA_OR_STRINGS;
      default -> Special.NONE;
    };
  }

  private static FieldDescriptor field(Descriptor d, String name) {
    return d.findFieldByName(name);
  }

  private static Map<String, FieldDescriptor> fields(Descriptor d) {
    return FIELDS.computeIfAbsent(
        d,
        x -> {
          Map<String, FieldDescriptor> m = new HashMap<>();
          jsonKeys(x).forEach((f, k) -> m.put(k, f));
          return m;
        });
  }

  static Map<FieldDescriptor, String> jsonKeys(Descriptor d) {
    return KEYS.computeIfAbsent(d, ProtoJson::computeKeys);
  }

  private static Map<FieldDescriptor, String> computeKeys(Descriptor d) {
    Map<FieldDescriptor, String> out = new HashMap<>();
    boolean schemaProps = d.getFullName().equals(APIEXT_V1 + "JSONSchemaProps");
    for (FieldDescriptor f : d.getFields()) {
      out.put(f, schemaProps ? schemaKey(f.getName()) : f.getName());
    }
    return out;
  }

  /** JSONSchemaProps' proto names for {@code $ref}, {@code x-kubernetes-list-type}, .... */
  private static String schemaKey(String protoName) {
    if (protoName.equals("ref") || protoName.equals("schema")) {
      return "$" + protoName;
    }
    if (!protoName.startsWith("xKubernetes")) {
      return protoName;
    }
    StringBuilder s = new StringBuilder("x-kubernetes");
    for (char c : protoName.substring("xKubernetes".length()).toCharArray()) {
      if (Character.isUpperCase(c)) {
        s.append('-').append(Character.toLowerCase(c));
      } else {
        s.append(c);
      }
    }
    return s.toString();
  }
}
