package io.flotilla.controllers.gitrepository;

import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static io.flotilla.controllers.gitrepository.GitRepositories.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.LocalObjectReference;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositoryRef;
import io.flotilla.api.flux.source.GitRepositorySpec;
import io.flotilla.api.flux.source.GitRepositoryStatus;
import io.flotilla.controllers.RunningControllers;
import io.flotilla.testkit.Edits;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.git.HttpsGitServer;
import io.flotilla.testkit.git.SshGitServer;
import io.flotilla.testkit.git.SshKeys;
import io.flotilla.testkit.git.TestCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitRepository objects on the embedded API server, reconciled against lighttpd + git http-backend
 * over https and OpenSSH: status, events and artifacts as Flux shows them.
 */
class GitRepositoryReconcilerIT {

  @RegisterExtension static final RunningControllers cluster = RunningControllers.with(o -> o);
  static final GitRepositories sources = new GitRepositories(cluster);

  @TempDir static Path tmp;
  static TestCa ca;
  @AutoClose static HttpsGitServer https;
  static GitRepoFixture repo;

  @BeforeAll
  static void start() {
    assumeTrue(HttpsGitServer.available(), "lighttpd with mod_openssl is not installed");
    repo = GitRepoFixture.create(tmp, "app");
    repo.push("main");
    ca = TestCa.generate("reconciler");
    https =
        HttpsGitServer.https(
            tmp.resolve("https"),
            tmp.resolve("repos"),
            ca,
            new HttpsGitServer.Basic("flux", "pa55-word"));
  }

  static GitRepository create(String name, String url, String secret, GitRepositoryRef ref) {
    return sources.create(
        name,
        GitRepositorySpec.of(url, "10m", ref)
            .withTimeout("20s")
            .withSecretRef(secret == null ? null : new LocalObjectReference(secret)));
  }

  static GitRepositoryStatus awaitReady(String name, String revision) {
    try {
      awaitReadyOrThrow(name, revision);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "not ready at " + revision + ": " + sources.get(name).getStatus(), e);
    }
    return sources.get(name).getStatus();
  }

  static void awaitReadyOrThrow(String name, String revision) {
    await()
        .atMost(CONVERGE)
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(sources.get(name).getStatus())
                    .satisfies(
                        s -> {
                          assertThat(s.artifact()).isNotNull();
                          assertThat(s.artifact().revision()).isEqualTo(revision);
                          assertThat(sources.condition(name, "Ready"))
                              .get()
                              .extracting(Condition::status)
                              .isEqualTo("True");
                        }));
  }

  @Test
  void anHttpsRepositoryWithBasicAuthBecomesReadyAndFollowsCommitsWithoutRefetching()
      throws Exception {
    cluster.secret(
        NS,
        "https-auth",
        Map.of("username", "flux", "password", "pa55-word", "ca.crt", ca.caPem()));
    List<GitRepositoryStatus> seen = new CopyOnWriteArrayList<>();
    try (Watch w =
        cluster
            .client()
            .resources(GitRepository.class)
            .inNamespace(NS)
            .withName("web")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, GitRepository r) {
                    if (r.getStatus() != null) seen.add(r.getStatus());
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      create("web", https.url("app"), "https-auth", GitRepositoryRef.branch("main"));
      String first = "main@sha1:" + repo.head();
      GitRepositoryStatus status = awaitReady("web", first);

      // as Flux shows it
      assertThat(status.observedGeneration()).isEqualTo(1L);
      assertThat(sources.condition("web", "Ready").orElseThrow())
          .extracting(Condition::reason, Condition::message)
          .containsExactly("Succeeded", "stored artifact for revision '" + first + "'");
      assertThat(sources.condition("web", "ArtifactInStorage").orElseThrow().status())
          .isEqualTo("True");
      assertThat(sources.condition("web", "Reconciling")).isEmpty();
      assertThat(status.artifact().path())
          .isEqualTo("gitrepository/default/web/" + repo.head() + ".tar.gz");
      assertThat(status.artifact().digest()).startsWith("sha256:");
      assertThat(httpStatus(status.artifact().url())).isEqualTo(200);
      await()
          .atMost(CONVERGE)
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(sources.events("web"))
                      .anySatisfy(
                          e -> {
                            assertThat(e.getReason()).isEqualTo("NewArtifact");
                            assertThat(e.getMessage())
                                .isEqualTo("stored artifact for commit 'first'");
                          }));
      // while it fetched, users saw it reconciling
      assertThat(seen)
          .anySatisfy(
              s ->
                  assertThat(s.conditions())
                      .anySatisfy(
                          c -> {
                            assertThat(c.type()).isEqualTo("Reconciling");
                            assertThat(c.status()).isEqualTo("True");
                            assertThat(c.reason()).isEqualTo("Progressing");
                          }));

      // an unchanged revision downloads nothing
      long packs = https.packFetches();
      sources.requestReconcile("web", "token-1");
      await()
          .atMost(CONVERGE)
          .ignoreExceptions()
          .until(() -> "token-1".equals(sources.get("web").getStatus().lastHandledReconcileAt()));
      assertThat(https.packFetches()).isEqualTo(packs);
      assertThat(sources.get("web").getStatus().artifact()).isEqualTo(status.artifact());

      // a new commit is fetched, announced with its subject, and old artifacts are collected
      for (int i = 2; i <= 4; i++) {
        repo.commit("deploy/n.yaml", "n: " + i + "\n", "release " + i + "\n\nbody");
        repo.push("main");
        sources.requestReconcile("web", "token-" + i);
        awaitReady("web", "main@sha1:" + repo.head());
      }
      assertThat(https.packFetches()).isGreaterThan(packs);
      assertThat(sources.events("web"))
          .anySatisfy(
              e -> assertThat(e.getMessage()).isEqualTo("stored artifact for commit 'release 4'"));
      assertThat(
              cluster
                  .dataDir()
                  .resolve("artifacts/gitrepository/default/web")
                  .toFile()
                  .list((d, n) -> n.endsWith(".tar.gz")))
          .hasSize(2);
    }
  }

  @Test
  void aWrongPasswordFailsWithoutTheSecretAndKeepsServingThePreviousArtifact() throws Exception {
    cluster.secret(
        NS,
        "flaky-auth",
        Map.of("username", "flux", "password", "pa55-word", "ca.crt", ca.caPem()));
    create("flaky", https.url("app"), "flaky-auth", GitRepositoryRef.branch("main"));
    GitRepositoryStatus good = awaitReady("flaky", "main@sha1:" + repo.head());

    cluster.secret(
        NS,
        "flaky-auth",
        Map.of("username", "flux", "password", "not-the-pa55", "ca.crt", ca.caPem()));
    repo.commit("deploy/other.yaml", "x: 1\n", "unreachable change");
    repo.push("main");
    sources.requestReconcile("flaky", "after-rotation");
    sources.awaitCondition(
        "flaky",
        "Ready",
        c -> {
          assertThat(c.status()).isEqualTo("False");
          assertThat(c.reason()).isEqualTo("GitOperationFailed");
          assertThat(c.message())
              .contains("authentication required")
              .contains(https.url("app"))
              .doesNotContain("not-the-pa55");
        });
    assertThat(sources.condition("flaky", "FetchFailed").orElseThrow().status()).isEqualTo("True");
    assertThat(sources.condition("flaky", "Reconciling").orElseThrow().reason())
        .isEqualTo("ProgressingWithRetry");
    assertThat(sources.condition("flaky", "Stalled")).isEmpty();
    GitRepositoryStatus failing = sources.get("flaky").getStatus();
    assertThat(failing.artifact()).isEqualTo(good.artifact());
    assertThat(httpStatus(failing.artifact().url())).isEqualTo(200);
    assertThat(sources.events("flaky"))
        .anySatisfy(e -> assertThat(e.getType()).isEqualTo("Warning"))
        .allSatisfy(e -> assertThat(e.getMessage()).doesNotContain("not-the-pa55"));
  }

  @Test
  void aMissingSecretIsRetriedAsAuthenticationFailed() {
    create("nosecret", https.url("app"), "absent", null);
    await()
        .atMost(CONVERGE)
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              // one snapshot: a progress write in between shows Ready=Unknown for a moment
              List<Condition> cs = sources.get("nosecret").getStatus().conditions();
              assertThat(find(cs, "FetchFailed").orElseThrow())
                  .extracting(Condition::reason, Condition::message)
                  .containsExactly(
                      "AuthenticationFailed",
                      "failed to get secret 'default/absent': secrets \"absent\" not found");
              assertThat(find(cs, "Ready").orElseThrow().status()).isEqualTo("False");
              assertThat(find(cs, "Stalled")).isEmpty();
            });
  }

  private static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  @Test
  void anScpLikeUrlStallsWithAHint() {
    create("scp", "git@github.com:org/repo.git", null, null);
    sources.awaitCondition(
        "scp",
        "Stalled",
        c -> {
          assertThat(c.reason()).isEqualTo("URLInvalid");
          assertThat(c.message()).contains("'ssh://git@github.com/org/repo.git'");
        });
    assertThat(sources.get("scp").getStatus().observedGeneration()).isEqualTo(1L);
    assertThat(sources.condition("scp", "Reconciling")).isEmpty();
  }

  @Test
  void sshWithoutKnownHostsStallsAndWithThemFetches() {
    assumeTrue(SshGitServer.available(), "openssh-server is not installed");
    try (SshGitServer sshd = SshGitServer.start(tmp.resolve("sshd"), tmp.resolve("repos"))) {
      SshKeys.KeyPair key = SshKeys.generate(tmp.resolve("keys"), "deploy", "ed25519", "", false);
      sshd.authorize(key.publicKey());
      cluster.secret(NS, "ssh-auth", Map.of("identity", new String(key.privateKey())));
      create("viassh", sshd.url("app"), "ssh-auth", GitRepositoryRef.branch("main"));
      sources.awaitCondition(
          "viassh",
          "Stalled",
          c ->
              assertThat(c)
                  .extracting(Condition::reason, Condition::message)
                  .containsExactly(
                      "AuthenticationFailed",
                      "failed to configure authentication options: invalid 'ssh' auth option:"
                          + " 'known_hosts' is required"));

      cluster.secret(
          NS,
          "ssh-auth",
          Map.of("identity", new String(key.privateKey()), "known_hosts", sshd.knownHostsLine()));
      sources.requestReconcile("viassh", "with-known-hosts");
      awaitReady("viassh", "main@sha1:" + repo.head());
      assertThat(sources.condition("viassh", "Stalled")).isEmpty();
    }
  }

  @Test
  void aSuspendedRepositoryIsLeftAlone() {
    cluster.secret(
        NS, "susp-auth", Map.of("username", "flux", "password", "pa55-word", "ca.crt", ca.caPem()));
    create("susp", https.url("app"), "susp-auth", GitRepositoryRef.branch("main"));
    GitRepositoryStatus before = awaitReady("susp", "main@sha1:" + repo.head());
    Edits.edit(
        cluster.client().resources(GitRepository.class).inNamespace(NS).withName("susp"),
        g -> {
          var s = g.getSpec();
          g.setSpec(s.withSuspend(true));
          return g;
        });
    // a reconcile that started before the edit may still be running with the old spec: wait until
    // the object has been quiet for a while, so the commit below can only meet suspended reconciles
    String[] version = {sources.get("susp").getMetadata().getResourceVersion()};
    await()
        .atMost(CONVERGE)
        .during(Duration.ofSeconds(2))
        .until(
            () -> {
              String now = sources.get("susp").getMetadata().getResourceVersion();
              boolean same = now.equals(version[0]);
              version[0] = now;
              return same;
            });
    GitRepositoryStatus quiet = sources.get("susp").getStatus();
    repo.commit("deploy/suspended.yaml", "s: 1\n", "while suspended");
    repo.push("main");
    sources.requestReconcile("susp", "ignored");
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(sources.get("susp").getStatus()).isEqualTo(quiet));
    assertThat(quiet.artifact().revision()).isEqualTo(before.artifact().revision());
  }

  /** The status code of a GET of {@code url} (an artifact's, served by the controllers). */
  private static int httpStatus(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
