package io.flotilla.source.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.api.net.NetworkErrors;
import io.flotilla.source.HttpClients;
import io.flotilla.source.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP side of {@link OciClient}: requests to one registry, answered challenges ({@code
 * WWW-Authenticate}: HTTP basic, or a bearer token from the registry's token service, remembered
 * per set of actions) and Go-worded network errors with the password redacted.
 */
final class RegistryHttp {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final OciReference ref;
  private final OciClient.Options options;
  private final HttpClient http;
  private final Map<String, String> authorization = new ConcurrentHashMap<>();

  RegistryHttp(OciReference ref, OciClient.Options options) {
    this.ref = ref;
    this.options = options;
    this.http = HttpClients.of(options.timeout(), HttpClient.Redirect.NORMAL, options.sslContext());
  }

  String base() {
    return (options.plainHttp() ? "http://" : "https://") + ref.registry();
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base() + path)).timeout(options.timeout());
  }

  HttpRequest get(String path, String accept) {
    return request(path).header("Accept", accept).GET().build();
  }

  HttpResponse<byte[]> send(HttpRequest req, String actions) throws IOException {
    HttpResponse<byte[]> r =
        exchange(withAuth(req, actions), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() == 401
        && authenticate(r.headers().firstValue("WWW-Authenticate").orElse(""), actions)) {
      r = exchange(withAuth(req, actions), HttpResponse.BodyHandlers.ofByteArray());
    }
    if (r.statusCode() == 401) {
      throw new OciClient.AuthException(
          "authentication to %s failed: %s"
              .formatted(
                  ref.registry(),
                  options.username() == null ? "credentials required" : "invalid credentials"));
    }
    return r;
  }

  HttpResponse<InputStream> sendStreaming(HttpRequest req, String actions) throws IOException {
    HttpResponse<InputStream> r =
        exchange(withAuth(req, actions), HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() == 401) {
      r.body().close();
      if (authenticate(r.headers().firstValue("WWW-Authenticate").orElse(""), actions)) {
        r = exchange(withAuth(req, actions), HttpResponse.BodyHandlers.ofInputStream());
      }
    }
    if (r.statusCode() == 401) {
      r.body().close();
      throw new OciClient.AuthException("authentication to %s failed".formatted(ref.registry()));
    }
    return r;
  }

  /** Refuses an answer other than {@code status}, quoting (redacted) the start of its body. */
  void expect(HttpResponse<byte[]> r, int status, String what) throws IOException {
    if (r.statusCode() != status) {
      String body = new String(r.body(), StandardCharsets.UTF_8);
      String detail = body.length() > 300 ? body.substring(0, 300) + "…" : body;
      throw new IOException(
          "failed to %s: status %d %s"
              .formatted(
                  what, r.statusCode(), Redaction.message(detail.strip(), options.password())));
    }
  }

  private HttpRequest withAuth(HttpRequest req, String actions) {
    String value = authorization.get(actions);
    if (value == null) {
      return req;
    }
    return HttpRequest.newBuilder(req, (k, v) -> true).header("Authorization", value).build();
  }

  /** Answers a challenge; false when there is nothing (more) to try. */
  private boolean authenticate(String challenge, String actions) throws IOException {
    String lower = challenge.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("basic")) {
      if (options.username() == null || authorization.containsKey(actions)) {
        return false;
      }
      authorization.put(actions, basic());
      return true;
    }
    if (lower.startsWith("bearer")) {
      Map<String, String> params = new LinkedHashMap<>();
      Matcher m = CHALLENGE_PARAM.matcher(challenge);
      while (m.find()) {
        params.put(m.group(1), m.group(2));
      }
      String realm = params.get("realm");
      if (realm == null || authorization.getOrDefault(actions, "").startsWith("Bearer")) {
        return false;
      }
      authorization.put(actions, "Bearer " + token(realm, params, actions));
      return true;
    }
    return false;
  }

  /** A token from the registry's token service for the challenge's (or our) scope. */
  private String token(String realm, Map<String, String> params, String actions)
      throws IOException {
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
    if (params.containsKey("service")) {
      url.append("service=")
          .append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8))
          .append('&');
    }
    url.append("scope=")
        .append(
            URLEncoder.encode(
                params.getOrDefault("scope", "repository:" + ref.repository() + ":" + actions),
                StandardCharsets.UTF_8));
    HttpRequest.Builder tr =
        HttpRequest.newBuilder(URI.create(url.toString())).timeout(options.timeout()).GET();
    if (options.username() != null) {
      tr.header("Authorization", basic());
    }
    HttpResponse<byte[]> r = exchange(tr.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new OciClient.AuthException(
          "authentication to %s failed: token service answered status %d"
              .formatted(ref.registry(), r.statusCode()));
    }
    JsonNode body = JSON.readTree(r.body());
    String token = body.path("token").asText(body.path("access_token").asText(""));
    if (token.isEmpty()) {
      throw new OciClient.AuthException(
          "authentication to %s failed: no token issued".formatted(ref.registry()));
    }
    return token;
  }

  private String basic() {
    String pair = options.username() + ":" + (options.password() == null ? "" : options.password());
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private <T> HttpResponse<T> exchange(HttpRequest req, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return http.send(req, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.net.http.HttpTimeoutException e) {
      throw new IOException(
          "request to %s timed out after %s".formatted(ref.registry(), options.timeout()), e);
    } catch (IOException | java.nio.channels.UnresolvedAddressException e) {
      String network =
          NetworkErrors.describe(
              e, NetworkErrors.Endpoint.of(URI.create(base())), NetworkErrors.CERT_SECRET_HINT);
      if (network != null) {
        throw new IOException("cannot reach %s: %s".formatted(ref.registry(), network), e);
      }
      if (e instanceof javax.net.ssl.SSLException) {
        throw new IOException(
            "TLS handshake with %s failed: %s".formatted(ref.registry(), e.getMessage()), e);
      }
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new IOException(
          "request to %s failed: %s"
              .formatted(ref.registry(), Redaction.message(msg, options.password())),
          e);
    }
  }
}
