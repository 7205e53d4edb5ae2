package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.app.up.Flotilla;
import io.flotilla.app.up.UpOptions;
import io.flotilla.cli.CliConfig;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.git.SshGitServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster side seen from the CLI, against `flotilla up`: an ssh configuration without a key
 * reports the public key the cluster generated and syncs once the Git server trusts it; the flux
 * extension's settings reach the controllers, which report back through the extension's status.
 */
class ClusterSideE2E {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  @TempDir static Path dir;
  static Flotilla flotilla;
  static CliRun cli;

  @BeforeAll
  static void up() throws Exception {
    flotilla =
        Flotilla.start(
            UpOptions.defaults()
                .withPort(0)
                .withGitPort(0)
                .withDataDir(dir.resolve("data"))
                .withCluster("rg", "arc")
                .withAgentPollWait(Duration.ofSeconds(5)));
    Path config = dir.resolve("cli-config");
    new CliConfig(flotilla.serviceUrl(), flotilla.adminToken(), flotilla.subscription())
        .save(config);
    cli = new CliRun(config, dir);
  }

  @AfterAll
  static void down() {
    if (flotilla != null) {
      flotilla.close();
    }
  }

  private static String[] command(String group, String verb, String... rest) {
    List<String> args = new ArrayList<>(List.of(group.split(" ")));
    args.addAll(List.of(verb.split(" ")));
    args.addAll(List.of("-g", "rg", "-c", "arc", "-t", "connectedClusters"));
    args.addAll(List.of(rest));
    return args.toArray(String[]::new);
  }

  private static JsonNode ok(String[] args) {
    CliRun.Result r = cli.run(args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r.json();
  }

  @Test
  void anSshConfigurationWithoutAKeyReportsOneThatMakesItSyncOnceTrusted() {
    assumeTrue(SshGitServer.available(), "openssh-server is not installed");
    GitRepoFixture repo = GitRepoFixture.create(dir, "app");
    repo.commit(
        "deploy/app.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-ssh\n  namespace: default\ndata:\n  a: b\n",
        "a ConfigMap");
    repo.push("main");
    try (SshGitServer sshd = SshGitServer.start(dir.resolve("sshd"), dir.resolve("repos"))) {
      String knownHosts =
          Base64.getEncoder()
              .encodeToString(sshd.knownHostsLine().getBytes(StandardCharsets.UTF_8));
      ok(
          command(
              "k8s-configuration flux",
              "create",
              "-n",
              "over-ssh",
              "--namespace",
              "default",
              "-u",
              sshd.url("app"),
              "--branch",
              "main",
              "--known-hosts",
              knownHosts,
              "--interval",
              "2s",
              "--kustomization",
              "name=app",
              "path=./deploy",
              "prune=true"));

      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                JsonNode c = ok(command("k8s-configuration flux", "show", "-n", "over-ssh"));
                assertThat(c.at("/repositoryPublicKey").asText()).startsWith("ssh-rsa AAAA");
                assertThat(c.at("/complianceState").asText()).isEqualTo("Non-Compliant");
              });
      String publicKey =
          ok(command("k8s-configuration flux", "show", "-n", "over-ssh"))
              .at("/repositoryPublicKey")
              .asText();

      sshd.authorize(publicKey);
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                JsonNode c = ok(command("k8s-configuration flux", "show", "-n", "over-ssh"));
                assertThat(c.at("/complianceState").asText())
                    .as(c.toString())
                    .isEqualTo("Compliant");
                assertThat(c.at("/sourceSyncedCommitId").asText()).isEqualTo("main/" + repo.head());
                assertThat(c.at("/repositoryPublicKey").asText()).isEqualTo(publicKey);
              });
      assertThat(flotilla.client().configMaps().inNamespace("default").withName("from-ssh").get())
          .isNotNull();
    }
  }

  @Test
  void fluxExtensionSettingsReachTheControllersAndTheirStatusComesBack() {
    ok(
        command(
            "k8s-extension",
            "create",
            "-n",
            "flux",
            "--extension-type",
            "microsoft.flux",
            "--config",
            "multiTenancy.enforce=false",
            "kustomize-controller.concurrent=3",
            "kustomize-controller.log-level=debug",
            "--config-protected",
            "not-for-configmaps=s3cret"));

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              JsonNode e = ok(command("k8s-extension", "show", "-n", "flux"));
              assertThat(e.at("/provisioningState").asText())
                  .as(e.toString())
                  .isEqualTo("Succeeded");
              assertThat(e.at("/statuses"))
                  .anySatisfy(
                      s -> {
                        assertThat(s.get("code").asText())
                            .isEqualTo("ConfigurationSettingsApplied");
                        assertThat(s.get("message").asText())
                            .contains("multiTenancy.enforce=false")
                            .contains("kustomize-controller.concurrent=3");
                      });
            });
    // the level took effect in the running process, and nothing says it could not
    assertThat(
            org.slf4j.LoggerFactory.getLogger("io.flotilla.controllers.kustomization.X")
                .isDebugEnabled())
        .isTrue();
    assertThat(ok(command("k8s-extension", "show", "-n", "flux")).at("/statuses").toString())
        .doesNotContain("LogLevelNotApplied");
    KubernetesClient kube = flotilla.client();
    var settings =
        kube.configMaps().inNamespace("flux-system").withName("flux-extension-settings").get();
    assertThat(settings.getData())
        .containsEntry("multiTenancy.enforce", "false")
        .doesNotContainKey("not-for-configmaps");
    assertThat(
            kube.secrets()
                .inNamespace("flux-system")
                .withName("flux-extension-protected-settings")
                .get()
                .getData())
        .containsKey("not-for-configmaps");

    // A setting the controllers cannot use is refused by the service with their rule, before
    // anything is stored or reaches the cluster; the extension keeps running as it was...
    CliRun.Result refused =
        cli.run(
            command(
                "k8s-extension",
                "update",
                "-n",
                "flux",
                "--yes",
                "--config",
                "kustomize-controller.requeue-dependency=later"));
    assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err())
        .contains(
            "(InvalidConfigurationSetting) The microsoft.flux extension's settings were refused"
                + " and nothing was changed: configuration setting"
                + " 'kustomize-controller.requeue-dependency' is 'later': use a positive Go"
                + " duration such as 30s or 1m30s");
    assertThat(ok(command("k8s-extension", "show", "-n", "flux")).at("/provisioningState").asText())
        .isEqualTo("Succeeded");
    assertThat(
            kube.configMaps()
                .inNamespace("flux-system")
                .withName("flux-extension-settings")
                .get()
                .getData())
        .doesNotContainKey("kustomize-controller.requeue-dependency");

    // ...and a good value is taken.
    ok(
        command(
            "k8s-extension",
            "update",
            "-n",
            "flux",
            "--yes",
            "--config",
            "kustomize-controller.requeue-dependency=20s"));
    JsonNode fixed = ok(command("k8s-extension", "show", "-n", "flux"));
    assertThat(fixed.at("/provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(fixed.at("/statuses").toString())
        .contains("kustomize-controller.requeue-dependency=20s");
  }
}
