package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.agent.Agent;
import io.flotilla.agent.AgentOptions;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.app.ops.KubeClients;
import io.flotilla.app.sample.GitHttpServer;
import io.flotilla.app.sample.SampleRepository;
import io.flotilla.cli.CliConfig;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.controllers.Crds;
import io.flotilla.kube.EmbeddedKubeApi;
import io.flotilla.kube.KubeApiOptions;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.RegisteredCluster;
import io.flotilla.server.ServerOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: a cluster whose agent stopped shows as disconnected and stale through the CLI, not green
 * — and comes back once an agent talks to the service again. The pieces of {@code flotilla up} are
 * started one by one so that the agent alone can be stopped; the service counts a cluster offline
 * after 4 s of silence (15 minutes by default).
 */
class StaleClusterE2E {
  static final Duration OFFLINE_AFTER = Duration.ofSeconds(4);
  static final Duration CONVERGE = Duration.ofSeconds(90);

  @TempDir Path dir;
  final Closer stack = new Closer();

  @AfterEach
  void down() {
    stack.close();
  }

  @Test
  void aClusterWhoseAgentStoppedShowsDisconnectedAndStaleNotCompliant() throws Exception {
    EmbeddedKubeApi kube = EmbeddedKubeApi.start(KubeApiOptions.defaults().withDataDir(dir));
    stack.push(kube);
    Path kubeconfig = dir.resolve("kubeconfig");
    kube.writeKubeconfig(kubeconfig);
    KubernetesClient client = KubeClients.create(kubeconfig);
    stack.push(client);
    Crds.install(client);
    ConfigurationServer server =
        ConfigurationServer.start(
            ServerOptions.defaults()
                .withPort(0)
                .withDataDir(dir.resolve("service"))
                .withOfflineAfter(OFFLINE_AFTER));
    stack.push(server);
    String subscription = UUID.randomUUID().toString();
    RegisteredCluster cluster =
        server
            .clusters()
            .register(
                new ClusterRef(
                    subscription, "edge-rg", "Microsoft.Kubernetes", "connectedClusters", "edge"),
                "local");
    stack.push(
        Controllers.start(
            client, ControllerOptions.defaults(dir.resolve("controllers")).withMultiTenancy(true)));
    GitHttpServer git = GitHttpServer.start("127.0.0.1", 0);
    stack.push(git);
    String repo = git.serve("sample", SampleRepository.ensure(dir.resolve("sample-repo")));
    Agent agent = startAgent(server, cluster);

    Path config = dir.resolve("cli-config");
    new CliConfig(server.url(), server.adminToken(), subscription).save(config);
    CliRun cli = new CliRun(config, dir);
    CliRun.Result created =
        cli.run(
            flux(
                "create",
                ClusterArgs.clusterScoped(
                    "edge-config",
                    repo,
                    "--interval",
                    "2s",
                    "--kustomization",
                    "name=infra",
                    "path=./infrastructure",
                    "prune=true")));
    assertThat(created.code()).as(created.toString()).isZero();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> assertThat(show(cli).at("/complianceState").asText()).isEqualTo("Compliant"));
    JsonNode green = show(cli);
    assertThat(green.at("/errorMessage").asText()).isEmpty();

    agent.close();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode stale = show(cli);
              assertThat(stale.at("/complianceState").asText()).isEqualTo("Unknown");
              assertThat(stale.at("/errorMessage").asText())
                  .startsWith("Cluster edge is disconnected: last heartbeat ")
                  .contains("status below was last reported at");
            });
    JsonNode stale = show(cli);
    // The last report is still there to read, with its time, just not presented as current.
    assertThat(stale.at("/statusUpdatedAt").asText())
        .isEqualTo(green.at("/statusUpdatedAt").asText());
    assertThat(stale.at("/sourceSyncedCommitId").asText())
        .isEqualTo(green.at("/sourceSyncedCommitId").asText());
    assertThat(stale.at("/statuses").size()).isEqualTo(green.at("/statuses").size());
    CliRun.Result listed = cli.run(flux("list"));
    assertThat(listed.code()).as(listed.toString()).isZero();
    assertThat(listed.json().get(0).at("/complianceState").asText()).isEqualTo("Unknown");
    CliRun.Result connected =
        cli.run("connectedk8s", "show", "-g", "edge-rg", "-n", "edge", "-o", "json");
    assertThat(connected.code()).as(connected.toString()).isZero();
    assertThat(connected.json().at("/connectivityStatus").asText()).isEqualTo("Offline");
    assertThat(connected.json().at("/lastConnectivityTime").asText()).isNotBlank();

    // A new agent connects: the configuration shows its real state again.
    startAgent(server, cluster);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              JsonNode back = show(cli);
              assertThat(back.at("/complianceState").asText()).isEqualTo("Compliant");
              assertThat(back.at("/errorMessage").asText()).isEmpty();
            });
  }

  private Agent startAgent(ConfigurationServer server, RegisteredCluster cluster) throws Exception {
    String token = server.clusters().issueAgentToken(cluster.clusterId());
    KubernetesClient client = KubeClients.create(dir.resolve("kubeconfig"));
    stack.push(client);
    Agent agent =
        Agent.start(
            AgentOptions.of(URI.create(server.url()), cluster.clusterId(), token)
                .withPollWait(Duration.ofSeconds(1))
                .withHeartbeatInterval(Duration.ofSeconds(1)),
            client);
    stack.push(agent);
    return agent;
  }

  private static JsonNode show(CliRun cli) {
    CliRun.Result r = cli.run(flux("show", "-n", "edge-config"));
    assertThat(r.code()).as(r.toString()).isZero();
    return r.json();
  }

  private static String[] flux(String verb, String... rest) {
    return ClusterArgs.flux("edge-rg", "edge", verb, rest);
  }
}
