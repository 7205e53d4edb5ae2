package io.flotilla.testkit.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A tiny OpenID Connect issuer on loopback: a discovery document, a JWK set, and tokens signed with
 * keys it generated (RS256 and ES256). Keys can be rotated, and the JWK set fetches are counted, so
 * a test can see that a verifier refetches on an unknown key id — and only within its bound. With
 * {@link #signIn} it also plays the browser sign-in: the authorization code flow with PKCE (S256
 * only, as OAuth 2.1 asks), its user already signed in, so {@code /authorize} answers at once.
 */
public final class OidcIssuer implements AutoCloseable {
  private final HttpServer server;
  private final String issuer;
  private final List<JWK> published = new CopyOnWriteArrayList<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private volatile RSAKey rsa;
  private volatile ECKey ec;
  private final java.time.Clock clock;
  private final AuthorizationCodes codes = new AuthorizationCodes();

  private OidcIssuer(HttpServer server, java.time.Clock clock) {
    this.server = server;
    this.clock = clock;
    this.issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/tenant";
    rotate();
  }

  public static OidcIssuer start() {
    return start(java.time.Clock.systemUTC());
  }

  /** An issuer whose tokens are issued at {@code clock}'s time (a test's clock). */
  public static OidcIssuer start(java.time.Clock clock) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      OidcIssuer issuer = new OidcIssuer(server, clock);
      server.createContext("/tenant/.well-known/openid-configuration", issuer::discovery);
      server.createContext("/tenant/keys", issuer::keys);
      server.createContext("/tenant/authorize", ex -> issuer.codes.authorize(ex));
      server.createContext("/tenant/token", ex -> issuer.codes.token(ex, issuer::accessToken));
      server.start();
      return issuer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The issuer URL, as tokens carry it in {@code iss}. */
  public String issuer() {
    return issuer;
  }

  /**
   * The user the issuer's browser session belongs to from now on: {@code /authorize} gives a code
   * for it, and {@code /token} an access token for {@code audience} with {@code sub} and {@code
   * oid} = {@code subject} and {@code preferred_username} = {@code name}. A null subject signs out:
   * {@code /authorize} then answers {@code login_required}.
   */
  public void signIn(String subject, String name, String audience) {
    codes.signIn(subject == null ? null : new AuthorizationCodes.User(subject, name, audience));
  }

  /** The authorization requests {@code /authorize} received, newest last (their query strings). */
  public List<String> authorizationRequests() {
    return codes.requests();
  }

  private String accessToken(AuthorizationCodes.User user) {
    return token(user.audience(), user.subject(), user.name(), List.of());
  }

  public int jwksFetches() {
    return jwksFetches.get();
  }

  /** New RSA and EC signing keys, published beside the old ones (as issuers roll keys over). */
  public void rotate() {
    try {
      rsa =
          new RSAKeyGenerator(2048)
              .keyUse(KeyUse.SIGNATURE)
              .keyID("rsa-" + UUID.randomUUID())
              .generate();
      ec =
          new ECKeyGenerator(Curve.P_256)
              .keyUse(KeyUse.SIGNATURE)
              .keyID("ec-" + UUID.randomUUID())
              .generate();
      published.add(rsa.toPublicJWK());
      published.add(ec.toPublicJWK());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A valid RS256 token for this subject and audience, one hour long. */
  public String token(String audience, String subject, String name, List<String> groups) {
    return sign(
        JWSAlgorithm.RS256,
        claims -> {
          claims.audience(audience).subject(subject).claim("oid", subject);
          if (name != null) claims.claim("preferred_username", name);
          if (groups != null && !groups.isEmpty()) claims.claim("groups", new ArrayList<>(groups));
          return claims;
        });
  }

  /**
   * A token signed with the current key of {@code alg} (RS256 or ES256); {@code claims} starts with
   * iss, iat, nbf (now) and exp (in an hour) and may change anything.
   */
  public String sign(JWSAlgorithm alg, UnaryOperator<JWTClaimsSet.Builder> claims) {
    JWK key = JWSAlgorithm.ES256.equals(alg) ? ec : rsa;
    return sign(alg, key.getKeyID(), key, claims);
  }

  /** A token signed with any key under any kid: forged or unknown-key tokens. */
  public String sign(
      JWSAlgorithm alg, String kid, JWK key, UnaryOperator<JWTClaimsSet.Builder> claims) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder b =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .issueTime(Date.from(now))
            .notBeforeTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
            .jwtID(UUID.randomUUID().toString());
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(),
            claims.apply(b).build());
    try {
      JWSSigner signer =
          key instanceof ECKey e ? new ECDSASigner(e) : new RSASSASigner((RSAKey) key);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The current RSA key's id (to forge a token under it with another key). */
  public String rsaKeyId() {
    return rsa.getKeyID();
  }

  /** A fresh RSA key the issuer never published. */
  public static RSAKey strangerKey() {
    try {
      return new RSAKeyGenerator(2048).keyID("stranger").generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private void discovery(HttpExchange ex) throws IOException {
    String doc =
        "{\"issuer\":\""
            + issuer
            + "\",\"jwks_uri\":\""
            + issuer
            + "/keys\",\"authorization_endpoint\":\""
            + issuer
            + "/authorize\",\"token_endpoint\":\""
            + issuer
            + "/token\",\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"]}";
    reply(ex, doc);
  }

  private void keys(HttpExchange ex) throws IOException {
    jwksFetches.incrementAndGet();
    reply(ex, new JWKSet(List.copyOf(published)).toString(true));
  }

  private static void reply(HttpExchange ex, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
