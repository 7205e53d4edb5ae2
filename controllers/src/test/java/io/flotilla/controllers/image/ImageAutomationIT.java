package io.flotilla.controllers.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flotilla.api.flux.image.ImagePolicy;
import io.flotilla.api.flux.image.ImagePolicyStatus;
import io.flotilla.api.flux.image.ImageRef;
import io.flotilla.api.flux.image.ImageUpdateAutomation;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.source.git.GitCredentials;
import io.flotilla.testkit.git.GitDaemon;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.git.GpgKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * image-automation-controller against a real {@code git daemon} (receive-pack enabled, so the bare
 * repositories' hooks run): setters rewritten with comments kept, the templated commit pushed and
 * recorded, signed commits that gpg verifies, a protected branch, a marker naming no policy, and a
 * push that lost a race retried on a fresh checkout.
 */
class ImageAutomationIT {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: podinfo # the app
        namespace: apps
      spec:
        template:
          spec:
            containers:
            - name: podinfo
              image: ghcr.io/org/podinfo:6.0.0 # {"$imagepolicy": "%s:podinfo"}
      """;
  @TempDir static Path tmp;
  @AutoClose static GitDaemon daemon;
  @AutoClose static ImageCluster cluster;
  static final AtomicInteger SEQ = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    Files.createDirectories(tmp.resolve("git/repos"));
    daemon = GitDaemon.start(tmp.resolve("git/repos"), true);
    cluster = new ImageCluster(tmp.resolve("work"), ImageControllers::registerAutomation);
  }

  /** A namespace with a GitRepository on a new repository holding the Deployment, and a policy. */
  static Fixture fixture(String marker) {
    String ns = cluster.newNamespace("auto");
    String name = "repo" + SEQ.incrementAndGet();
    GitRepoFixture repo = GitRepoFixture.create(tmp.resolve("git"), name);
    repo.commit("deploy/podinfo.yaml", DEPLOYMENT.formatted(marker == null ? ns : marker), "app");
    repo.push("main");
    cluster.create(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: app
          namespace: %s
        spec:
          url: %s
          interval: 1h
          ref:
            branch: main
        """
            .formatted(ns, daemon.url(name)));
    cluster.create(
        """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImagePolicy
        metadata:
          name: podinfo
          namespace: %s
        spec:
          imageRepositoryRef:
            name: podinfo
          policy:
            semver:
              range: '>=6.0.0'
        """
            .formatted(ns));
    cluster
        .client
        .resources(ImagePolicy.class)
        .inNamespace(ns)
        .withName("podinfo")
        .editStatus(
            p -> {
              p.setStatus(
                  new ImagePolicyStatus(
                      new ImageRef("ghcr.io/org/podinfo", "6.5.1", null), null, 1L, null, null));
              return p;
            });
    return new Fixture(ns, repo);
  }

  record Fixture(String ns, GitRepoFixture repo) {
    String bareHead() {
      return GitRepoFixture.git(repo.bare(), "rev-parse", "refs/heads/main").trim();
    }

    String show(String what) {
      return GitRepoFixture.git(repo.bare(), "show", what);
    }
  }

  static void automation(String ns, String extraCommit) {
    cluster.create(
        """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImageUpdateAutomation
        metadata:
          name: podinfo
          namespace: %s
        spec:
          interval: 1h
          sourceRef:
            kind: GitRepository
            name: app
          git:
            commit:
              author:
                name: fluxcdbot
                email: fluxcdbot@example.com
              messageTemplate: |
                Update {{ .AutomationObject }}
                {{ range $resource, $changes := .Changed.Objects -}}
                - {{ $resource.Kind }} {{ $resource.Name }}: {{ range $changes }}{{ .OldValue }} -> {{ .NewValue }}{{ end }}
                {{ end -}}
        %s    push:
              branch: main
          update:
            path: ./deploy
            strategy: Setters
        """
            .formatted(ns, extraCommit));
  }

  static ImageUpdateAutomation auto(String ns) {
    return cluster
        .client
        .resources(ImageUpdateAutomation.class)
        .inNamespace(ns)
        .withName("podinfo")
        .get();
  }

  static Condition ready(String ns) {
    ImageUpdateAutomation a = auto(ns);
    return a == null || a.getStatus() == null
        ? null
        : ImageCluster.ready(a.getStatus().conditions());
  }

  @Test
  void rewritesTheMarkedImageCommitsWithTheTemplateAndPushes() {
    Fixture f = fixture(null);
    String before = f.bareHead();
    automation(f.ns(), "");
    await().atMost(WAIT).until(() -> ready(f.ns()) != null && ready(f.ns()).isTrue());
    String head = f.bareHead();
    assertThat(head).isNotEqualTo(before);
    assertThat(ready(f.ns()).message())
        .isEqualTo("committed and pushed commit '" + head + "' to branch 'main'");
    assertThat(auto(f.ns()).getStatus().lastPushCommit()).isEqualTo(head);
    assertThat(auto(f.ns()).getStatus().lastPushTime()).isNotNull();
    assertThat(auto(f.ns()).getStatus().observedPolicies())
        .containsEntry("podinfo", new ImageRef("ghcr.io/org/podinfo", "6.5.1", null));
    assertThat(f.show("main:deploy/podinfo.yaml"))
        .isEqualTo(DEPLOYMENT.formatted(f.ns()).replace("podinfo:6.0.0", "podinfo:6.5.1"));
    assertThat(GitRepoFixture.git(f.repo().bare(), "show", "-s", "--format=%an <%ae>%n%B", "main"))
        .isEqualTo(
            "fluxcdbot <fluxcdbot@example.com>\nUpdate %s/podinfo\n- Deployment podinfo: ghcr.io/org/podinfo:6.0.0 -> ghcr.io/org/podinfo:6.5.1\n\n"
                .formatted(f.ns()));

    cluster.requestReconcile(ImageUpdateAutomation.class, f.ns(), "podinfo");
    await().atMost(WAIT).until(() -> ready(f.ns()).message().startsWith("no updates made"));
    assertThat(ready(f.ns()).message())
        .startsWith("no updates made; last commit " + head.substring(0, 7));
    assertThat(f.bareHead()).isEqualTo(head);
  }

  @Test
  void signsTheCommitWithTheOpenPgpKeyOfTheSecret() throws Exception {
    assumeTrue(GpgKey.available(), "gpg is not installed");
    try (GpgKey key =
        GpgKey.generate(tmp.resolve("gpg"), "Flux Bot <fluxcdbot@example.com>", "rsa2048")) {
      Fixture f = fixture(null);
      cluster.create(
          """
          apiVersion: v1
          kind: Secret
          metadata:
            name: signing
            namespace: %s
          stringData:
            git.asc: |
          %s"""
              .formatted(f.ns(), key.armoredSecretKey().indent(4)));
      automation(f.ns(), "      signingKey:\n        secretRef:\n          name: signing\n");
      await().atMost(WAIT).until(() -> ready(f.ns()) != null && ready(f.ns()).isTrue());
      String head = f.bareHead();
      assertThat(ready(f.ns()).message()).contains(head);
      assertThat(key.verifyCommit(f.repo().bare(), head)).contains("GOODSIG");
    }
  }

  @Test
  void aProtectedBranchFailsThePushAndChangesNothing() throws Exception {
    Fixture f = fixture(null);
    Path hook = f.repo().bare().resolve("hooks/pre-receive");
    Files.writeString(
        hook, "#!/bin/sh\necho 'main is protected: open a pull request' >&2\nexit 1\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    String before = f.bareHead();
    automation(f.ns(), "");
    await().atMost(WAIT).until(() -> ready(f.ns()) != null);
    Condition c = ready(f.ns());
    assertThat(c.isTrue()).isFalse();
    assertThat(c.reason()).isEqualTo("GitOperationFailed");
    assertThat(c.message())
        .contains(
            "failed to push to '"
                + daemon.url(f.repo().bare().getFileName().toString().replace(".git", ""))
                + "'")
        .contains("main is protected: open a pull request");
    assertThat(f.bareHead()).isEqualTo(before);
    assertThat(auto(f.ns()).getStatus().lastPushCommit()).isNull();
  }

  @Test
  void aMarkerNamingNoPolicyFailsTheRunBeforeAnythingIsCommitted() {
    Fixture f = fixture("elsewhere");
    String before = f.bareHead();
    automation(f.ns(), "");
    await().atMost(WAIT).until(() -> ready(f.ns()) != null);
    Condition c = ready(f.ns());
    assertThat(c.reason()).isEqualTo("UpdateFailed");
    assertThat(c.message())
        .contains("deploy/podinfo.yaml:11")
        .contains("ImagePolicy 'elsewhere/podinfo'");
    assertThat(f.bareHead()).isEqualTo(before);
  }

  @Test
  void aPushThatLostARaceIsRetriedOnAFreshCheckout() throws Exception {
    Fixture f = fixture(null);
    String url = daemon.url(f.repo().bare().getFileName().toString().replace(".git", ""));
    AtomicInteger runs = new AtomicInteger();
    GitUpdate.Done done =
        GitUpdate.run(
            new GitUpdate.Request(
                url,
                GitCredentials.NONE,
                Duration.ofSeconds(30),
                "main",
                null,
                null,
                "main",
                null,
                null,
                new PersonIdent("bot", "bot@example.com"),
                null),
            Files.createDirectories(tmp.resolve("race")),
            (root, head) -> {
              if (runs.incrementAndGet() == 1) {
                // someone else pushes between our clone and our push
                f.repo().commit("other.txt", "theirs\n", "theirs");
                f.repo().push("main");
              }
              try {
                Files.writeString(root.resolve("ours.txt"), "ours " + runs.get() + "\n");
              } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
              }
              return new GitUpdate.Edited(true, "ours");
            });
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(f.bareHead()).isEqualTo(done.commit());
    assertThat(f.show("main:other.txt")).isEqualTo("theirs\n");
    assertThat(f.show("main:ours.txt")).isEqualTo("ours 2\n");
  }
}
