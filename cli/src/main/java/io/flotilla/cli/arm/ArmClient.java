package io.flotilla.cli.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.api.net.NetworkErrors;
import io.flotilla.cli.CliConfig;
import io.flotilla.cli.CliException;
import io.flotilla.cli.Log;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CLI's HTTP client for the configuration service's ARM-shaped API: JSON in and out, bearer
 * token, {@code api-version} on every call. Errors become az-style {@link CliException}s.
 */
public final class ArmClient {
  public static final String FLUX_API_VERSION = "2025-04-01";
  public static final String EXTENSION_API_VERSION = "2025-03-01";
  public static final String CLUSTER_API_VERSION = "2024-01-01";
  private static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
  private static final Set<String> SECRET_FIELDS =
      Set.of(
          "configurationProtectedSettings",
          "accountKey",
          "sasToken",
          "clientSecret",
          "clientCertificatePassword",
          "privateKey",
          "token");
  public static final ObjectMapper JSON = new ObjectMapper();

  /** A successful response; {@code body} is null when the response had none. */
  public record Response(int status, Map<String, List<String>> headers, JsonNode body) {
    Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
          .map(e -> e.getValue().get(0))
          .findFirst();
    }
  }

  private final CliConfig config;
  private final Path configPath;
  private final Log log;
  private final HttpClient http;
  private final Path caFile;
  private final Map<String, String> etags = new java.util.concurrent.ConcurrentHashMap<>();

  public ArmClient(CliConfig config, Path configPath, Log log) {
    this(config, configPath, log, null);
  }

  /**
   * {@code caFile}: a PEM bundle of the CAs to trust instead of the JDK's ({@code
   * FLOTILLA_CA_FILE}).
   */
  public ArmClient(CliConfig config, Path configPath, Log log, Path caFile) {
    this.config = config;
    this.configPath = configPath;
    this.log = log;
    this.caFile = caFile;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER);
    if (caFile != null) {
      builder.sslContext(io.flotilla.api.tls.CaBundle.sslContext(caFile));
    }
    this.http = builder.build();
  }

  public String server() {
    return config.server();
  }

  public String subscription() {
    return config.subscription();
  }

  public Response get(String path, String apiVersion) {
    Response r = send("GET", withApiVersion(path, apiVersion, ""), null, Map.of());
    r.header("ETag").ifPresent(etag -> etags.put(path.toLowerCase(java.util.Locale.ROOT), etag));
    return r;
  }

  /** The ETag of the last GET of {@code path} in this session, or null. */
  public String etagOf(String path) {
    return etags.get(path.toLowerCase(java.util.Locale.ROOT));
  }

  public Response put(String path, String apiVersion, JsonNode body) {
    return send("PUT", withApiVersion(path, apiVersion, ""), body, Map.of());
  }

  public Response patch(String path, String apiVersion, JsonNode body) {
    return patch(path, apiVersion, body, null);
  }

  /**
   * PATCH that applies only to the version read before ({@code ifMatch}, the ETag of that GET), so
   * that a change made by someone else in between is never silently overwritten (412 instead).
   */
  public Response patch(String path, String apiVersion, JsonNode body, String ifMatch) {
    return send(
        "PATCH",
        withApiVersion(path, apiVersion, ""),
        body,
        ifMatch == null ? Map.of() : Map.of("If-Match", ifMatch));
  }

  public Response post(String path, String apiVersion, JsonNode body) {
    return send("POST", withApiVersion(path, apiVersion, ""), body, Map.of());
  }

  public Response delete(String path, String apiVersion, String extraQuery) {
    return send("DELETE", withApiVersion(path, apiVersion, extraQuery), null, Map.of());
  }

  /**
   * GETs a URL the service handed out (an {@code Azure-AsyncOperation} or {@code nextLink}). Only
   * its path and query are used, against the configured server, so the token never goes elsewhere.
   */
  public Response getLink(String link) {
    URI uri = URI.create(link);
    String pathAndQuery =
        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return send("GET", pathAndQuery, null, Map.of());
  }

  private static String withApiVersion(String path, String apiVersion, String extraQuery) {
    return path
        + "?api-version="
        + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8)
        + (extraQuery == null || extraQuery.isEmpty() ? "" : "&" + extraQuery);
  }

  private Response send(
      String method, String pathAndQuery, JsonNode body, Map<String, String> headers) {
    URI uri = URI.create(config.server() + pathAndQuery);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json")
            .header("User-Agent", "flotilla-cli");
    if (config.token() != null) {
      request.header("Authorization", "Bearer " + config.token());
    }
    headers.forEach(request::header);
    String json = null;
    if (body != null) {
      json = body.toString();
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    log.debug("Request URL: '" + method + " " + uri + "'");
    if (log.debugEnabled()) {
      log.debug("Request headers: 'Authorization': '*****'");
      if (body != null) log.debug("Request body: " + redact(body));
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw cannotConnect("connect: timed out");
    } catch (HttpTimeoutException e) {
      throw CliException.error(
          "Error! The Flotilla server at " + config.server() + " did not answer within 60 seconds");
    } catch (javax.net.ssl.SSLException e) {
      throw TlsFailure.of(e, config.server(), caFile);
    } catch (IOException e) {
      if (e.getCause() instanceof javax.net.ssl.SSLException tls) {
        throw TlsFailure.of(tls, config.server(), caFile);
      }
      String cause =
          NetworkErrors.describe(e, NetworkErrors.Endpoint.of(URI.create(config.server())), null);
      if (cause != null) throw cannotConnect(cause);
      throw CliException.error(
          "Error! The request to the Flotilla server at " + config.server() + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.error("Keyboard interrupt is captured.");
    }
    JsonNode responseBody = readBody(response);
    log.debug("Response status: " + response.statusCode());
    if (log.debugEnabled() && responseBody != null) {
      log.debug("Response content: " + redact(responseBody));
    }
    if (response.statusCode() >= 400) {
      ArmHttpException error = ArmHttpException.of(response.statusCode(), responseBody);
      if (response.statusCode() == 401) {
        throw error.withRecommendation(
            error.getMessage(),
            "Check the token in "
                + configPath
                + " or FLOTILLA_TOKEN; 'flotilla up' writes a working one");
      }
      throw error;
    }
    return new Response(response.statusCode(), response.headers().map(), responseBody);
  }

  /** The server could not be reached; {@code cause} in Go's words, as the sources say it. */
  private CliException cannotConnect(String cause) {
    boolean tls = cause.startsWith("tls:");
    return new CliException(
        "Could not connect to the Flotilla server at " + config.server() + " (" + cause + ")",
        List.of(
            tls
                ? "Point FLOTILLA_CA_FILE at the PEM file of the CA that signed the server's"
                    + " certificate"
                : "Start a local one with 'flotilla up', or point the CLI at a running server with"
                    + " FLOTILLA_SERVER or the \"server\" field of "
                    + configPath),
        CliException.ERROR);
  }

  private JsonNode readBody(HttpResponse<InputStream> response) {
    try (InputStream in = response.body()) {
      byte[] bytes = in.readNBytes((int) MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw CliException.error("Error! The server's response is larger than 16 MiB");
      }
      if (bytes.length == 0) {
        return null;
      }
      try {
        return JSON.readTree(bytes);
      } catch (IOException e) {
        // A non-JSON body (a proxy's HTML page, a plain-text 404): keep it as text for messages.
        return null;
      }
    } catch (IOException e) {
      throw CliException.error(
          "Error! Reading the response from " + config.server() + " failed: " + e.getMessage());
    }
  }

  /** A copy with secret values replaced, for debug output. */
  static JsonNode redact(JsonNode node) {
    JsonNode copy = node.deepCopy();
    redactInPlace(copy);
    return copy;
  }

  private static void redactInPlace(JsonNode node) {
    if (node instanceof ObjectNode object) {
      var names = new java.util.ArrayList<String>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode value = object.get(name);
        if (SECRET_FIELDS.contains(name) && value != null && !value.isNull()) {
          if (value.isObject()) {
            ObjectNode masked = JSON.createObjectNode();
            value.fieldNames().forEachRemaining(k -> masked.put(k, "*****"));
            object.set(name, masked);
          } else {
            object.put(name, "*****");
          }
        } else {
          redactInPlace(value);
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(ArmClient::redactInPlace);
    }
  }
}
