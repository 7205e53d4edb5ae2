package io.flotilla.testkit.oidc;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The issuer's side of the authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636): {@code
 * /authorize} redirects back with a one-time code bound to the client, the redirect URI and the
 * code challenge; {@code /token} gives the access token only for the matching {@code
 * code_verifier}. Refusals use the RFC's error codes.
 */
final class AuthorizationCodes {
  record User(String subject, String name, String audience) {}

  private record Grant(String clientId, String redirectUri, String challenge, User user) {}

  private final Map<String, Grant> grants = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private volatile User user;

  void signIn(User user) {
    this.user = user;
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  void authorize(HttpExchange ex) throws IOException {
    try (ex) {
      String query = ex.getRequestURI().getRawQuery();
      requests.add(query == null ? "" : query);
      Map<String, String> q = form(query);
      String redirect = q.get("redirect_uri");
      if (redirect == null || q.get("client_id") == null) {
        reply(ex, 400, "{\"error\":\"invalid_request\"}");
        return;
      }
      String state = q.get("state");
      String error = null;
      if (!"code".equals(q.get("response_type"))) {
        error = "unsupported_response_type";
      } else if (q.get("code_challenge") == null
          || !"S256".equals(q.get("code_challenge_method"))) {
        error = "invalid_request";
      } else if (user == null) {
        error = "login_required";
      }
      StringBuilder back = new StringBuilder(redirect).append(redirect.contains("?") ? '&' : '?');
      if (error != null) {
        back.append("error=").append(error);
      } else {
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(24));
        grants.put(code, new Grant(q.get("client_id"), redirect, q.get("code_challenge"), user));
        back.append("code=").append(code);
      }
      if (state != null) {
        back.append("&state=").append(URLEncoder.encode(state, StandardCharsets.UTF_8));
      }
      ex.getResponseHeaders().set("Location", URI.create(back.toString()).toString());
      ex.sendResponseHeaders(302, -1);
    }
  }

  void token(HttpExchange ex, Function<User, String> accessToken) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        reply(ex, 405, "{\"error\":\"invalid_request\"}");
        return;
      }
      Map<String, String> f =
          form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      if (!"authorization_code".equals(f.get("grant_type"))) {
        reply(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
        return;
      }
      Grant grant = f.get("code") == null ? null : grants.remove(f.get("code"));
      if (grant == null
          || !grant.clientId().equals(f.get("client_id"))
          || !grant.redirectUri().equals(f.get("redirect_uri"))
          || f.get("code_verifier") == null
          || !grant.challenge().equals(challenge(f.get("code_verifier")))) {
        reply(ex, 400, "{\"error\":\"invalid_grant\"}");
        return;
      }
      reply(
          ex,
          200,
          "{\"access_token\":\""
              + accessToken.apply(grant.user())
              + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }
  }

  static String challenge(String verifier) {
    try {
      byte[] sha =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sha);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static Map<String, String> form(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    if (s == null || s.isEmpty()) {
      return out;
    }
    for (String pair : s.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void reply(HttpExchange ex, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
