package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.cli.CliConfig;
import io.flotilla.server.ConfigurationServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: an assignment made with the CLI reaches a real agent and controller stack on an
 * embedded API, which applies it; the assignment's compliance shows the cluster Compliant.
 */
class AssignmentE2E {
  static final Duration CONVERGE = Duration.ofSeconds(120);

  @TempDir Path dir;
  ClusterStack cluster;

  @AfterEach
  void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anAssignmentReachesARealClusterAndItsComplianceTurnsCompliant() throws Exception {
    String subscription = UUID.randomUUID().toString();
    cluster =
        new ClusterStack(
            dir,
            new ClusterRef(
                subscription, "edge-rg", "Microsoft.Kubernetes", "connectedClusters", "edge"),
            true);
    ConfigurationServer server = cluster.server;
    KubernetesClient client = cluster.client;
    String repo = cluster.repo;

    Path config = dir.resolve("cli-config");
    new CliConfig(server.url(), server.adminToken(), subscription).save(config);
    CliRun cli = new CliRun(config, dir);
    String template =
        """
        {"scope":"cluster","namespace":"fleet-config","sourceKind":"GitRepository",
         "gitRepository":{"url":"%s","repositoryRef":{"branch":"main"},"syncIntervalInSeconds":2},
         "kustomizations":{"infra":{"path":"./infrastructure","prune":true}}}
        """
            .formatted(repo);
    CliRun.Result created =
        cli.run(
            "k8s-configuration",
            "flux",
            "assignment",
            "create",
            "-g",
            "edge-rg",
            "-n",
            "baseline",
            "--configuration-name",
            "fleet-config",
            "--template",
            template);
    assertThat(created.code()).as(created.toString()).isZero();

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              JsonNode c = show(cli).at("/properties/compliance");
              assertThat(c.path("total").asInt()).isEqualTo(1);
              assertThat(c.path("compliant").asInt()).isEqualTo(1);
            });
    FluxConfig applied =
        client
            .resources(FluxConfig.class)
            .inNamespace("fleet-config")
            .withName("fleet-config")
            .get();
    assertThat(applied).isNotNull();
    CliRun.Result shown =
        cli.run(
            "k8s-configuration",
            "flux",
            "show",
            "-g",
            "edge-rg",
            "-c",
            "edge",
            "-t",
            "connectedClusters",
            "-n",
            "fleet-config");
    assertThat(shown.code()).as(shown.toString()).isZero();
    assertThat(shown.json().at("/complianceState").asText()).isEqualTo("Compliant");
    // the owner is shown on the configuration
    assertThat(shown.json().at("/managedBy").asText())
        .isEqualTo(
            "/subscriptions/"
                + subscription
                + "/resourceGroups/edge-rg/providers/Microsoft.KubernetesConfiguration"
                + "/fluxConfigurationAssignments/baseline");
  }

  private static JsonNode show(CliRun cli) {
    CliRun.Result r =
        cli.run(
            "k8s-configuration", "flux", "assignment", "show", "-g", "edge-rg", "-n", "baseline");
    assertThat(r.code()).as(r.toString()).isZero();
    return r.json();
  }
}
