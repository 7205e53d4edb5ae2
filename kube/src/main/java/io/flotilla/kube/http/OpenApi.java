package io.flotilla.kube.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.Registry;
import io.flotilla.kube.proto.GnosticProto;
import io.flotilla.kube.schema.BuiltinSchemas;
import io.flotilla.kube.schema.OpenApiDefinitions;
import io.flotilla.kube.schema.OpenApiPaths;
import io.flotilla.kube.schema.OpenApiV3;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenAPI documents kube-apiserver serves, built from what the registry serves at the time:
 *
 * <ul>
 *   <li>{@code /openapi/v3}: one {@code serverRelativeURL} per group/version, carrying the hash of
 *       that document, so a client may cache {@code /openapi/v3/apis/<group>/<version>?hash=...}
 *       for good; it changes when a CRD of that group/version is added, changed or removed.
 *   <li>{@code /openapi/v3/api/v1}, {@code /openapi/v3/apis/<group>/<version>}: the operations and
 *       every schema they need (what {@code kubectl explain} and kubectl's strategic merge patches
 *       read).
 *   <li>{@code /openapi/v2}: everything in one Swagger 2.0 document, in JSON or in gnostic's
 *       protobuf form (which client-go requests: kubectl's client-side validation, Helm).
 * </ul>
 *
 * Built-in kinds get Kubernetes' own definitions ({@link BuiltinSchemas}); custom resources their
 * CRD's structural schema ({@link CrdOpenApi}). A group/version document is kept until the types it
 * describes change, since kubectl and Helm read the discovery document, which needs every hash, on
 * each command; the v2 document is built per request (clients fetch it rarely).
 */
public final class OpenApi {
  static final String V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

  /** What kube-openapi names the protobuf form in its answers (Go's mime parser refuses '@'). */
  static final String V2_PROTOBUF_CONTENT_TYPE =
      "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

  private static final String JSON = "application/json";
  private static final DateTimeFormatter RFC1123 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

  /** A serialized document and its hash (also its ETag). */
  record Doc(byte[] json, String hash) {}

  private record Cached(List<ResourceType> types, Doc doc) {}

  private final Registry registry;
  private final Map<String, Cached> groupVersions = new ConcurrentHashMap<>();

  OpenApi(Registry registry) {
    this.registry = registry;
  }

  /** The {@code /openapi/v3} discovery document. */
  ObjectNode root() {
    ObjectNode root = Json.object();
    ObjectNode paths = root.putObject("paths");
    for (Map.Entry<String, List<String>> g : registry.groups().entrySet()) {
      for (String v : g.getValue()) {
        String key = key(g.getKey(), v);
        Doc doc = groupVersion(g.getKey(), v);
        if (doc != null) {
          paths
              .putObject(key)
              .put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + doc.hash());
        }
      }
    }
    return root;
  }

  /** The group/version's document, or null when nothing of it is served. */
  Doc groupVersion(String group, String version) {
    List<ResourceType> types = typesOf(group, version);
    String key = key(group, version);
    if (types.isEmpty()) {
      groupVersions.remove(key);
      return null;
    }
    Cached c = groupVersions.get(key);
    if (c == null || !c.types().equals(types)) {
      byte[] json = Json.bytes(groupVersionDocument(types));
      c = new Cached(types, new Doc(json, hash(json)));
      groupVersions.put(key, c);
    }
    return c.doc();
  }

  static ObjectNode groupVersionDocument(List<ResourceType> types) {
    return document(types, false);
  }

  /** The Swagger 2.0 document of {@code types}. */
  public static ObjectNode v2(List<ResourceType> types) {
    return document(types, true);
  }

  private static ObjectNode document(List<ResourceType> types, boolean v2) {
    BuiltinSchemas builtin = BuiltinSchemas.get();
    ObjectNode doc = Json.object();
    doc.put(v2 ? "swagger" : "openapi", v2 ? "2.0" : "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Kubernetes");
    info.put("version", Discovery.GIT_VERSION);
    ObjectNode paths = doc.putObject("paths");
    for (ResourceType t : types) {
      OpenApiPaths.add(
          paths,
          t,
          OpenApiDefinitions.kindName(t, builtin),
          OpenApiDefinitions.listName(t, builtin),
          v2);
    }
    ObjectNode schemas =
        v2 ? doc.putObject("definitions") : doc.putObject("components").putObject("schemas");
    OpenApiDefinitions.of(types, v2)
        .forEach(
            (name, schema) -> {
              if (!v2) {
                OpenApiV3.convert(schema);
              }
              schemas.set(name, schema);
            });
    return doc;
  }

  private List<ResourceType> typesOf(String group, String version) {
    List<ResourceType> out = new ArrayList<>();
    for (ResourceType t : registry.all()) {
      if (t.group().equals(group) && t.version().equals(version)) {
        out.add(t);
      }
    }
    return out;
  }

  private static String key(String group, String version) {
    return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
  }

  /** Serves GET /openapi/...; {@code seg} are the decoded path segments. */
  void serve(HttpExchange ex, List<String> seg, Map<String, List<String>> q) throws IOException {
    String accept = ex.getRequestHeaders().getFirst("Accept");
    if (seg.size() == 2 && seg.get(1).equals("v2")) {
      String media = negotiate(accept, true);
      if (media == null) {
        write(ex, 406, null, new byte[0]);
        return;
      }
      // built per request: clients fetch it rarely, and it is large to keep
      ObjectNode doc = v2(registry.all());
      byte[] body = media.equals(JSON) ? Json.bytes(doc) : GnosticProto.document(doc);
      conditional(ex, media, body, hash(body));
      return;
    }
    if (seg.size() < 2 || !seg.get(1).equals("v3")) {
      throw notFound();
    }
    if (seg.size() == 2) {
      ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
      write(ex, 200, JSON, Json.bytes(root()));
      return;
    }
    Doc doc = null;
    if (seg.get(2).equals("api") && seg.size() == 4) {
      doc = groupVersion("", seg.get(3));
    } else if (seg.get(2).equals("apis") && seg.size() == 5) {
      doc = groupVersion(seg.get(3), seg.get(4));
    }
    if (doc == null) {
      throw notFound();
    }
    if (negotiate(accept, false) == null) {
      write(ex, 406, null, new byte[0]);
      return;
    }
    String wanted = Exchanges.first(q, "hash");
    if (wanted != null && !wanted.equals(doc.hash())) {
      // an old hash: send the client to the current document, as kube-openapi does
      String path = "/openapi/v3/" + String.join("/", seg.subList(2, seg.size()));
      ex.getResponseHeaders().set("Location", path + "?hash=" + doc.hash());
      write(ex, 301, null, new byte[0]);
      return;
    }
    if (wanted != null) {
      ex.getResponseHeaders().set("Cache-Control", "public, immutable");
      ex.getResponseHeaders()
          .set("Expires", RFC1123.format(ZonedDateTime.now(ZoneOffset.UTC).plusYears(1)));
    }
    conditional(ex, JSON, doc.json(), doc.hash());
  }

  /** The media type to answer in, or null (406); JSON when the client states nothing. */
  static String negotiate(String accept, boolean protobufServed) {
    if (accept == null || accept.isBlank()) {
      return JSON;
    }
    for (String clause : accept.split(",")) {
      String media = clause.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      if (media.equals(JSON) || media.equals("application/*") || media.equals("*/*")) {
        return JSON;
      }
      if (protobufServed && (media.equals(V2_PROTOBUF) || media.equals(V2_PROTOBUF_CONTENT_TYPE))) {
        return V2_PROTOBUF_CONTENT_TYPE;
      }
    }
    return null;
  }

  private static void conditional(HttpExchange ex, String media, byte[] body, String hash)
      throws IOException {
    String etag = "\"" + hash + "\"";
    ex.getResponseHeaders().set("Etag", etag);
    ex.getResponseHeaders().set("Vary", "Accept");
    if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
      ex.sendResponseHeaders(304, -1);
      return;
    }
    write(ex, 200, media, body);
  }

  private static void write(HttpExchange ex, int code, String media, byte[] body)
      throws IOException {
    if (media != null) {
      ex.getResponseHeaders().set("Content-Type", media);
    }
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static ApiException notFound() {
    return ApiException.notFoundPlain("the server could not find the requested resource");
  }

  /** Upper-case hex SHA-512, as kube-openapi computes its ETags and hashes. */
  static String hash(byte[] json) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-512").digest(json));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
