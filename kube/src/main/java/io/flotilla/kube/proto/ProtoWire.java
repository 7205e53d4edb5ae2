package io.flotilla.kube.proto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Kubernetes' protobuf wire format: the magic {@code k8s\0}, then a {@code runtime.Unknown} whose
 * typeMeta names the kind and whose raw is the kind's message. Watch streams send each event as a
 * 4-byte big-endian length and a bare {@code WatchEvent} whose object carries such an envelope.
 */
public final class ProtoWire {
  public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
  public static final String WATCH_MEDIA_TYPE = MEDIA_TYPE + ";stream=watch";
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private ProtoWire() {}

  public static boolean isProtobuf(String contentType) {
    return contentType != null && mediaType(contentType).equals(MEDIA_TYPE);
  }

  /**
   * Whether the first representation the client accepts that we serve is protobuf. Alternate
   * representations ({@code as=Table}, {@code as=PartialObjectMetadata}) are answered in JSON.
   */
  public static boolean prefersProtobuf(String accept) {
    if (accept == null) {
      return false;
    }
    for (String range : accept.split(",")) {
      String type = mediaType(range);
      if (type.equals(MEDIA_TYPE) && !range.contains("as=")) {
        return true;
      }
      if (type.equals("application/json")
          || type.equals("application/yaml")
          || type.equals("*/*")
          || type.equals("application/*")) {
        return false;
      }
    }
    return false;
  }

  private static String mediaType(String headerPart) {
    int semi = headerPart.indexOf(';');
    return (semi < 0 ? headerPart : headerPart.substring(0, semi)).strip().toLowerCase();
  }

  /** The wire form of an object, or null when its kind has no protobuf message. */
  public static byte[] encode(JsonNode json) {
    String apiVersion = Json.text(json, "apiVersion");
    String kind = Json.text(json, "kind");
    Descriptor d = ProtoTypes.forKind(apiVersion, kind);
    if (d == null) {
      return null;
    }
    return ProtoWriter.envelope(json, d, apiVersion, kind);
  }

  /**
   * A request body as our JSON object, with apiVersion and kind from the envelope (or the given
   * ones when the envelope leaves them empty).
   *
   * @throws ApiException 400 naming the problem when the body is not such a message
   */
  public static ObjectNode decode(byte[] body, String apiVersion, String kind) {
    try {
      Envelope u = unknown(body);
      String av = u.apiVersion().isEmpty() ? apiVersion : u.apiVersion();
      String k = u.kind().isEmpty() ? kind : u.kind();
      Descriptor d = ProtoTypes.forKind(av, k);
      if (d == null) {
        throw new ProtoJson.Malformed(
            "no kind \"" + k + "\" is registered for version \"" + av + "\"");
      }
      ObjectNode o = (ObjectNode) ProtoJson.toJson(DynamicMessage.parseFrom(d, u.raw()));
      ObjectNode out = Json.object();
      out.put("apiVersion", av);
      out.put("kind", k);
      out.setAll(o);
      return out;
    } catch (InvalidProtocolBufferException | ProtoJson.Malformed e) {
      throw ApiException.badRequest(
          "the object provided is unrecognized ("
              + kind
              + ": "
              + summary(body)
              + "): "
              + e.getMessage());
    }
  }

  /** A request body known to be {@code DeleteOptions}, whatever group version it names. */
  public static ObjectNode decodeDeleteOptions(byte[] body) {
    try {
      return (ObjectNode)
          ProtoJson.toJson(
              DynamicMessage.parseFrom(ProtoTypes.meta("DeleteOptions"), unknown(body).raw()));
    } catch (InvalidProtocolBufferException | ProtoJson.Malformed e) {
      throw ApiException.badRequest(
          "the object provided is unrecognized (DeleteOptions: "
              + summary(body)
              + "): "
              + e.getMessage());
    }
  }

  /** The envelope's parts. */
  private record Envelope(String apiVersion, String kind, ByteString raw) {}

  /**
   * Parsed through the descriptor, not the generated parser: client-java-proto's pre-22 gencode is
   * the one protobuf warns about for untrusted input.
   */
  private static Envelope unknown(byte[] body) throws InvalidProtocolBufferException {
    if (!hasMagic(body)) {
      throw new ProtoJson.Malformed(
          "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
    }
    Descriptor d = Runtime.Unknown.getDescriptor();
    DynamicMessage u =
        DynamicMessage.parseFrom(
            d, ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
    DynamicMessage typeMeta = (DynamicMessage) u.getField(d.findFieldByName("typeMeta"));
    Descriptor td = typeMeta.getDescriptorForType();
    return new Envelope(
        (String) typeMeta.getField(td.findFieldByName("apiVersion")),
        (String) typeMeta.getField(td.findFieldByName("kind")),
        (ByteString) u.getField(d.findFieldByName("raw")));
  }

  public static boolean hasMagic(byte[] body) {
    return body.length >= MAGIC.length
        && Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /** An embedded object (RawExtension and friends): JSON as written, or a protobuf envelope. */
  static JsonNode embedded(byte[] raw) {
    if (!hasMagic(raw)) {
      return Json.parse(raw);
    }
    try {
      Envelope u = unknown(raw);
      return decode(raw, u.apiVersion(), u.kind());
    } catch (InvalidProtocolBufferException e) {
      throw new ProtoJson.Malformed("embedded object: " + e.getMessage());
    }
  }

  /** One frame of a protobuf watch stream. */
  public static byte[] watchFrame(String type, JsonNode object) {
    byte[] obj = encode(object);
    byte[] event =
        Meta.WatchEvent.newBuilder()
            .setType(type)
            .setObject(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFrom(obj)).build())
            .build()
            .toByteArray();
    byte[] frame = new byte[4 + event.length];
    frame[0] = (byte) (event.length >>> 24);
    frame[1] = (byte) (event.length >>> 16);
    frame[2] = (byte) (event.length >>> 8);
    frame[3] = (byte) event.length;
    System.arraycopy(event, 0, frame, 4, event.length);
    return frame;
  }

  /** What kube-apiserver prints of a body it could not decode: its first bytes in hex. */
  private static String summary(byte[] body) {
    if (body.length == 0) {
      return "<empty>";
    }
    int n = Math.min(body.length, 30);
    return HexFormat.of().formatHex(body, 0, n) + (body.length > n ? "..." : "");
  }
}
