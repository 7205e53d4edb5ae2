package io.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** A tiny HTTP client for the tests: JSON in, status + headers + JSON out. */
final class Api {
  static final String API_VERSION = "2025-04-01";
  static final String EXTENSION_API_VERSION = "2025-03-01";
  static final String CLUSTER_API_VERSION = "2024-01-01";

  /** The api-version the CLI sends for the resource type of {@code path}. */
  static String apiVersionFor(String path) {
    String p = path.toLowerCase(java.util.Locale.ROOT);
    if (p.contains("/microsoft.kubernetesconfiguration/extensions")) {
      return EXTENSION_API_VERSION;
    }
    return p.contains("/microsoft.kubernetesconfiguration/") ? API_VERSION : CLUSTER_API_VERSION;
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Supplier<String> base;
  private final Supplier<String> token;

  Api(String base, String token) {
    this(() -> base, () -> token);
  }

  private Api(Supplier<String> base, Supplier<String> token) {
    this.base = base;
    this.token = token;
  }

  /**
   * The admin client of whichever service {@code server} gives when a request is sent, so that it
   * can be made before the service starts and still holds after a restart.
   */
  static Api adminOf(Supplier<ConfigurationServer> server) {
    return new Api(() -> server.get().url(), () -> server.get().adminToken());
  }

  /** The bearer token this client sends. */
  String token() {
    return token.get();
  }

  Api withToken(String other) {
    return new Api(base, () -> other);
  }

  record Response(int status, HttpResponse<String> raw) {
    JsonNode json() {
      return Json.tree(raw.body());
    }

    String body() {
      return raw.body();
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    String errorCode() {
      return json().path("error").path("code").asText();
    }

    String errorTarget() {
      return json().at("/error/target").asText();
    }

    String errorMessage() {
      return json().path("error").path("message").asText();
    }

    /** Asserts a 400 whose error names {@code target}; returns this for further checks. */
    Response assertBadRequestAt(String target) {
      assertThat(status).isEqualTo(400);
      assertThat(errorTarget()).isEqualTo(target);
      return this;
    }

    /** Asserts a 400 whose error message contains each of {@code parts}. */
    void assertBadRequestSaying(String... parts) {
      assertThat(status).isEqualTo(400);
      assertThat(errorMessage()).contains(parts);
    }

    /** The ARM error as one line to assert at once: {@code 404 ResourceNotFound: The …}. */
    String error() {
      return status + " " + errorCode() + ": " + errorMessage();
    }
  }

  /**
   * Assigns a built-in role (by its Azure GUID) to the user {@code principalId} at {@code scope}.
   */
  Response assignRole(String scope, String roleId, String principalId) {
    return put(
        scope
            + "/providers/Microsoft.Authorization/roleAssignments/"
            + java.util.UUID.randomUUID()
            + "?api-version=2022-04-01",
        ("{\"properties\":{\"roleDefinitionId\":"
                + "\"/providers/Microsoft.Authorization/roleDefinitions/%s\","
                + "\"principalId\":\"%s\",\"principalType\":\"User\"}}")
            .formatted(roleId, principalId));
  }

  Response get(String path) {
    return send(request(path).GET());
  }

  Response delete(String path) {
    return send(request(path).DELETE());
  }

  Response put(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response patch(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  Response post(String path, String json) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json == null ? "" : json)));
  }

  /** {@code method path} with {@code body} (none when null) and {@code headers}, as it is. */
  Response send(String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder b =
        request(path)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    return send(b);
  }

  CompletableFuture<Response> getAsync(String path, String ifNoneMatch) {
    HttpRequest.Builder b = request(path).GET();
    if (ifNoneMatch != null) {
      b.header("If-None-Match", ifNoneMatch);
    }
    return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> new Response(r.statusCode(), r));
  }

  Response getWithEtag(String path, String ifNoneMatch) {
    return getAsync(path, ifNoneMatch).join();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base.get() + path))
            .timeout(Duration.ofSeconds(90));
    String bearer = token.get();
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return b;
  }

  private static Response send(HttpRequest.Builder b) {
    try {
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
