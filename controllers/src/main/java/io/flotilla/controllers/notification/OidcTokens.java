package io.flotilla.controllers.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies OIDC ID tokens as go-oidc and Google's idtoken do: the signature with the issuer's
 * published keys (RS256 or ES256; key sets are cached and fetched again, at most every 30 s, for an
 * unknown key id), expiry and not-before, the audience; the caller checks the issuer.
 */
final class OidcTokens {
  private static final Duration REFETCH = Duration.ofSeconds(30);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_DOCUMENT = 1 << 20;

  private record Keys(JWKSet set, Instant fetched) {}

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
  private final Map<String, Keys> keys = new ConcurrentHashMap<>();
  private final Map<String, String> jwksUris = new ConcurrentHashMap<>();
  private final Clock clock;

  OidcTokens(Clock clock) {
    this.clock = clock;
  }

  /** The token's {@code iss}, unverified: only to choose whom to verify it with. */
  static String unverifiedIssuer(String raw) throws WebhookCheck.Refused {
    try {
      String iss = SignedJWT.parse(raw).getJWTClaimsSet().getIssuer();
      if (iss == null || iss.isEmpty()) {
        throw new WebhookCheck.Refused(
            "failed to parse bearer token: token is missing the 'iss' claim");
      }
      return iss;
    } catch (ParseException e) {
      throw new WebhookCheck.Refused("failed to parse bearer token: token is not a JWT");
    }
  }

  /** The issuer's key set URL, from its discovery document (whose issuer must be the same). */
  String discover(String issuer) throws WebhookCheck.Refused {
    String known = jwksUris.get(issuer);
    if (known != null) {
      return known;
    }
    String url = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
    JsonNode doc;
    try {
      doc = Http.JSON.readTree(get(url));
    } catch (IOException e) {
      throw new WebhookCheck.Refused(
          "failed to initialize OIDC provider for issuer \"" + issuer + "\": " + e.getMessage());
    }
    if (!issuer.equals(doc.path("issuer").asText())) {
      throw new WebhookCheck.Refused(
          "failed to initialize OIDC provider for issuer \""
              + issuer
              + "\": oidc: issuer did not match the issuer returned by provider, expected \""
              + issuer
              + "\" got \""
              + doc.path("issuer").asText()
              + "\"");
    }
    String jwks = doc.path("jwks_uri").asText("");
    if (jwks.isEmpty()) {
      throw new WebhookCheck.Refused(
          "failed to initialize OIDC provider for issuer \"" + issuer + "\": no jwks_uri");
    }
    jwksUris.put(issuer, jwks);
    return jwks;
  }

  /**
   * The verified claims of {@code raw}, signed by a key of {@code jwksUrl}; {@code audience} must
   * be among its {@code aud} unless empty.
   */
  JWTClaimsSet verify(String raw, String jwksUrl, String audience) throws WebhookCheck.Refused {
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(raw);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new WebhookCheck.Refused(
          "failed to verify OIDC token: malformed jwt: " + e.getMessage());
    }
    JWK key = key(jwksUrl, jwt.getHeader().getKeyID());
    if (key == null) {
      throw new WebhookCheck.Refused(
          "failed to verify OIDC token: failed to verify signature: no key of id '"
              + jwt.getHeader().getKeyID()
              + "' in the issuer's key set");
    }
    try {
      JWSVerifier verifier =
          key instanceof ECKey ec
              ? new ECDSAVerifier(ec.toECPublicKey())
              : new RSASSAVerifier(((RSAKey) key).toRSAPublicKey());
      if (!jwt.verify(verifier)) {
        throw new WebhookCheck.Refused(
            "failed to verify OIDC token: failed to verify signature: invalid signature");
      }
    } catch (JOSEException | ClassCastException e) {
      throw new WebhookCheck.Refused(
          "failed to verify OIDC token: failed to verify signature: " + e.getMessage());
    }
    Date now = Date.from(clock.instant());
    if (claims.getExpirationTime() == null || !claims.getExpirationTime().after(now)) {
      throw new WebhookCheck.Refused(
          "failed to verify OIDC token: oidc: token is expired (Token Expiry: "
              + (claims.getExpirationTime() == null
                  ? "none"
                  : claims.getExpirationTime().toInstant())
              + ")");
    }
    if (claims.getNotBeforeTime() != null
        && claims.getNotBeforeTime().toInstant().isAfter(clock.instant().plusSeconds(300))) {
      throw new WebhookCheck.Refused("failed to verify OIDC token: oidc: current time before nbf");
    }
    if (!audience.isEmpty() && !claims.getAudience().contains(audience)) {
      throw new WebhookCheck.Refused(
          "failed to verify OIDC token: oidc: expected audience \""
              + audience
              + "\" got "
              + claims.getAudience());
    }
    return claims;
  }

  private JWK key(String jwksUrl, String kid) throws WebhookCheck.Refused {
    Keys cached = keys.get(jwksUrl);
    JWK found = cached == null ? null : find(cached.set(), kid);
    if (found != null) {
      return found;
    }
    if (cached != null && cached.fetched().plus(REFETCH).isAfter(clock.instant())) {
      return null;
    }
    try {
      Keys fresh = new Keys(JWKSet.parse(get(jwksUrl)), clock.instant());
      keys.put(jwksUrl, fresh);
      return find(fresh.set(), kid);
    } catch (IOException | ParseException e) {
      throw new WebhookCheck.Refused(
          "failed to verify OIDC token: fetching keys " + e.getMessage());
    }
  }

  private static JWK find(JWKSet set, String kid) {
    if (kid == null) {
      return set.getKeys().size() == 1 ? set.getKeys().get(0) : null;
    }
    return set.getKeyByKeyId(kid);
  }

  private String get(String url) throws IOException {
    try {
      HttpResponse<byte[]> res =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (res.statusCode() != 200) {
        throw new IOException("GET " + url + ": " + res.statusCode());
      }
      if (res.body().length > MAX_DOCUMENT) {
        throw new IOException("GET " + url + ": answer larger than " + MAX_DOCUMENT + " bytes");
      }
      return new String(res.body(), StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    } catch (IllegalArgumentException e) {
      throw new IOException("invalid URL " + url);
    }
  }
}
