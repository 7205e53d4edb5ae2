package io.flotilla.controllers.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The one way notifiers talk HTTP: a request, the answer's body, errors as Flux words them. */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ERROR_BODY = 512;

  private Http() {}

  static byte[] json(Object payload) {
    try {
      return JSON.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("marshalling notification payload failed", e);
    }
  }

  /** POSTs JSON; any 2xx is success. */
  static String postJson(ProviderConfig p, String url, Object payload, Map<String, String> headers)
      throws DeliveryException {
    return send(p, "POST", url, json(payload), "application/json", headers);
  }

  static String send(
      ProviderConfig p,
      String method,
      String url,
      byte[] body,
      String contentType,
      Map<String, String> headers)
      throws DeliveryException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw DeliveryException.permanent("invalid URL: " + p.redact(e.getMessage()));
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(p.timeout());
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::setHeader);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return answer(p, method, uri, b, false);
  }

  /** GETs {@code url}; a 404 is an empty answer (null), as a listing of nothing yet. */
  static String getOrNull(ProviderConfig p, String url, Map<String, String> headers)
      throws DeliveryException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(p.timeout()).GET();
    headers.forEach(b::setHeader);
    return answer(p, "GET", URI.create(url), b, true);
  }

  private static String answer(
      ProviderConfig p, String method, URI uri, HttpRequest.Builder b, boolean notFoundIsNull)
      throws DeliveryException {
    HttpResponse<byte[]> res;
    try {
      res = p.http().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new DeliveryException(
          method + " " + p.redact(hostOf(uri)) + " timed out after " + p.timeout(), true);
    } catch (IOException e) {
      throw new DeliveryException(
          method + " " + p.redact(hostOf(uri)) + " failed: " + p.redact(String.valueOf(e)), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeliveryException.permanent("interrupted");
    }
    String answer = new String(res.body(), StandardCharsets.UTF_8);
    int code = res.statusCode();
    if (notFoundIsNull && code == 404) {
      return null;
    }
    if (code < 200 || code >= 300) {
      String shown =
          answer.length() > MAX_ERROR_BODY ? answer.substring(0, MAX_ERROR_BODY) : answer;
      throw new DeliveryException(
          "request failed with status code " + code + ", " + p.redact(shown.strip()),
          code == 429 || code >= 500);
    }
    return answer;
  }

  /** Scheme, host and port only: paths of webhook URLs are secrets (Slack, Teams, Discord). */
  static String hostOf(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority();
  }
}
