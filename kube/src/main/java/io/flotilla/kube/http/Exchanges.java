package io.flotilla.kube.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.QueryParams;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.proto.ProtoJson;
import io.flotilla.kube.proto.ProtoWire;
import io.flotilla.kube.store.WriteAheadLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every handler does with an exchange: read a bounded body (JSON, YAML or protobuf), answer in
 * JSON or, when the request asked for it, protobuf, and read query parameters.
 */
final class Exchanges {
  private static final Logger LOG = LoggerFactory.getLogger(Exchanges.class);
  static final int MAX_BODY = 8 * 1024 * 1024;

  /**
   * Set while serving a request whose answers go out in protobuf (a built-in kind, Accept prefers
   * it). Not an exchange attribute: the JDK server keeps those per context, shared by all requests.
   */
  private static final ThreadLocal<Boolean> PROTOBUF = new ThreadLocal<>();

  private Exchanges() {}

  /** Answers of the current request go out in protobuf where the body has a protobuf form. */
  static void answerInProtobuf() {
    PROTOBUF.set(Boolean.TRUE);
  }

  /** The request is over: the next one on this thread starts answering in JSON. */
  static void requestDone() {
    PROTOBUF.remove();
  }

  static ObjectNode objectBody(HttpExchange ex, ResourceType t) throws IOException {
    String ct = ex.getRequestHeaders().getFirst("Content-Type");
    byte[] body = readBody(ex);
    JsonNode n;
    if (ProtoWire.isProtobuf(ct)) {
      if (t.isCustom()) {
        // as kube-apiserver: custom resources have no protobuf form
        throw ApiException.unsupportedMediaType(
            "the body of the request was in an unknown format - accepted media types include:"
                + " application/json, application/yaml");
      }
      return ProtoWire.decode(body, t.apiVersion(), t.kind());
    }
    if (ct != null && ct.contains("yaml")) {
      n = Json.parseYamlOrJson(body);
    } else {
      n = Json.parse(body);
    }
    if (!(n instanceof ObjectNode o)) {
      throw ApiException.badRequest("the request body must be a JSON object");
    }
    return o;
  }

  static byte[] readBody(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        throw ApiException.tooLarge("the request body is larger than " + MAX_BODY + " bytes");
      }
      return b;
    }
  }

  static void send(HttpExchange ex, int code, JsonNode body) throws IOException {
    WriteAheadLog.awaitOwnWrites(); // a write is answered once it is durable
    byte[] b = PROTOBUF.get() == null ? null : protobuf(body);
    String contentType = ProtoWire.MEDIA_TYPE;
    if (b == null) {
      b = Json.bytes(body);
      contentType = "application/json";
    }
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  private static byte[] protobuf(JsonNode body) {
    try {
      return ProtoWire.encode(body);
    } catch (ProtoJson.Malformed e) {
      // a built-in object stored with a field of the wrong type (we do not type-check them): JSON
      LOG.debug("answering in JSON, no protobuf form: {}", e.getMessage());
      return null;
    }
  }

  static void sendText(HttpExchange ex, int code, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  static String first(Map<String, List<String>> q, String key) {
    return QueryParams.first(q, key);
  }

  static boolean isTrue(String v) {
    return v != null && (v.equals("true") || v.equals("1"));
  }

  static long parseLong(String v, long dflt) {
    if (v == null || v.isEmpty()) {
      return dflt;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid number: " + v);
    }
  }
}
