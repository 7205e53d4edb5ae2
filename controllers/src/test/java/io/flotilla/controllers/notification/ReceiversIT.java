package io.flotilla.controllers.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.api.flux.notification.Receiver;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.controllers.GitSources;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.testkit.Edits;
import io.flotilla.testkit.GitFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Receivers served by the engine's receiver endpoint: Flux's webhook path, each sender's signature
 * check, and a valid call making its sources reconcile at once.
 */
class ReceiversIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final RunningControllers cluster = RunningControllers.withNotificationReceiver();

  static GitFixture repo;

  @BeforeAll
  static void start() {
    repo = cluster.git("repo");
    repo.write(Map.of("app/cm.yaml", "kind: ConfigMap\n"));
    repo.commit("first");
  }

  /** A namespace with a GitRepository {@code app} and a Receiver {@code r} on it. */
  static String receiver(String type, String extraSpec) {
    String ns = cluster.newNamespace("r");
    cluster.client().resource(GitSources.onMain(ns, "app", repo.fileUrl(), "1h")).create();
    cluster.create(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: hook-token\n  namespace: "
            + ns
            + "\nstringData:\n  token: s3cret\n");
    receiverObject(ns, type, "hook-token", extraSpec);
    await().atMost(WAIT).until(() -> ready(ns));
    await().atMost(WAIT).until(() -> artifact(ns) != null);
    return ns;
  }

  static void receiverObject(String ns, String type, String secret, String extraSpec) {
    KubeObjects.receiver(
        cluster.client(),
        ns,
        extraSpec + "  type: " + type + "\n  secretRef:\n    name: " + secret + "\n");
  }

  static boolean ready(String ns) {
    Receiver r = cluster.client().resources(Receiver.class).inNamespace(ns).withName("r").get();
    return r.getStatus() != null
        && r.getStatus().webhookPath() != null
        && r.getStatus().conditions().stream()
            .anyMatch(c -> c.type().equals("Ready") && c.isTrue());
  }

  static String artifact(String ns) {
    GitRepository g =
        cluster.client().resources(GitRepository.class).inNamespace(ns).withName("app").get();
    return g.getStatus() == null || g.getStatus().artifact() == null
        ? null
        : g.getStatus().artifact().revision();
  }

  static String handled(String ns) {
    GitRepository g =
        cluster.client().resources(GitRepository.class).inNamespace(ns).withName("app").get();
    return g.getStatus() == null ? null : g.getStatus().lastHandledReconcileAt();
  }

  static HttpResponse<String> call(String path, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(cluster.controllers().receiverBaseUrl() + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String path(String ns) {
    return Receiver.webhookPath("s3cret", "r", ns);
  }

  static String hmac(String alg, byte[] body) {
    return HexFormat.of().formatHex(Hmac.of(alg, "s3cret", body));
  }

  @Test
  void theWebhookPathIsFluxsAndReadyNamesIt() {
    String ns = receiver("generic", "");
    Receiver r = cluster.client().resources(Receiver.class).inNamespace(ns).withName("r").get();
    assertThat(r.getStatus().webhookPath()).isEqualTo(path(ns));
    assertThat(r.getStatus().conditions())
        .anySatisfy(
            c -> {
              assertThat(c.type()).isEqualTo("Ready");
              assertThat(c.message()).isEqualTo("Receiver initialized for path: " + path(ns));
            });
  }

  @Test
  void aGitHubSignedPushMakesTheSourceFetchTheNewCommitWithinSeconds() throws Exception {
    String ns = receiver("github", "  events:\n  - push\n");
    String before = artifact(ns);
    repo.write(Map.of("app/cm2.yaml", "kind: ConfigMap\n"));
    String commit = repo.commit("second");
    byte[] body =
        ("{\"ref\":\"refs/heads/main\",\"after\":\"" + commit + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    HttpResponse<String> res =
        call(
            path(ns),
            Map.of(
                "Content-Type",
                "application/json",
                "X-GitHub-Event",
                "push",
                "X-Hub-Signature-256",
                "sha256=" + hmac("HmacSHA256", body)),
            body);
    assertThat(res.statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> artifact(ns) != null && artifact(ns).contains(commit));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(artifact(ns)).isNotEqualTo(before);
    assertThat(handled(ns)).isNotNull();
  }

  @Test
  void badInputIsRefusedWithFluxsStatusCodes() throws Exception {
    String ns = receiver("github", "  events:\n  - push\n");
    byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(
            call(
                    path(ns),
                    Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=00ff"),
                    body)
                .statusCode())
        .as("bad signature")
        .isEqualTo(400);
    assertThat(
            call(
                    path(ns),
                    Map.of(
                        "X-GitHub-Event",
                        "release",
                        "X-Hub-Signature-256",
                        "sha256=" + hmac("HmacSHA256", body)),
                    body)
                .statusCode())
        .as("an event not in spec.events")
        .isEqualTo(400);
    assertThat(call("/hook/" + "0".repeat(64), Map.of(), body).statusCode())
        .as("unknown path")
        .isEqualTo(404);
    byte[] big = new byte[10 * 1024 * 1024];
    assertThat(call(path(ns), Map.of("X-GitHub-Event", "push"), big).statusCode())
        .as("10 MB")
        .isEqualTo(413);
    assertThat(handled(ns)).as("nothing was requested").isNull();
    Edits.edit(
        cluster.client().resources(Receiver.class).inNamespace(ns).withName("r"),
        r -> {
          r.getSpec();
          return withSuspend(r);
        });
    await()
        .atMost(WAIT)
        .until(
            () -> {
              var r =
                  call(
                      path(ns),
                      Map.of(
                          "X-GitHub-Event",
                          "push",
                          "X-Hub-Signature-256",
                          "sha256=" + hmac("HmacSHA256", body)),
                      body);
              return r.statusCode() == 503;
            });
  }

  private static Receiver withSuspend(Receiver r) {
    var s = r.getSpec();
    r.setSpec(
        new io.flotilla.api.flux.notification.ReceiverSpec(
            s.type(),
            s.interval(),
            s.events(),
            s.resources(),
            s.resourceFilter(),
            s.secretRef(),
            true,
            s.oidcProviders()));
    return r;
  }

  @Test
  void eachSendersCheck() throws Exception {
    byte[] body = "{\"action\":\"push\"}".getBytes(StandardCharsets.UTF_8);
    String gitlab = receiver("gitlab", "");
    assertThat(call(path(gitlab), Map.of("X-Gitlab-Token", "wrong"), body).statusCode())
        .isEqualTo(400);
    assertThat(
            call(
                    path(gitlab),
                    Map.of("X-Gitlab-Token", "s3cret", "X-Gitlab-Event", "Push Hook"),
                    body)
                .statusCode())
        .isEqualTo(200);
    String hmac = receiver("generic-hmac", "");
    assertThat(
            call(path(hmac), Map.of("X-Signature", "sha1=" + hmac("HmacSHA1", body)), body)
                .statusCode())
        .isEqualTo(200);
    assertThat(call(path(hmac), Map.of("X-Signature", "sha1=abcd"), body).statusCode())
        .isEqualTo(400);
    String bitbucket = receiver("bitbucket", "");
    assertThat(
            call(
                    path(bitbucket),
                    Map.of(
                        "X-Event-Key",
                        "repo:refs_changed",
                        "X-Hub-Signature",
                        "sha256=" + hmac("HmacSHA256", body)),
                    body)
                .statusCode())
        .isEqualTo(200);
    String harbor = receiver("harbor", "");
    assertThat(call(path(harbor), Map.of("Authorization", "s3cret"), body).statusCode())
        .isEqualTo(200);
    assertThat(call(path(harbor), Map.of("Authorization", "other"), body).statusCode())
        .isEqualTo(400);
    String nexus = receiver("nexus", "");
    assertThat(
            call(path(nexus), Map.of("X-Nexus-Webhook-Signature", hmac("HmacSHA1", body)), body)
                .statusCode())
        .isEqualTo(200);
    String quay = receiver("quay", "");
    assertThat(call(path(quay), Map.of(), "not json".getBytes(StandardCharsets.UTF_8)).statusCode())
        .isEqualTo(400);
    assertThat(
            call(path(quay), Map.of(), "{\"docker_url\":\"q/x\"}".getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(200);
    String cd = receiver("cdevents", "  events:\n  - dev.cdevents.change.merged.0.1.2\n");
    assertThat(
            call(path(cd), Map.of("Ce-Type", "dev.cdevents.change.merged.0.1.2"), body)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            call(path(cd), Map.of("Ce-Type", "dev.cdevents.build.started.0.1.1"), body)
                .statusCode())
        .isEqualTo(400);
    for (String ns : new String[] {gitlab, hmac, bitbucket, harbor, nexus, quay, cd}) {
      await().atMost(WAIT).until(() -> handled(ns) != null);
    }
  }

  @Test
  void aResourceFilterChoosesAmongStarTargets() throws Exception {
    String ns =
        receiver(
            "generic",
            "  - kind: GitRepository\n    name: '*'\n    matchLabels:\n      team: pay\n"
                + "  resourceFilter: res.metadata.name == req.image\n");
    for (String name : new String[] {"pay-a", "pay-b"}) {
      var g = GitSources.onMain(ns, name, repo.fileUrl(), "1h");
      g.getMetadata().setLabels(Map.of("team", "pay"));
      cluster.client().resource(g).create();
    }
    HttpResponse<String> res =
        call(
            path(ns),
            Map.of("Content-Type", "application/json"),
            "{\"image\":\"pay-b\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(res.statusCode()).isEqualTo(200);
    await().atMost(WAIT).until(() -> requested(ns, "pay-b") != null);
    assertThat(requested(ns, "pay-a")).isNull();
    assertThat(requested(ns, "app")).isNull();
  }

  static String requested(String ns, String name) {
    var a =
        cluster
            .client()
            .resources(GitRepository.class)
            .inNamespace(ns)
            .withName(name)
            .get()
            .getMetadata()
            .getAnnotations();
    return a == null ? null : a.get("reconcile.fluxcd.io/requestedAt");
  }

  @Test
  void aMissingTokenKeepsTheReceiverNotReady() {
    String ns = cluster.newNamespace("r");
    receiverObject(ns, "generic", "absent", "");
    await()
        .atMost(WAIT)
        .until(
            () -> {
              Receiver r =
                  cluster.client().resources(Receiver.class).inNamespace(ns).withName("r").get();
              return r.getStatus() != null
                  && r.getStatus().conditions().stream()
                      .anyMatch(
                          c ->
                              c.type().equals("Ready")
                                  && !c.isTrue()
                                  && c.reason().equals("TokenNotFound")
                                  && c.message()
                                      .equals(
                                          "unable to read token from secret '"
                                              + ns
                                              + "/absent': secret not found"));
            });
  }
}
