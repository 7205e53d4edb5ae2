package io.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.kube.KubeApiOptions;
import io.flotilla.testkit.CapturedOutput;
import io.flotilla.testkit.TestKube;
import io.flotilla.testkit.git.HttpsGitServer;
import io.flotilla.testkit.git.SshGitServer;
import io.flotilla.testkit.git.SshKeys;
import io.flotilla.testkit.git.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.assertj.core.api.AbstractStringAssert;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flotilla flux bootstrap git} against real Git servers (lighttpd + git http-backend over
 * https with basic/token auth, OpenSSH) and an embedded API with RBAC on, where Flotilla's own
 * controllers then run as the installed {@code flotilla-controller} service account and sync the
 * committed path: the cluster manages Flotilla from Git.
 */
class BootstrapIT {
  static final String TOKEN = "pat-0123456789";
  @TempDir Path tmp;
  TestKube kube;
  Path kubeconfig;
  Path repos;
  Path caFile;
  Controllers controllers;
  KubernetesClient controllerClient;

  @BeforeEach
  void start() throws Exception {
    kube =
        TestKube.start(
            KubeApiOptions.defaults().withUser("admin-token", "admin", "system:masters"));
    kubeconfig = Flotilla.kubeconfig(tmp.resolve("kubeconfig"), kube.api(), "admin-token");
    repos = Files.createDirectories(tmp.resolve("repos"));
    try (Git bare =
        Git.init().setBare(true).setDirectory(repos.resolve("fleet.git").toFile()).call()) {
      StoredConfig config = bare.getRepository().getConfig();
      config.setBoolean("http", null, "receivepack", true); // git http-backend: allow pushes
      config.save();
    }
  }

  @AfterEach
  void stop() {
    if (controllers != null) controllers.close();
    if (controllerClient != null) controllerClient.close();
    kube.close();
  }

  @Test
  void httpsWithTokenCommitsInstallsAndSyncsAndReRunsIdempotently() throws Exception {
    assumeTrue(HttpsGitServer.available(), "lighttpd or git-http-backend missing: skipped");
    try (HttpsGitServer git = httpsServer()) {
      startControllersWhenInstalled();
      String[] args = {
        "flux",
        "bootstrap",
        "git",
        "--url",
        git.url("fleet"),
        "--branch",
        "main",
        "--password",
        TOKEN,
        "--token-auth",
        "--ca-file",
        caFile.toString(),
        "--path",
        "clusters/dev",
        "--timeout",
        "2m",
        "--kubeconfig",
        kubeconfig.toString()
      };
      CapturedOutput r = Flotilla.run(tmp, args);
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.err())
          .contains("► cloning branch \"main\" from Git repository \"" + git.url("fleet") + "\"")
          .contains("► pushing manifests to")
          .contains("✔ Kustomization reconciled successfully")
          .endsWith("✔ bootstrap finished\n");

      String head = head();
      try (Repository repo = Git.open(repos.resolve("fleet.git").toFile()).getRepository()) {
        assertThat(files(repo))
            .containsExactlyInAnyOrder(
                "clusters/dev/flux-system/gotk-components.yaml",
                "clusters/dev/flux-system/gotk-sync.yaml",
                "clusters/dev/flux-system/kustomization.yaml");
      }
      GenericKubernetesResource ks = fluxSystem("kustomize.toolkit.fluxcd.io/v1", "Kustomization");
      assertThat(ks.get("spec", "path").toString()).isEqualTo("./clusters/dev");
      var secret = kube.client().secrets().inNamespace("flux-system").withName("flux-system").get();
      assertThat(secret.getData()).containsOnlyKeys("username", "password", "ca.crt");

      // the Kustomization now owns the components: its inventory lists the controller
      assertThat(ks.toString()).contains("flux-system_flotilla-controller_apps_Deployment");

      CapturedOutput again = Flotilla.run(tmp, args);
      assertThat(again.exit()).as(again.toString()).isZero();
      assertThat(again.err()).contains("✔ repository is up to date");
      assertThat(head()).isEqualTo(head);
    }
  }

  @Test
  void wrongTokenFailsWithTheGitErrorAndAppliesNothing() throws Exception {
    assumeTrue(HttpsGitServer.available(), "lighttpd or git-http-backend missing: skipped");
    try (HttpsGitServer git = httpsServer()) {
      CapturedOutput r =
          bootstrap(
              git.url("fleet"),
              "--password",
              "wrong",
              "--token-auth",
              "--ca-file",
              caFile.toString());
      assertRefusedBeforeTheCluster(r)
          .contains("✗ Git operation on \"" + git.url("fleet") + "\" failed")
          .contains("not authorized")
          .contains("nothing was applied to the cluster")
          .doesNotContain("wrong");
    }
  }

  /** Bootstrap failed (exit 1) with no Flux on the cluster; what it said, to check further. */
  private AbstractStringAssert<?> assertRefusedBeforeTheCluster(CapturedOutput r) {
    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(kube.client().namespaces().withName("flux-system").get()).isNull();
    return assertThat(r.err());
  }

  @Test
  void protectedBranchFailsWithTheServersRefusalAndAppliesNothing() throws Exception {
    assumeTrue(HttpsGitServer.available(), "lighttpd or git-http-backend missing: skipped");
    Path hook = Files.createDirectories(repos.resolve("fleet.git/hooks")).resolve("pre-receive");
    Files.writeString(
        hook,
        "#!/bin/sh\necho 'GitLab: You are not allowed to push code to protected branches on this project.'\nexit 1\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (HttpsGitServer git =
        HttpsGitServer.http(tmp.resolve("http"), repos, new HttpsGitServer.Basic("git", TOKEN))) {
      CapturedOutput r = bootstrap(git.url("fleet"), "--password", TOKEN);
      assertRefusedBeforeTheCluster(r)
          .contains(
              "✗ failed to push manifests to \""
                  + git.url("fleet")
                  + "\": refs/heads/main rejected")
          .contains("You are not allowed to push code to protected branches")
          .contains("nothing was applied to the cluster");
    }
  }

  /** An sshd serving {@code repos} that lets in {@code keys/id_ed25519}, made here. */
  private SshGitServer sshdForTheKey() {
    assumeTrue(SshGitServer.available(), "sshd or ssh-keygen missing: skipped");
    SshKeys.KeyPair key = SshKeys.generate(tmp.resolve("keys"), "id_ed25519", "ed25519", "", false);
    SshGitServer git = SshGitServer.start(tmp.resolve("sshd"), repos);
    git.authorize(key.publicKey());
    return git;
  }

  @Test
  void sshWithAPrivateKey() throws Exception {
    try (SshGitServer git = sshdForTheKey()) {
      Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), git.knownHostsLine() + "\n");
      startControllersWhenInstalled();
      CapturedOutput r =
          Flotilla.run(
              tmp,
              "flux",
              "bootstrap",
              "git",
              "--url",
              git.url("fleet"),
              "--private-key-file",
              tmp.resolve("keys/id_ed25519").toString(),
              "--known-hosts-file",
              knownHosts.toString(),
              "--path",
              "./clusters/prod/",
              "--timeout",
              "2m",
              "--kubeconfig",
              kubeconfig.toString());
      assertThat(r.exit()).as(r.toString()).isZero();
      var secret = kube.client().secrets().inNamespace("flux-system").withName("flux-system").get();
      assertThat(secret.getData()).containsOnlyKeys("identity", "known_hosts");
      assertThat(fluxSystem("source.toolkit.fluxcd.io/v1", "GitRepository").toString())
          .contains("Ready");
    }
  }

  @Test
  void sshWithoutKnownHostsScansTheServersKeyAsFluxDoes() throws Exception {
    try (SshGitServer git = sshdForTheKey()) {
      String identity = tmp.resolve("keys/id_ed25519").toString();

      CapturedOutput unknown =
          bootstrap(
              git.url("fleet"), "--private-key-file", identity, "--ssh-hostkey-algos", "ssh-dss2");
      assertRefusedBeforeTheCluster(unknown)
          .contains("✗ invalid --ssh-hostkey-algos \"ssh-dss2\": not a host key algorithm");

      // the server has only an ed25519 host key: asking for RSA alone finds nothing to trust
      CapturedOutput noKey =
          bootstrap(
              git.url("fleet"),
              "--private-key-file",
              identity,
              "--ssh-hostkey-algos",
              "rsa-sha2-512");
      assertRefusedBeforeTheCluster(noKey)
          .contains("✗ failed to scan the host key of [127.0.0.1]:");

      startControllersWhenInstalled();
      CapturedOutput r =
          bootstrap(
              git.url("fleet"),
              "--private-key-file",
              identity,
              "--ssh-hostkey-algos",
              "ssh-ed25519,rsa-sha2-512",
              "--timeout",
              "2m");
      assertThat(r.exit()).as(r.toString()).isZero();
      var secret = kube.client().secrets().inNamespace("flux-system").withName("flux-system").get();
      String knownHosts =
          new String(
              java.util.Base64.getDecoder().decode(secret.getData().get("known_hosts")),
              java.nio.charset.StandardCharsets.UTF_8);
      assertThat(knownHosts.strip()).isEqualTo(git.knownHostsLine().strip());
      // the source-controller connects with the scanned key pinned
      assertThat(fluxSystem("source.toolkit.fluxcd.io/v1", "GitRepository").toString())
          .contains("Ready");
    }
  }

  /** An https Git server accepting basic auth with {@link #TOKEN}; its CA in {@link #caFile}. */
  private HttpsGitServer httpsServer() throws Exception {
    TestCa ca = TestCa.generate("git");
    caFile = Files.writeString(tmp.resolve("ca.pem"), ca.caPem());
    return HttpsGitServer.https(
        tmp.resolve("https"), repos, ca, new HttpsGitServer.Basic("git", TOKEN));
  }

  private CapturedOutput bootstrap(String url, String... more) {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "flux",
                "bootstrap",
                "git",
                "--url",
                url,
                "--path",
                "clusters/dev",
                "--kubeconfig",
                kubeconfig.toString()));
    args.addAll(java.util.List.of(more));
    return Flotilla.run(tmp, args.toArray(String[]::new));
  }

  /** Flotilla's controllers, as the pod would run them: the installed service account's token. */
  private void startControllersWhenInstalled() {
    Thread t =
        new Thread(
            () -> {
              InstalledAs.awaitInstalled(kube, "flotilla-controller");
              controllerClient = InstalledAs.serviceAccount(kube, "flotilla-controller");
              controllers =
                  Controllers.start(
                      controllerClient,
                      ControllerOptions.defaults(tmp.resolve("controllers")).withArtifactPort(0));
            });
    t.setDaemon(true);
    t.start();
  }

  private GenericKubernetesResource fluxSystem(String apiVersion, String kind) {
    return kube.client()
        .genericKubernetesResources(apiVersion, kind)
        .inNamespace("flux-system")
        .withName("flux-system")
        .get();
  }

  private String head() throws Exception {
    try (Repository repo = Git.open(repos.resolve("fleet.git").toFile()).getRepository()) {
      return repo.resolve("refs/heads/main").getName();
    }
  }

  private static java.util.List<String> files(Repository repo) throws Exception {
    java.util.List<String> out = new java.util.ArrayList<>();
    try (var walk = new org.eclipse.jgit.treewalk.TreeWalk(repo)) {
      walk.addTree(repo.parseCommit(repo.resolve("refs/heads/main")).getTree());
      walk.setRecursive(true);
      while (walk.next()) out.add(walk.getPathString());
    }
    return out;
  }
}
