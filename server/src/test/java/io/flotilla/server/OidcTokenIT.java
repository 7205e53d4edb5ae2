package io.flotilla.server;

import static io.flotilla.server.TestServers.AUDIENCE;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.flotilla.server.auth.OidcOptions;
import io.flotilla.testkit.MutableClock;
import io.flotilla.testkit.oidc.OidcIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OIDC bearer tokens against a local issuer: what is accepted, and each refusal as ARM words it.
 */
class OidcTokenIT {
  static final String SUB = "00000000-0000-0000-0000-0000000000aa";
  static final String CLUSTERS =
      "/subscriptions/"
          + SUB
          + "/providers/Microsoft.Kubernetes/connectedClusters?api-version=2024-01-01";

  final OidcIssuer issuer = OidcIssuer.start();
  final MutableClock clock = new MutableClock(Instant.now());

  @RegisterExtension
  final ServiceHarness service =
      ServiceHarness.h2()
          .with(o -> o.withOidc(OidcOptions.of(issuer.issuer(), AUDIENCE)))
          .clock(clock);

  final Api admin = service.admin();

  @BeforeEach
  void start() {
    var r =
        admin.put(
            "/subscriptions/"
                + SUB
                + "/providers/Microsoft.Authorization/roleAssignments/"
                + "11111111-1111-1111-1111-111111111111?api-version=2022-04-01",
            """
            {"properties":{"roleDefinitionId":"/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7","principalId":"alice","principalType":"User"}}""");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  Api.Response call(String token) {
    return admin.withToken(token).get(CLUSTERS);
  }

  String token(JWSAlgorithm alg, java.util.function.UnaryOperator<JWTClaimsSet.Builder> more) {
    return issuer.sign(
        alg,
        c ->
            more.apply(
                c.audience(AUDIENCE)
                    .subject("alice")
                    .claim("preferred_username", "alice@example.com")));
  }

  @Test
  void rs256AndEs256TokensOfTheIssuerAreAccepted() {
    assertThat(call(token(JWSAlgorithm.RS256, c -> c)).status()).isEqualTo(200);
    assertThat(call(token(JWSAlgorithm.ES256, c -> c)).status()).isEqualTo(200);
    // the token lists the audience among others
    assertThat(
            call(token(JWSAlgorithm.RS256, c -> c.audience(List.of("other", AUDIENCE)))).status())
        .isEqualTo(200);
  }

  @Test
  void anExpiredTokenIsRefusedPastTheSkewOnly() {
    Instant now = clock.instant();
    var late =
        call(token(JWSAlgorithm.RS256, c -> c.expirationTime(Date.from(now.minusSeconds(30)))));
    assertThat(late.status()).as("within the 60 s skew").isEqualTo(200);
    var r =
        call(token(JWSAlgorithm.RS256, c -> c.expirationTime(Date.from(now.minusSeconds(600)))));
    assertThat(r.error()).startsWith("401 ExpiredAuthenticationToken: ");
    assertThat(r.errorMessage())
        .startsWith("The access token expiry UTC time '")
        .contains("is earlier than current UTC time");
    var nbf =
        call(token(JWSAlgorithm.RS256, c -> c.notBeforeTime(Date.from(now.plusSeconds(600)))));
    assertThat(nbf.status()).isEqualTo(401);
    assertThat(nbf.errorMessage()).contains("not valid before");
  }

  @Test
  void aTokenForAnotherAudienceOrIssuerIsRefusedByName() {
    var aud = call(token(JWSAlgorithm.RS256, c -> c.audience("api://someone-else")));
    assertThat(aud.error())
        .isEqualTo(
            "401 InvalidAuthenticationTokenAudience: The access token has been obtained for wrong audience or resource 'api://someone-else'."
                + " It should exactly match with one of the allowed audiences 'api://flotilla'.");
    var iss =
        call(token(JWSAlgorithm.RS256, c -> c.issuer("https://login.example.com/other/v2.0")));
    assertThat(iss.error()).startsWith("401 InvalidAuthenticationTokenTenant: ");
    assertThat(iss.errorMessage())
        .contains("'https://login.example.com/other/v2.0'")
        .contains(issuer.issuer());
  }

  @Test
  void forgedUnsignedAndSymmetricTokensAreRefused() throws Exception {
    var forged =
        call(
            issuer.sign(
                JWSAlgorithm.RS256,
                issuer.rsaKeyId(),
                OidcIssuer.strangerKey(),
                c -> c.audience(AUDIENCE).subject("alice")));
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.errorMessage()).isEqualTo("The access token has an invalid signature.");

    String none =
        new PlainJWT(
                new JWTClaimsSet.Builder()
                    .issuer(issuer.issuer())
                    .audience(AUDIENCE)
                    .subject("alice")
                    .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                    .build())
            .serialize();
    var plain = call(none);
    assertThat(plain.status()).isEqualTo(401);
    assertThat(plain.errorMessage()).contains("algorithm 'none'").contains("only RS256 and ES256");

    SignedJWT hs =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .issuer(issuer.issuer())
                .audience(AUDIENCE)
                .subject("alice")
                .build());
    hs.sign(new MACSigner(new byte[32]));
    assertThat(call(hs.serialize()).errorMessage()).contains("algorithm 'HS256'");
    assertThat(call("a.b.c").errorMessage())
        .isEqualTo("The access token is not a well-formed JWT.");
  }

  @Test
  void anUnknownKeyIdRefetchesTheKeySetOnceWithinItsBound() {
    assertThat(call(token(JWSAlgorithm.RS256, c -> c)).status()).isEqualTo(200);
    int fetched = issuer.jwksFetches();

    issuer.rotate(); // a new key the service has not seen
    clock.advance(Duration.ofSeconds(31));
    assertThat(call(token(JWSAlgorithm.RS256, c -> c)).status()).isEqualTo(200);
    assertThat(issuer.jwksFetches()).isEqualTo(fetched + 1);

    String unknown =
        issuer.sign(
            JWSAlgorithm.RS256,
            "nobody",
            OidcIssuer.strangerKey(),
            c -> c.audience(AUDIENCE).subject("alice"));
    for (int i = 0; i < 5; i++) {
      var r = call(unknown);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.errorMessage())
          .isEqualTo(
              "The access token is signed with key 'nobody', which the issuer '"
                  + issuer.issuer()
                  + "' does not publish in its JWK set.");
    }
    assertThat(issuer.jwksFetches())
        .as("just refetched: no fetch for made-up kids")
        .isEqualTo(fetched + 1);
    clock.advance(Duration.ofSeconds(31));
    call(unknown);
    call(unknown);
    assertThat(issuer.jwksFetches()).as("one refetch per 30 s at most").isEqualTo(fetched + 2);
  }

  @Test
  void aTokenWithoutThePrincipalClaimNamesTheFlag() {
    var r = call(issuer.sign(JWSAlgorithm.RS256, c -> c.audience(AUDIENCE)));
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.errorMessage()).contains("no 'sub' claim").contains("--oidc-principal-claim");
  }
}
