package io.flotilla.source.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.source.BoundedCopy;
import io.flotilla.source.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A small client for the OCI distribution API: list tags, resolve a manifest, download a blob
 * (digest verified, size bounded), and push blobs and manifests. Authenticates with HTTP basic or
 * with a bearer token from the registry's token service, as the {@code WWW-Authenticate} challenge
 * asks.
 */
public final class OciClient {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";
  public static final String FLUX_CONFIG = "application/vnd.cncf.flux.config.v1+json";
  public static final String FLUX_CONTENT = "application/vnd.cncf.flux.content.v1.tar+gzip";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param plainHttp talk {@code http://} ({@code spec.insecure})
   * @param sslContext trust and client certificate for https, null for the JVM's defaults
   * @param username null for anonymous access
   */
  public record Options(
      boolean plainHttp,
      SSLContext sslContext,
      String username,
      String password,
      Duration timeout) {
    @Override
    public String toString() {
      return "Options[plainHttp=%s, username=%s, timeout=%s]"
          .formatted(plainHttp, username, timeout);
    }
  }

  /** A resolved manifest: its digest, raw bytes and the parts Flux uses. */
  public record Manifest(
      String digest, String mediaType, List<Layer> layers, Map<String, String> annotations) {}

  public record Layer(String mediaType, String digest, long size) {}

  private final OciReference ref;
  private final Options options;
  private final RegistryHttp http;

  public OciClient(OciReference ref, Options options) {
    this.ref = ref;
    this.options = options;
    this.http = new RegistryHttp(ref, options);
  }

  @Override
  public String toString() {
    return ref.toString();
  }

  /** All tags of the repository (following {@code Link} pagination). */
  public List<String> tags() throws IOException {
    List<String> out = new ArrayList<>();
    String next = "/v2/" + ref.repository() + "/tags/list?n=1000";
    for (int page = 0; next != null; page++) {
      if (page == MAX_TAG_PAGES) {
        throw new IOException(
            "list tags of %s: more than %d pages of tags; the registry keeps sending a Link"
                .formatted(ref, MAX_TAG_PAGES));
      }
      HttpResponse<byte[]> r = http.send(http.get(next, "application/json"), "pull");
      http.expect(r, 200, "list tags of " + ref);
      JsonNode body;
      try {
        body = JSON.readTree(r.body());
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        body = null;
      }
      if (body == null
          || !body.isObject()
          || !(body.path("tags").isArray()
              || body.path("tags").isNull()
              || body.path("tags").isMissingNode())) {
        String text = new String(r.body(), StandardCharsets.UTF_8).strip();
        throw new IOException(
            "list tags of %s: the registry's answer is not a JSON tag list: %s"
                .formatted(ref, text.length() > 100 ? text.substring(0, 100) + "…" : text));
      }
      body.path("tags").forEach(t -> out.add(t.asText()));
      next = r.headers().firstValue("Link").map(OciClient::linkTarget).orElse(null);
    }
    return out;
  }

  /** Pages of a tag listing followed at most (a million tags at the 1,000 a page we ask for). */
  private static final int MAX_TAG_PAGES = 1000;

  /**
   * The digest of what {@code tag} points at (an image manifest or a multi-platform index), from
   * the registry's {@code Docker-Content-Digest} answer to a HEAD, as {@code crane digest} reads
   * it.
   */
  public String digest(String tag) throws IOException {
    HttpResponse<byte[]> r =
        http.send(
            http.request("/v2/" + ref.repository() + "/manifests/" + tag)
                .header("Accept", MANIFEST_TYPES)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            "pull");
    if (r.statusCode() == 404) {
      throw new IOException("%s:%s: not found".formatted(ref, tag));
    }
    if (r.statusCode() != 200) {
      throw new IOException(
          "failed to get the digest of %s:%s: status %d".formatted(ref, tag, r.statusCode()));
    }
    return r.headers()
        .firstValue("Docker-Content-Digest")
        .orElseThrow(
            () ->
                new IOException(
                    "the registry sent no Docker-Content-Digest for %s:%s".formatted(ref, tag)));
  }

  private static final String MANIFEST_TYPES =
      String.join(
          ", ",
          OCI_MANIFEST,
          DOCKER_MANIFEST,
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");

  /** The manifest a tag or digest points at. */
  public Manifest manifest(String reference) throws IOException {
    HttpResponse<byte[]> r =
        http.send(
            http.get(
                "/v2/" + ref.repository() + "/manifests/" + reference,
                OCI_MANIFEST + ", " + DOCKER_MANIFEST),
            "pull");
    if (r.statusCode() == 404) {
      throw new IOException("%s:%s: not found".formatted(ref, reference));
    }
    http.expect(r, 200, "get manifest %s:%s".formatted(ref, reference));
    String digest = Sha256.named(r.body());
    if (reference.startsWith("sha256:") && !reference.equals(digest)) {
      throw new IOException(
          "manifest of %s has digest %s, not the requested %s".formatted(ref, digest, reference));
    }
    JsonNode m = JSON.readTree(r.body());
    String mediaType =
        m.path("mediaType").asText(r.headers().firstValue("Content-Type").orElse(OCI_MANIFEST));
    if (m.has("manifests")) {
      throw new IOException(
          "%s:%s is an index (multi-platform image), not an artifact manifest"
              .formatted(ref, reference));
    }
    List<Layer> layers = new ArrayList<>();
    m.path("layers")
        .forEach(
            l ->
                layers.add(
                    new Layer(
                        l.path("mediaType").asText(),
                        l.path("digest").asText(),
                        l.path("size").asLong())));
    Map<String, String> annotations = new LinkedHashMap<>();
    m.path("annotations")
        .fields()
        .forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
    return new Manifest(digest, mediaType, layers, annotations);
  }

  /**
   * Downloads a blob into {@code target}, refusing more than {@code maxBytes}, checking its digest.
   */
  public void downloadBlob(String digest, Path target, long maxBytes) throws IOException {
    HttpRequest req = http.get("/v2/" + ref.repository() + "/blobs/" + digest, "*/*");
    HttpResponse<InputStream> r = http.sendStreaming(req, "pull");
    try (InputStream in = r.body()) {
      if (r.statusCode() != 200) {
        throw new IOException(
            "failed to fetch blob %s of %s: status %d".formatted(digest, ref, r.statusCode()));
      }
      MessageDigest sha = Sha256.digest();
      BoundedCopy.toFile(in, target, maxBytes, sha, () -> new TooLargeException(maxBytes));
      String actual = Sha256.named(sha);
      if (!actual.equals(digest)) {
        throw new IOException("blob %s of %s has digest %s".formatted(digest, ref, actual));
      }
    }
  }

  /** Thrown when a layer exceeds the artifact size limit. */
  public static final class TooLargeException extends IOException {
    TooLargeException(long max) {
      super("layer exceeds the maximum artifact size of %d bytes".formatted(max));
    }
  }

  /** Uploads a blob (monolithic) unless the registry has it; returns its digest. */
  public String pushBlob(byte[] data) throws IOException {
    String digest = Sha256.named(data);
    HttpResponse<byte[]> head =
        http.send(
            http.request("/v2/" + ref.repository() + "/blobs/" + digest)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            "pull,push");
    if (head.statusCode() == 200) {
      return digest;
    }
    HttpResponse<byte[]> start =
        http.send(
            http.request("/v2/" + ref.repository() + "/blobs/uploads/")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            "pull,push");
    http.expect(start, 202, "start blob upload to " + ref);
    String location =
        start
            .headers()
            .firstValue("Location")
            .orElseThrow(() -> new IOException("registry sent no upload location"));
    URI uri = URI.create(http.base()).resolve(location);
    String sep = uri.getQuery() == null ? "?" : "&";
    URI put = URI.create(uri + sep + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
    HttpResponse<byte[]> done =
        http.send(
            HttpRequest.newBuilder(put)
                .timeout(options.timeout())
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data))
                .build(),
            "pull,push");
    http.expect(done, 201, "upload blob to " + ref);
    return digest;
  }

  /** Puts a manifest under {@code tag}; returns its digest. */
  public String pushManifest(String tag, byte[] manifest, String mediaType) throws IOException {
    HttpResponse<byte[]> r =
        http.send(
            http.request("/v2/" + ref.repository() + "/manifests/" + tag)
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest))
                .build(),
            "pull,push");
    http.expect(r, 201, "push manifest %s:%s".formatted(ref, tag));
    return Sha256.named(manifest);
  }

  /**
   * Pushes a Flux-style artifact: an empty config of Flux's config type and one tar+gzip layer
   * ({@code layerMediaType}, default Flux's content type), with the given manifest annotations.
   */
  public String pushArtifact(
      String tag, byte[] layer, String layerMediaType, Map<String, String> annotations)
      throws IOException {
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    String configDigest = pushBlob(config);
    String layerDigest = pushBlob(layer);
    var m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", OCI_MANIFEST);
    m.putObject("config")
        .put("mediaType", FLUX_CONFIG)
        .put("digest", configDigest)
        .put("size", config.length);
    m.putArray("layers")
        .addObject()
        .put("mediaType", layerMediaType == null ? FLUX_CONTENT : layerMediaType)
        .put("digest", layerDigest)
        .put("size", layer.length);
    if (annotations != null && !annotations.isEmpty()) {
      var a = m.putObject("annotations");
      annotations.forEach(a::put);
    }
    return pushManifest(tag, JSON.writeValueAsBytes(m), OCI_MANIFEST);
  }

  /** A registry's refusal of the credentials. */
  public static final class AuthException extends IOException {
    AuthException(String message) {
      super(message);
    }
  }

  private static String linkTarget(String link) {
    Matcher m = Pattern.compile("<([^>]+)>").matcher(link);
    return m.find() ? m.group(1) : null;
  }
}
