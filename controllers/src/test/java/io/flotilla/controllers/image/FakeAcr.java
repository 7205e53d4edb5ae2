package io.flotilla.controllers.image;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Azure AD and Azure Container Registry on one loopback port: the tenant's token endpoint gives an
 * ARM token for one workload identity (its projected service account token as the client
 * assertion), {@code /oauth2/exchange} trades only that token for a refresh token, and {@code /v2/}
 * answers the tag list only to basic auth with the ACR user and that refresh token.
 */
final class FakeAcr implements AutoCloseable {
  static final String TENANT = "00000000-0000-0000-0000-0000000000bb";
  static final String CLIENT_ID = "image-reflector-identity";
  static final String FEDERATED_TOKEN = "projected-image-reflector-token";
  static final String ARM_SCOPE = "https://management.azure.com/.default";
  static final List<String> TAGS = List.of("1.0.0", "1.1.0", "2.0.0");

  private final HttpServer server;
  private final String armToken = "arm-" + UUID.randomUUID();
  private final String refreshToken = "acr-refresh-" + UUID.randomUUID();
  final List<String> requests = new CopyOnWriteArrayList<>();

  FakeAcr() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/" + TENANT + "/oauth2/v2.0/token", this::aad);
    server.createContext("/oauth2/exchange", this::exchange);
    server.createContext("/v2/", this::tags);
    server.start();
  }

  String url() {
    return "http://" + host();
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  private void aad(HttpExchange ex) throws IOException {
    Map<String, String> form = form(ex);
    requests.add("aad " + form.get("client_id") + " " + form.get("scope"));
    if (CLIENT_ID.equals(form.get("client_id"))
        && FEDERATED_TOKEN.equals(form.get("client_assertion"))
        && ARM_SCOPE.equals(form.get("scope"))) {
      send(
          ex,
          200,
          "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"%s\"}"
              .formatted(armToken));
    } else {
      send(ex, 401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS700213\"}");
    }
  }

  private void exchange(HttpExchange ex) throws IOException {
    Map<String, String> form = form(ex);
    requests.add("exchange " + form.get("grant_type") + " " + form.get("service"));
    if ("POST".equals(ex.getRequestMethod())
        && "access_token".equals(form.get("grant_type"))
        && "127.0.0.1".equals(form.get("service"))
        && armToken.equals(form.get("access_token"))) {
      send(ex, 200, "{\"refresh_token\":\"%s\"}".formatted(refreshToken));
    } else {
      send(ex, 401, "[{\"code\":\"UNAUTHORIZED\",\"message\":\"unauthorized\"}]");
    }
  }

  private void tags(HttpExchange ex) throws IOException {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (AcrLogin.ACR_USER + ":" + refreshToken).getBytes(StandardCharsets.UTF_8));
    requests.add("registry " + ex.getRequestURI().getPath());
    if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"fake-acr\"");
      send(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}");
      return;
    }
    String list =
        TAGS.stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(",", "[", "]"));
    send(ex, 200, "{\"name\":\"team/app\",\"tags\":" + list + "}");
  }

  private static Map<String, String> form(HttpExchange ex) throws IOException {
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    return Arrays.stream(body.split("&"))
        .filter(p -> p.contains("="))
        .collect(
            Collectors.toMap(
                p -> URLDecoder.decode(p.substring(0, p.indexOf('=')), StandardCharsets.UTF_8),
                p -> URLDecoder.decode(p.substring(p.indexOf('=') + 1), StandardCharsets.UTF_8),
                (a, b) -> b));
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
