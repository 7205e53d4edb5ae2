package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.FluxCrds;
import io.flotilla.app.up.Flotilla;
import io.flotilla.app.up.UpOptions;
import io.flotilla.cli.CliConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting the {@code microsoft.flux} extension under `flotilla up`, through the CLI, as Azure does
 * it: the configurations are deleted first (their objects pruned), then what the extension brought
 * leaves the cluster; creating a configuration again installs it again and the running controllers
 * pick the returning CRDs up.
 */
class FluxExtensionDeleteE2E {
  private static final Duration CONVERGE = Duration.ofSeconds(120);
  @TempDir Path dir;
  Flotilla flotilla;
  CliRun cli;

  @BeforeEach
  void up() throws Exception {
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

  @AfterEach
  void down() {
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

  private JsonNode ok(String[] args) {
    CliRun.Result r = cli.run(args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r.json();
  }

  private void createAndAwaitCompliant() {
    ok(
        command(
            "k8s-configuration flux",
            "create",
            "-n",
            "cluster-config",
            "--namespace",
            "cluster-config",
            "--scope",
            "cluster",
            "-u",
            flotilla.sampleUrl(),
            "--branch",
            "main",
            "--kustomization",
            "name=infra",
            "path=./infrastructure",
            "prune=true"));
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(
                        ok(command("k8s-configuration flux", "show", "-n", "cluster-config"))
                            .at("/complianceState")
                            .asText())
                    .isEqualTo("Compliant"));
    assertThat(
            flotilla
                .client()
                .configMaps()
                .inNamespace("podinfo")
                .withName("cluster-settings")
                .get())
        .isNotNull();
  }

  private boolean crd(String name) {
    return flotilla.client().apiextensions().v1().customResourceDefinitions().withName(name).get()
        != null;
  }

  @Test
  void deletingTheExtensionDeletesItsConfigurationsThenWhatItInstalled() {
    createAndAwaitCompliant();
    KubernetesClient kube = flotilla.client();

    CliRun.Result deleted = cli.run(command("k8s-extension", "delete", "-n", "flux", "--yes"));
    assertThat(deleted.code()).as(deleted.toString()).isZero();
    assertThat(deleted.err())
        .contains(
            "Deleting the 'microsoft.flux' extension also deletes the flux configurations on"
                + " cluster 'arc' (cluster-config)");

    assertThat(cli.run(command("k8s-extension", "show", "-n", "flux")).code()).isEqualTo(3);
    assertThat(cli.run(command("k8s-configuration flux", "show", "-n", "cluster-config")).code())
        .isEqualTo(3);
    // pruned with its configuration, as the kustomization said
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                kube.configMaps().inNamespace("podinfo").withName("cluster-settings").get()
                    == null);
    assertThat(FluxCrds.NAMES.stream().filter(this::crd))
        .containsExactly("fluxconfigs.clusterconfig.azure.com");
    await().atMost(CONVERGE).until(() -> kube.namespaces().withName("flux-system").get() == null);

    // Azure's way back: creating a configuration installs the extension again.
    createAndAwaitCompliant();
    assertThat(FluxCrds.NAMES).allMatch(this::crd);
    assertThat(ok(command("k8s-extension", "show", "-n", "flux")).at("/provisioningState").asText())
        .isEqualTo("Succeeded");
  }
}
