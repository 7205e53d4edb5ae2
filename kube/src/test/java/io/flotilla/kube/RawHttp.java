package io.flotilla.kube;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A request to an embedded API server the way any HTTP client sends it, for what typed clients do
 * not cover.
 */
final class RawHttp {
  private RawHttp() {}

  /**
   * Sends {@code body} (if not null) with the given content type (JSON when null) and bearer token
   * (none when null).
   */
  static HttpResponse<String> send(
      EmbeddedKubeApi kube,
      String method,
      String path,
      String token,
      String contentType,
      String body) {
    byte[] bytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          request(kube, method, path, token, contentType, bytes).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The request {@link #send} sends, for a caller that wants other headers or answers. */
  static HttpRequest.Builder request(
      EmbeddedKubeApi kube,
      String method,
      String path,
      String token,
      String contentType,
      byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(kube.url() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", contentType == null ? "application/json" : contentType);
    }
    return b;
  }
}
