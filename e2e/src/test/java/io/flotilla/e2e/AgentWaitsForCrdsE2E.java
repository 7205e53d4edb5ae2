package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.app.ops.KubeClients;
import io.flotilla.cli.CliConfig;
import io.flotilla.controllers.Crds;
import io.flotilla.kube.EmbeddedKubeApi;
import io.flotilla.kube.KubeApiOptions;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.RegisteredCluster;
import io.flotilla.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: `flotilla agent` started on a cluster whose CRDs are not installed yet waits, saying
 * what for, and carries on once they are — as when the agent is deployed before the controllers.
 */
class AgentWaitsForCrdsE2E {
  static final ClusterRef CLUSTER =
      new ClusterRef(
          "00000000-0000-0000-0000-0000000000a9",
          "wait-rg",
          "Microsoft.Kubernetes",
          "connectedClusters",
          "early");

  @TempDir Path dir;

  @Test
  void anAgentStartedBeforeTheCrdsWaitsForThemAndThenWritesConfigurations() throws Exception {
    try (EmbeddedKubeApi kube = EmbeddedKubeApi.start(KubeApiOptions.defaults());
        ConfigurationServer server =
            ConfigurationServer.start(
                ServerOptions.defaults().withPort(0).withDataDir(dir.resolve("service")))) {
      Path kubeconfig = dir.resolve("kubeconfig");
      kube.writeKubeconfig(kubeconfig);
      RegisteredCluster cluster = server.clusters().register(CLUSTER, "local");
      Path tokenFile =
          Files.writeString(
              dir.resolve("agent-token"), server.clusters().issueAgentToken(cluster.clusterId()));

      try (FlotillaProcess agent =
              FlotillaProcess.start(
                  dir.resolve("agent"),
                  "agent",
                  "--server",
                  server.url(),
                  "--cluster-id",
                  cluster.clusterId(),
                  "--token-file",
                  tokenFile.toString(),
                  "--kubeconfig",
                  kubeconfig.toString());
          KubernetesClient client = KubeClients.create(kubeconfig)) {
        agent.awaitOutput(
            "waiting for fluxconfigs.clusterconfig.azure.com: the CRD is not installed yet",
            Duration.ofMinutes(2));
        assertThat(agent.alive()).isTrue();

        Crds.install(client);
        agent.awaitOutput("polling " + server.url(), Duration.ofMinutes(1));
        Path config = dir.resolve("cli-config");
        new CliConfig(server.url(), server.adminToken(), CLUSTER.subscriptionId()).save(config);
        CliRun.Result created =
            new CliRun(config, dir)
                .run(
                    "k8s-configuration",
                    "flux",
                    "create",
                    "-g",
                    "wait-rg",
                    "-c",
                    "early",
                    "-t",
                    "connectedClusters",
                    "-n",
                    "early-config",
                    "--namespace",
                    "early-config",
                    "--scope",
                    "cluster",
                    "-u",
                    "https://example.com/repo.git",
                    "--branch",
                    "main",
                    "--no-wait");
        assertThat(created.code()).as(created.toString()).isZero();
        await()
            .atMost(Duration.ofMinutes(1))
            .until(
                () ->
                    client
                            .resources(FluxConfig.class)
                            .inNamespace("early-config")
                            .withName("early-config")
                            .get()
                        != null);

        agent.stop(Duration.ofSeconds(30));
        assertThat(agent.output()).doesNotContain("Exception", "\tat ");
      }
    }
  }
}
