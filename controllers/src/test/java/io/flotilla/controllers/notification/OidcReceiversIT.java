package io.flotilla.controllers.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import io.flotilla.api.flux.notification.Receiver;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.controllers.GitSources;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.testkit.oidc.OidcIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Receivers whose callers send an ID token: {@code generic-oidc} (secret-less, the issuer's
 * keys found by discovery, CEL validations over the claims) and {@code gcr} (Google's keys — here a
 * loopback issuer's — with the Secret's audience and email), each called over HTTP.
 */
class OidcReceiversIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String GOOGLE = "https://accounts.google.com";
  private static final String SA = "pusher@proj.iam.gserviceaccount.com";

  /** Started before the cluster: the controllers take Google's keys from it. */
  @AutoClose static final OidcIssuer oidc = OidcIssuer.start();

  @RegisterExtension
  static final RunningControllers cluster =
      RunningControllers.with(
          o -> o,
          NotificationOptions.defaults()
              .withReceiver("127.0.0.1", 0)
              .withGoogleCerts(oidc.issuer() + "/keys"));

  static String url;

  @BeforeAll
  static void start() {
    url = cluster.gitRepository("repo", Map.of("app/cm.yaml", "kind: ConfigMap\n"), "first");
  }

  /** A namespace with a GitRepository {@code app} and a Receiver {@code r} of this spec on it. */
  static String receiver(String spec) {
    String ns = cluster.newNamespace("o");
    cluster.client().resource(GitSources.onMain(ns, "app", url, "1h")).create();
    KubeObjects.receiver(cluster.client(), ns, spec);
    return ns;
  }

  static Receiver get(String ns) {
    return cluster.client().resources(Receiver.class).inNamespace(ns).withName("r").get();
  }

  static boolean ready(String ns) {
    Receiver r = get(ns);
    return r.getStatus() != null
        && r.getStatus().conditions().stream()
            .anyMatch(c -> c.type().equals("Ready") && c.isTrue());
  }

  static String requested(String ns) {
    var a =
        cluster
            .client()
            .resources(GitRepository.class)
            .inNamespace(ns)
            .withName("app")
            .get()
            .getMetadata()
            .getAnnotations();
    return a == null ? null : a.get("reconcile.fluxcd.io/requestedAt");
  }

  static int call(String path, String token, byte[] body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(cluster.controllers().receiverBaseUrl() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  static String ciToken(String audience, String repository) {
    return oidc.sign(
        JWSAlgorithm.ES256,
        c -> c.audience(audience).subject("repo:" + repository).claim("repository", repository));
  }

  @Test
  void genericOidcTakesATokenOfTheIssuerThatPassesTheValidations() throws Exception {
    String ns =
        receiver(
            "  type: generic-oidc\n  oidcProviders:\n  - issuerURL: "
                + oidc.issuer()
                + "\n    audience: flux\n    variables:\n    - name: repo\n"
                + "      expression: claims.repository\n    validations:\n"
                + "    - expression: vars.repo == 'org/app'\n"
                + "      message: only org/app may deploy\n");
    await().atMost(WAIT).until(() -> ready(ns));
    String path = get(ns).getStatus().webhookPath();
    assertThat(path)
        .as("secret-less: name and namespace only")
        .isEqualTo(Receiver.webhookPath("", "r", ns));
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    assertThat(call(path, null, body)).isEqualTo(400);
    assertThat(call(path, ciToken("flux", "evil/app"), body)).as("validation fails").isEqualTo(400);
    assertThat(call(path, ciToken("other", "org/app"), body)).as("audience").isEqualTo(400);
    String forged =
        oidc.sign(
            JWSAlgorithm.RS256,
            oidc.rsaKeyId(),
            OidcIssuer.strangerKey(),
            c -> c.audience("flux").claim("repository", "org/app"));
    assertThat(call(path, forged, body)).as("signed by another key").isEqualTo(400);
    assertThat(requested(ns)).isNull();

    assertThat(call(path, ciToken("flux", "org/app"), body)).isEqualTo(200);
    await().atMost(WAIT).until(() -> requested(ns) != null);
  }

  @Test
  void genericOidcWithoutValidationsIsStalledWithFluxsReason() {
    String ns =
        receiver(
            "  type: generic-oidc\n  oidcProviders:\n  - issuerURL: "
                + oidc.issuer()
                + "\n    audience: flux\n");
    await()
        .atMost(WAIT)
        .until(
            () ->
                get(ns).getStatus() != null
                    && get(ns).getStatus().conditions().stream()
                        .anyMatch(
                            c ->
                                c.type().equals("Ready")
                                    && !c.isTrue()
                                    && c.message()
                                        .contains("at least one validation is required")));
  }

  @Test
  void gcrTakesAGoogleTokenOfTheSecretsAudienceAndEmail() throws Exception {
    String ns = cluster.newNamespace("g");
    cluster.create(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: gcr\n  namespace: "
            + ns
            + "\nstringData:\n  token: s3cret\n  email: "
            + SA
            + "\n  audience: https://hooks.example.org/gcr\n");
    cluster.client().resource(GitSources.onMain(ns, "app", url, "1h")).create();
    KubeObjects.receiver(cluster.client(), ns, "  type: gcr\n  secretRef:\n    name: gcr\n");
    await().atMost(WAIT).until(() -> ready(ns));
    String path = Receiver.webhookPath("s3cret", "r", ns);
    String data =
        Base64.getEncoder()
            .encodeToString(
                "{\"action\":\"INSERT\",\"digest\":\"gcr.io/p/app@sha256:0\",\"tag\":\"gcr.io/p/app:1\"}"
                    .getBytes(StandardCharsets.UTF_8));
    byte[] body =
        ("{\"message\":{\"data\":\"" + data + "\",\"messageId\":\"1\"},\"subscription\":\"s\"}")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(call(path, google("https://hooks.example.org/gcr", SA, true, GOOGLE), body))
        .isEqualTo(200);
    await().atMost(WAIT).until(() -> requested(ns) != null);
    String first = requested(ns);

    for (String bad :
        List.of(
            google("https://hooks.example.org/gcr", "someone@else.com", true, GOOGLE),
            google("https://hooks.example.org/gcr", SA, false, GOOGLE),
            google("https://elsewhere", SA, true, GOOGLE),
            google("https://hooks.example.org/gcr", SA, true, oidc.issuer()))) {
      assertThat(call(path, bad, body)).isEqualTo(400);
    }
    assertThat(
            call(path, google("https://hooks.example.org/gcr", SA, true, GOOGLE), "{".getBytes()))
        .as("not a Pub/Sub message")
        .isEqualTo(400);
    assertThat(requested(ns)).isEqualTo(first);
  }

  static String google(String audience, String email, boolean verified, String issuer) {
    return oidc.sign(
        JWSAlgorithm.RS256,
        c ->
            c.issuer(issuer)
                .audience(audience)
                .claim("email", email)
                .claim("email_verified", verified));
  }
}
