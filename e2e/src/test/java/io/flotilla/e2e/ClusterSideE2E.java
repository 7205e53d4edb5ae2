package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.testkit.git.GitRepoFixture;
import io.flotilla.testkit.git.SshGitServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster side seen from the CLI, against `flotilla up`: an ssh configuration without a key
 * reports the public key the cluster generated and syncs once the Git server trusts it; the flux
 * extension's settings reach the controllers, which report back through the extension's status.
 */
class ClusterSideE2E {
  @RegisterExtension static final RunningUp up = RunningUp.with(o -> o.withCluster("rg", "arc"));

  private static final Duration CONVERGE = Duration.ofSeconds(90);

  private static String[] command(String group, String verb, String... rest) {
    return ClusterArgs.of(group, "rg", "arc", verb, rest);
  }

  private static JsonNode ok(String[] args) {
    CliRun.Result r = up.cli().run(args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r.json();
  }

  /** Waits until {@code args} succeeds and the JSON it prints satisfies {@code assertions}. */
  private static void awaitShown(String[] args, Consumer<JsonNode> assertions) {
    await().atMost(CONVERGE).untilAsserted(() -> assertions.accept(ok(args)));
  }

  /** {@code k8s-extension update -n flux --yes --config <setting>} on the cluster. */
  private static String[] fluxExtensionUpdate(String setting) {
    return command("k8s-extension", "update", "-n", "flux", "--yes", "--config", setting);
  }

  @Test
  void anSshConfigurationWithoutAKeyReportsOneThatMakesItSyncOnceTrusted() {
    assumeTrue(SshGitServer.available(), "openssh-server is not installed");
    GitRepoFixture repo = GitRepoFixture.create(up.dir(), "app");
    repo.commit(
        "deploy/app.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-ssh\n  namespace: default\ndata:\n  a: b\n",
        "a ConfigMap");
    repo.push("main");
    try (SshGitServer sshd =
        SshGitServer.start(up.dir().resolve("sshd"), up.dir().resolve("repos"))) {
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

      awaitShown(
          command("k8s-configuration flux", "show", "-n", "over-ssh"),
          c -> {
            assertThat(c.at("/repositoryPublicKey").asText()).startsWith("ssh-rsa AAAA");
            assertThat(c.at("/complianceState").asText()).isEqualTo("Non-Compliant");
          });
      String publicKey =
          ok(command("k8s-configuration flux", "show", "-n", "over-ssh"))
              .at("/repositoryPublicKey")
              .asText();

      sshd.authorize(publicKey);
      awaitShown(
          command("k8s-configuration flux", "show", "-n", "over-ssh"),
          c -> {
            assertThat(c.at("/complianceState").asText()).as(c.toString()).isEqualTo("Compliant");
            assertThat(c.at("/sourceSyncedCommitId").asText()).isEqualTo("main/" + repo.head());
            assertThat(c.at("/repositoryPublicKey").asText()).isEqualTo(publicKey);
          });
      assertThat(
              up.flotilla().client().configMaps().inNamespace("default").withName("from-ssh").get())
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

    awaitShown(
        command("k8s-extension", "show", "-n", "flux"),
        e -> {
          assertThat(e.at("/provisioningState").asText()).as(e.toString()).isEqualTo("Succeeded");
          assertThat(e.at("/statuses"))
              .anySatisfy(
                  s -> {
                    assertThat(s.get("code").asText()).isEqualTo("ConfigurationSettingsApplied");
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
    KubernetesClient kube = up.flotilla().client();
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
        up.cli().run(fluxExtensionUpdate("kustomize-controller.requeue-dependency=later"));
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
    ok(fluxExtensionUpdate("kustomize-controller.requeue-dependency=20s"));
    JsonNode fixed = ok(command("k8s-extension", "show", "-n", "flux"));
    assertThat(fixed.at("/provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(fixed.at("/statuses").toString())
        .contains("kustomize-controller.requeue-dependency=20s");
  }
}
