package io.flotilla.kube.proto;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.flotilla.kube.base.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a JSON object as its protobuf message straight from the tree, the bytes {@code
 * ProtoJson.toProto(json, d).toByteArray()} gives (fields in number order, map entries sorted by
 * key with both key and value written, the special types as {@link ProtoJson} maps them) without
 * building a {@code DynamicMessage}, in one pass: a nested message gets one byte for its length and
 * is moved along when its length needs more (most are under 128 bytes). Reads answered in protobuf
 * were three times slower than JSON through {@code DynamicMessage}.
 */
final class ProtoWriter {
  private static final byte[] MAGIC = {'k', '8', 's', 0};
  private static final int LEN = 2;
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int FIXED32 = 5;

  /** A message type as the writer walks it: its special form, its fields in number order. */
  private static final class Shape {
    final Descriptor d;
    final ProtoJson.Special special;
    final Field[] fields;
    final Map<String, Field> byKey = new HashMap<>();

    Shape(Descriptor d) {
      this.d = d;
      this.special = ProtoJson.special(d.getFullName());
      Map<FieldDescriptor, String> keys = ProtoJson.jsonKeys(d);
      this.fields =
          d.getFields().stream()
              .sorted(Comparator.comparingInt(FieldDescriptor::getNumber))
              .map(f -> new Field(f, keys.get(f)))
              .toArray(Field[]::new);
      for (Field f : fields) {
        byKey.put(f.key, f);
      }
    }
  }

  /**
   * A field with its JSON key and what the writer asks of it (the descriptor answers {@code
   * isRepeated} by decoding its label each time); the shape of its message type once first needed.
   */
  private static final class Field {
    final FieldDescriptor f;
    final String key;
    final boolean map;
    final boolean repeated;
    final int number;
    private Shape type;

    Field(FieldDescriptor f, String key) {
      this.f = f;
      this.key = key;
      this.map = f.isMapField();
      this.repeated = f.isRepeated();
      this.number = f.getNumber();
    }

    Shape type() {
      Shape t = type;
      if (t == null) {
        t = shape(f.getMessageType());
        type = t;
      }
      return t;
    }
  }

  private static final Map<Descriptor, Shape> SHAPES = new ConcurrentHashMap<>();

  private static Shape shape(Descriptor d) {
    return SHAPES.computeIfAbsent(d, Shape::new);
  }

  private byte[] buf;
  private int pos;

  private ProtoWriter(int capacity) {
    buf = new byte[capacity];
  }

  /** The message bytes of {@code json} as a {@code d}. */
  static byte[] message(JsonNode json, Descriptor d) {
    ProtoWriter w = new ProtoWriter(256);
    w.message(json, shape(d), null);
    return Arrays.copyOf(w.buf, w.pos);
  }

  /**
   * {@code k8s\0} and a {@code runtime.Unknown} with typeMeta ({@code apiVersion}, {@code kind})
   * and raw, the message of {@code json} as a {@code d}.
   */
  static byte[] envelope(JsonNode json, Descriptor d, String apiVersion, String kind) {
    // a list is about a kilobyte an item; growing the buffer showed in profiles
    ProtoWriter w = new ProtoWriter(1024 + 1024 * json.path("items").size());
    System.arraycopy(MAGIC, 0, w.buf, 0, MAGIC.length);
    w.pos = MAGIC.length;
    int typeMeta = w.begin(1);
    w.string(1, apiVersion);
    w.string(2, kind);
    w.end(typeMeta);
    int raw = w.begin(2);
    w.message(json, shape(d), null);
    w.end(raw);
    return Arrays.copyOf(w.buf, w.pos);
  }

  // ---- messages

  private void message(JsonNode json, Shape shape, JsonPath path) {
    Descriptor d = shape.d;
    switch (shape.special) {
      case TIME -> {
        varint(1, JsonValues.seconds(json, path));
        varint(2, 0);
        return;
      }
      case MICRO_TIME -> {
        Instant t = ProtoJson.instant(json, JsonPath.render(path));
        varint(1, t.getEpochSecond());
        varint(2, t.getNano() / 1000 * 1000);
        return;
      }
      case DURATION -> {
        String p = JsonPath.render(path);
        varint(1, GoDurations.parse(ProtoJson.text(json, p), p));
        return;
      }
      case INT_OR_STRING -> {
        if (json.isIntegralNumber()) {
          varint(1, 0L);
          varint(2, json.intValue());
        } else {
          varint(1, 1L);
          string(3, json.asText());
        }
        return;
      }
      case QUANTITY -> {
        string(1, json.asText());
        return;
      }
      case RAW -> {
        int at = begin(d.getFields().get(0).getNumber());
        if (!CompactJson.write(json, this)) {
          pos = at + 1; // not a tree the compact writer knows: Jackson writes it
          raw(Json.bytes(json));
        }
        end(at);
        return;
      }
      case SCHEMA_OR_ARRAY, SCHEMA_OR_BOOL, SCHEMA_OR_STRINGS -> {
        // CRD schemas only: not on a hot path, so the general transcoder does them
        raw(ProtoJson.toProto(json, d).toByteArray());
        return;
      }
      case NONE -> {
        // the ordinary case, below
      }
    }
    if (!json.isObject()) {
      throw new ProtoJson.Malformed(
          JsonPath.or(path) + ": expected an object, got " + json.getNodeType());
    }
    // the fields present, in number order: looked up by key when the object has fewer entries
    // than the type has fields (ObjectMeta has 17, an object's metadata uses a handful)
    int count = 0;
    Field[] present;
    JsonNode[] values;
    if (json.size() * 2 < shape.fields.length) {
      present = new Field[json.size()];
      values = new JsonNode[json.size()];
      for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Field field = shape.byKey.get(e.getKey());
        if (field == null || e.getValue().isNull()) {
          continue;
        }
        int i = count++;
        while (i > 0 && present[i - 1].number > field.number) {
          present[i] = present[i - 1];
          values[i] = values[i - 1];
          i--;
        }
        present[i] = field;
        values[i] = e.getValue();
      }
    } else {
      present = shape.fields;
      values = new JsonNode[present.length];
      for (Field field : present) {
        values[count++] = json.get(field.key);
      }
    }
    for (int i = 0; i < count; i++) {
      Field field = present[i];
      JsonNode v = values[i];
      if (v == null || v.isNull()) {
        continue;
      }
      JsonPath p = new JsonPath(path, field.key);
      if (field.map) {
        map(field, v, p);
      } else if (field.repeated) {
        if (!v.isArray()) {
          throw new ProtoJson.Malformed(p + ": expected a list, got " + v.getNodeType());
        }
        for (JsonNode item : v) {
          field(field, item, p);
        }
      } else {
        field(field, v, p);
      }
    }
  }

  private void map(Field field, JsonNode v, JsonPath p) {
    if (!v.isObject()) {
      throw new ProtoJson.Malformed(p + ": expected a map, got " + v.getNodeType());
    }
    FieldDescriptor f = field.f;
    Field val = field.type().fields[1]; // entries: key = 1, value = 2
    for (String k : JsonValues.sortedKeys(v)) {
      JsonNode item = v.get(k);
      if (item.isNull()) {
        continue;
      }
      int entry = begin(f.getNumber());
      string(1, k);
      field(val, item, new JsonPath(p, k));
      end(entry);
    }
  }

  private void field(Field field, JsonNode v, JsonPath p) {
    FieldDescriptor f = field.f;
    int n = f.getNumber();
    switch (f.getType()) {
      case MESSAGE, GROUP -> {
        int at = begin(n);
        message(v, field.type(), p);
        end(at);
      }
      case STRING -> string(n, JsonValues.string(v, p));
      case BOOL -> varint(n, JsonValues.bool(v, p) ? 1 : 0);
      case INT32 -> varint(n, JsonValues.int32(v, p));
      case UINT32 -> varint(n, Integer.toUnsignedLong(JsonValues.int32(v, p)));
      case INT64, UINT64 -> varint(n, JsonValues.int64(v, p));
      case SINT32 -> {
        int i = JsonValues.int32(v, p);
        varint(n, Integer.toUnsignedLong((i << 1) ^ (i >> 31)));
      }
      case SINT64 -> {
        long l = JsonValues.int64(v, p);
        varint(n, (l << 1) ^ (l >> 63));
      }
      case FIXED32, SFIXED32 -> fixed32(n, JsonValues.int32(v, p));
      case FIXED64, SFIXED64 -> fixed64(n, JsonValues.int64(v, p));
      case DOUBLE -> fixed64(n, Double.doubleToRawLongBits(JsonValues.float64(v, p)));
      case FLOAT -> fixed32(n, Float.floatToRawIntBits(JsonValues.float32(v, p)));
      case BYTES -> bytes(n, JsonValues.bytes(v, p).toByteArray());
      case ENUM -> throw JsonValues.fail(p, "no enum", v);
    }
  }

  // ---- the wire

  /** Starts a length-delimited field: its tag and one byte kept for the length. */
  private int begin(int number) {
    tag(number, LEN);
    ensure(1);
    return pos++;
  }

  /** Writes the length kept at {@code at}, moving the content when it needs more bytes. */
  private void end(int at) {
    int length = pos - at - 1;
    int size = varintSize(length);
    if (size > 1) {
      ensure(size - 1);
      System.arraycopy(buf, at + 1, buf, at + size, length);
      pos += size - 1;
    }
    putVarint(buf, at, length);
  }

  private void tag(int number, int wireType) {
    rawVarint(((long) number << 3) | wireType);
  }

  private void varint(int number, long value) {
    tag(number, VARINT);
    rawVarint(value);
  }

  /** An int32 is sign-extended, as protobuf writes a negative one (ten bytes). */
  private void varint(int number, int value) {
    varint(number, (long) value);
  }

  private void rawVarint(long v) {
    ensure(10);
    pos = putVarint(buf, pos, v);
  }

  /** Writes {@code v} as a base-128 varint at {@code at} (room for ten bytes); the next index. */
  static int putVarint(byte[] buf, int at, long v) {
    while ((v & ~0x7FL) != 0) {
      buf[at++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[at++] = (byte) v;
    return at;
  }

  /** Writes the low {@code n} bytes of {@code v} little-endian at {@code at}; the next index. */
  static int putFixed(byte[] buf, int at, long v, int n) {
    for (int i = 0; i < n; i++) {
      buf[at++] = (byte) (v >>> (8 * i));
    }
    return at;
  }

  private void fixed32(int number, int v) {
    tag(number, FIXED32);
    ensure(4);
    pos = putFixed(buf, pos, v, 4);
  }

  private void fixed64(int number, long v) {
    tag(number, FIXED64);
    ensure(8);
    pos = putFixed(buf, pos, v, 8);
  }

  /** ASCII strings (nearly all of them) are copied without an intermediate array. */
  private void string(int number, String s) {
    int n = s.length();
    tag(number, LEN);
    if (n < 128) {
      ensure(1 + n);
      int start = pos + 1;
      int i = 0;
      for (; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          break;
        }
        buf[start + i] = (byte) c;
      }
      if (i == n) {
        buf[pos] = (byte) n;
        pos = start + n;
        return;
      }
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    rawVarint(b.length);
    raw(b);
  }

  private void bytes(int number, byte[] b) {
    tag(number, LEN);
    rawVarint(b.length);
    raw(b);
  }

  void ascii(char c) {
    ensure(1);
    buf[pos++] = (byte) c;
  }

  /** {@code s} as a JSON string: plain ASCII copied, anything else as Jackson writes it. */
  void jsonString(String s) {
    int n = s.length();
    ensure(n + 2);
    int start = pos;
    buf[pos++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || c < 0x20 || c == '"' || c == '\\') {
        pos = start;
        raw(Json.bytes(Json.F.textNode(s)));
        return;
      }
      buf[pos++] = (byte) c;
    }
    buf[pos++] = '"';
  }

  private void raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
  }

  private static int varintSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private void ensure(int more) {
    if (pos + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }
  }
}
