package io.flotilla.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Verifies OIDC access tokens: RS256 or ES256 only, signed by a key the issuer publishes, {@code
 * iss} exactly the configured issuer, the configured audience in {@code aud}, {@code exp} required
 * and {@code nbf} honoured with a small skew. The issuer is checked before the signature so that a
 * token of another issuer is named as such and never makes the service fetch keys.
 */
final class OidcVerifier {
  private static final int MAX_GROUPS = 500;

  private final OidcOptions options;
  private final IssuerKeys keys;
  private final Clock clock;

  OidcVerifier(OidcOptions options, HttpClient http, Clock clock) {
    this.options = options;
    this.keys = new IssuerKeys(options.issuerText(), http, clock);
    this.clock = clock;
  }

  static OidcVerifier create(OidcOptions options, Clock clock) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new OidcVerifier(options, http, clock);
  }

  /** A token shaped as a JWS (three dot-separated parts); everything else is an opaque token. */
  static boolean looksLikeJwt(String token) {
    return token.chars().filter(c -> c == '.').count() == 2;
  }

  IssuerKeys issuer() {
    return keys;
  }

  OidcOptions options() {
    return options;
  }

  int keyFetches() {
    return keys.fetches();
  }

  Principal.User verify(String token) {
    JWT parsed;
    try {
      parsed = JWTParser.parse(token);
    } catch (ParseException e) {
      throw TokenErrors.malformed();
    }
    if (!(parsed instanceof SignedJWT jwt)) {
      // a PlainJWT is alg "none"; an encrypted one is not an access token we can read
      throw TokenErrors.algorithm(parsed.getHeader().getAlgorithm().getName());
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!JWSAlgorithm.RS256.equals(alg) && !JWSAlgorithm.ES256.equals(alg)) {
      throw TokenErrors.algorithm(alg.getName());
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw TokenErrors.malformed();
    }
    String iss = claims.getIssuer();
    if (!options.issuerText().equals(iss)) {
      throw TokenErrors.wrongIssuer(String.valueOf(iss), options.issuerText());
    }
    verifySignature(jwt, alg);
    checkTimes(claims);
    List<String> aud = claims.getAudience();
    if (aud == null || !aud.contains(options.audience())) {
      throw TokenErrors.wrongAudience(aud == null ? "" : String.join(",", aud), options.audience());
    }
    return user(claims);
  }

  private void verifySignature(SignedJWT jwt, JWSAlgorithm alg) {
    String kid = jwt.getHeader().getKeyID();
    Optional<JWK> key;
    try {
      key = keys.find(kid);
    } catch (IssuerKeys.Unavailable e) {
      throw TokenErrors.issuerUnavailable(e.getMessage());
    }
    if (key.isEmpty()
        || (key.get().getKeyUse() != null && key.get().getKeyUse() != KeyUse.SIGNATURE)) {
      throw TokenErrors.unknownKey(String.valueOf(kid), options.issuerText());
    }
    try {
      JWSVerifier verifier = verifierFor(key.get(), alg);
      if (verifier == null || !jwt.verify(verifier)) {
        throw TokenErrors.badSignature();
      }
    } catch (JOSEException e) {
      throw TokenErrors.badSignature();
    }
  }

  /** The key must be of the algorithm's type; an RSA key never verifies an ES256 token. */
  private static JWSVerifier verifierFor(JWK key, JWSAlgorithm alg) throws JOSEException {
    if (JWSAlgorithm.RS256.equals(alg) && key instanceof RSAKey rsa) {
      return new RSASSAVerifier(rsa);
    }
    if (JWSAlgorithm.ES256.equals(alg)
        && key instanceof ECKey ec
        && Curve.P_256.equals(ec.getCurve())) {
      return new ECDSAVerifier(ec);
    }
    return null;
  }

  private void checkTimes(JWTClaimsSet claims) {
    Instant now = clock.instant();
    Duration skew = options.clockSkew();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw TokenErrors.noExpiry();
    }
    if (exp.toInstant().plus(skew).isBefore(now)) {
      throw TokenErrors.expired(exp.toInstant(), now);
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().minus(skew).isAfter(now)) {
      throw TokenErrors.notYetValid(nbf.toInstant(), now);
    }
  }

  private Principal.User user(JWTClaimsSet claims) {
    Object id = claims.getClaim(options.principalClaim());
    if (!(id instanceof String objectId) || objectId.isBlank()) {
      throw TokenErrors.missingClaim(options.principalClaim(), "--oidc-principal-claim");
    }
    Object name = claims.getClaim(options.nameClaim());
    List<String> groups = new ArrayList<>();
    if (claims.getClaim(options.groupsClaim()) instanceof List<?> list) {
      for (Object g : list) {
        if (g instanceof String s && !s.isBlank() && groups.size() < MAX_GROUPS) {
          groups.add(s);
        }
      }
    }
    return new Principal.User(
        objectId, name instanceof String s && !s.isBlank() ? s : objectId, groups);
  }
}
