package io.flotilla.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import io.flotilla.server.http.ArmException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dashboard's sign-in at the OIDC issuer: the authorization code flow with PKCE (RFC 7636,
 * S256) as a public client. Nothing is kept on the server between the two legs: the state, the code
 * verifier and where to go afterwards travel in a short-lived cookie the caller keeps ({@link
 * Started#pending}), so any replica can finish a sign-in another one started.
 */
public final class OidcSignIn {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final OidcVerifier verifier;
  private final OidcOptions options;
  private final Clock clock;

  OidcSignIn(OidcVerifier verifier, Clock clock) {
    this.verifier = verifier;
    this.options = verifier.options();
    this.clock = clock;
  }

  /** Where to send the browser, and the value of the cookie that must come back with it. */
  public record Started(URI authorize, String pending) {}

  /** A finished sign-in: the access token, how long it lives (null: unknown), where to go. */
  public record Finished(String token, Duration lifetime, String next) {}

  /** The sign-in could not finish; {@code message} says why in words a user can act on. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** Starts a sign-in that comes back to {@code redirectUri} and then goes to {@code next}. */
  public Started start(String redirectUri, String next) throws Refused {
    String state = B64.encodeToString(bytes(16));
    String codeVerifier = B64.encodeToString(bytes(32));
    URI endpoint = endpoint("authorization_endpoint");
    Map<String, String> q = new LinkedHashMap<>();
    q.put("response_type", "code");
    q.put("client_id", options.clientId());
    q.put("redirect_uri", redirectUri);
    q.put("scope", options.scope());
    q.put("state", state);
    q.put("code_challenge", challenge(codeVerifier));
    q.put("code_challenge_method", "S256");
    String sep = endpoint.getRawQuery() == null ? "?" : "&";
    return new Started(
        URI.create(endpoint + sep + form(q)),
        state + "." + codeVerifier + "." + B64.encodeToString(safeNext(next).getBytes(UTF8)));
  }

  /**
   * Finishes a sign-in from the issuer's answer ({@code code}, {@code state} or {@code error}) and
   * the cookie {@link #start} set: trades the code for an access token and verifies the token as
   * every API call will (issuer, audience, signature, lifetime).
   */
  public Finished finish(Map<String, String> answer, String pending, String redirectUri)
      throws Refused {
    if (answer.get("error") != null) {
      throw new Refused(
          "The identity provider refused the sign-in: "
              + answer.get("error")
              + (answer.get("error_description") == null
                  ? ""
                  : " (" + answer.get("error_description") + ")")
              + ".");
    }
    String[] parts = pending == null ? new String[0] : pending.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(answer.get("state"))) {
      throw new Refused(
          "This sign-in was not started in this browser, or took longer than 10 minutes."
              + " Sign in again.");
    }
    if (answer.get("code") == null) {
      throw new Refused("The identity provider sent no authorization code. Sign in again.");
    }
    Map<String, String> body = new LinkedHashMap<>();
    body.put("grant_type", "authorization_code");
    body.put("code", answer.get("code"));
    body.put("redirect_uri", redirectUri);
    body.put("client_id", options.clientId());
    body.put("code_verifier", parts[1]);
    URI tokenEndpoint = endpoint("token_endpoint");
    IssuerKeys.Answer a;
    try {
      a =
          verifier
              .issuer()
              .exchange(
                  HttpRequest.newBuilder(tokenEndpoint)
                      .header("Content-Type", "application/x-www-form-urlencoded")
                      .header("Accept", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(form(body)))
                      .build(),
                  "token endpoint");
    } catch (IssuerKeys.Unavailable e) {
      throw new Refused("The identity provider cannot be reached: " + e.getMessage() + ".");
    }
    JsonNode json;
    try {
      json = JSON.readTree(a.body());
    } catch (IOException e) {
      json = JSON.createObjectNode();
    }
    if (a.status() != 200 || !json.path("access_token").isTextual()) {
      throw new Refused(
          "The identity provider's token endpoint "
              + tokenEndpoint
              + " answered HTTP "
              + a.status()
              + (json.path("error").isTextual() ? " " + json.path("error").asText() : "")
              + " instead of an access token. Sign in again.");
    }
    String token = json.path("access_token").asText();
    try {
      verifier.verify(token);
    } catch (ArmException e) {
      throw new Refused("The identity provider's token is not accepted: " + e.getMessage());
    }
    return new Finished(
        token,
        lifetime(token),
        new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8));
  }

  /** Only a path on this site: anything else would make the sign-in an open redirect. */
  static String safeNext(String next) {
    return next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\")
        ? next
        : "/";
  }

  private Duration lifetime(String token) {
    try {
      Date exp = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime();
      return exp == null ? null : Duration.between(clock.instant(), exp.toInstant());
    } catch (ParseException e) {
      return null;
    }
  }

  private URI endpoint(String field) throws Refused {
    try {
      return verifier.issuer().endpoint(field);
    } catch (IssuerKeys.Unavailable e) {
      throw new Refused("The identity provider cannot be used: " + e.getMessage() + ".");
    }
  }

  static String challenge(String codeVerifier) {
    try {
      return B64.encodeToString(
          MessageDigest.getInstance("SHA-256")
              .digest(codeVerifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), UTF8) + "=" + URLEncoder.encode(e.getValue(), UTF8))
        .collect(Collectors.joining("&"));
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
