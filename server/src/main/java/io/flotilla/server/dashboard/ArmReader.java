package io.flotilla.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.server.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Reads the service's own ARM REST API over loopback with the dashboard user's bearer token, so a
 * page shows exactly what that user may read through the API the CLI uses, and nothing else.
 */
final class ArmReader {
  static final String FLUX_API_VERSION = "2025-04-01";
  static final String EXTENSION_API_VERSION = "2025-03-01";

  /** What one read gave: the resource, or why not (the ARM error's code and message). */
  sealed interface Result permits Found, Refused {}

  record Found(JsonNode body) implements Result {}

  record Refused(int status, String code, String message) implements Result {
    boolean notAllowed() {
      return status == 403;
    }
  }

  private final Supplier<String> baseUrl;
  private final HttpClient http;

  ArmReader(Supplier<String> baseUrl, SSLContext tls) {
    this.baseUrl = baseUrl;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      b.sslContext(tls);
    }
    this.http = b.build();
  }

  /** GET {@code path?api-version=…} as the caller whose {@code Authorization} header is given. */
  Result get(String path, String apiVersion, String authorization) {
    String sep = path.contains("?") ? "&" : "?";
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(baseUrl.get() + path + sep + "api-version=" + apiVersion))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .GET();
    if (authorization != null) {
      req.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = r.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.tree(r.body());
      if (r.statusCode() / 100 == 2) {
        return new Found(body);
      }
      JsonNode error = body.path("error");
      return new Refused(
          r.statusCode(),
          error.path("code").asText("HttpError" + r.statusCode()),
          error.path("message").asText("The service answered " + r.statusCode() + "."));
    } catch (IOException e) {
      return new Refused(502, "ServiceUnreachable", "The dashboard could not reach the API: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Refused(503, "Interrupted", "The read was interrupted.");
    } catch (RuntimeException e) {
      return new Refused(502, "UnreadableAnswer", "The API's answer was not JSON.");
    }
  }
}
