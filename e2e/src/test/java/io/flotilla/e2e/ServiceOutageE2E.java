package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.agent.Agent;
import io.flotilla.agent.AgentOptions;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.app.sample.GitHttpServer;
import io.flotilla.app.sample.SampleRepository;
import io.flotilla.cli.CliConfig;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.controllers.Crds;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.ServerOptions;
import io.flotilla.testkit.TestKube;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster side does not depend on the service being up: with the configuration service stopped
 * for a minute, the cluster still follows a new commit, and once the service is back the status the
 * agent queued arrives.
 */
class ServiceOutageE2E {
  private static final Duration CONVERGE = Duration.ofSeconds(90);
  private static final Duration OUTAGE = Duration.ofMinutes(1);
  private static final ClusterRef CLUSTER =
      new ClusterRef(
          "00000000-0000-0000-0000-000000000001",
          "outage-rg",
          "Microsoft.Kubernetes",
          "connectedClusters",
          "outage-arc");

  @TempDir Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();
  private ConfigurationServer server;

  @AfterEach
  void down() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    if (server != null) {
      server.close();
    }
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  private ConfigurationServer startService(int port) {
    return ConfigurationServer.start(
        ServerOptions.defaults().withPort(port).withDataDir(dir.resolve("service")));
  }

  @Test
  void theClusterFollowsACommitWhileTheServiceIsDownAndReportsItOnReconnect() throws Exception {
    KubernetesClient kube = keep(TestKube.start()).client();
    Crds.install(kube);
    server = startService(0);
    int port = server.port();
    String clusterId = server.clusters().register(CLUSTER, "local").clusterId();
    String agentToken = server.clusters().issueAgentToken(clusterId);
    keep(
        Controllers.start(
            kube,
            ControllerOptions.defaults(dir.resolve("controllers"))
                .withRequeueDependency(Duration.ofSeconds(2))
                .withMultiTenancy(true)));
    keep(
        Agent.start(
            AgentOptions.of(URI.create(server.url()), clusterId, agentToken)
                .withPollWait(Duration.ofSeconds(2))
                .withHeartbeatInterval(Duration.ofSeconds(2)),
            kube));
    GitHttpServer git = keep(GitHttpServer.start("127.0.0.1", 0));
    Path repo = dir.resolve("sample-repo");
    String url = git.serve("sample", SampleRepository.ensure(repo));

    Path config = dir.resolve("cli-config");
    new CliConfig(server.url(), server.adminToken(), CLUSTER.subscriptionId()).save(config);
    CliRun cli = new CliRun(config, dir);
    CliRun.Result created =
        cli.run(
            TutorialCluster.create(
                CLUSTER.resourceGroup(),
                CLUSTER.clusterName(),
                "outage",
                url,
                "./infrastructure",
                "./apps/staging"));
    assertThat(created.code()).as(created.toString()).isZero();
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> assertThat(show(cli).at("/complianceState").asText()).isEqualTo("Compliant"));

    // The service goes away; a commit lands in the meantime.
    server.close();
    server = null;
    long downSince = System.nanoTime();
    String newHead = commitTwoReplicas(repo);

    await().atMost(CONVERGE).until(() -> replicas(kube) == 2);
    // For the rest of the minute the cluster keeps the new desired state: nothing is undone
    // because the service is unreachable.
    Duration left = OUTAGE.minus(Duration.ofNanos(System.nanoTime() - downSince));
    if (!left.isNegative()) {
      await()
          .during(left)
          .atMost(left.plusSeconds(10))
          .until(
              () ->
                  replicas(kube) == 2
                      && kube.namespaces().withName("outage").get() != null
                      && kube.resources(io.flotilla.api.fluxconfig.FluxConfig.class)
                              .inNamespace("outage")
                              .withName("outage")
                              .get()
                          != null);
    }

    // Back on the same address: the status the agent queued arrives without any new change.
    server = startService(port);
    ConfigurationServer back = server;
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              JsonNode now = show(cli);
              assertThat(now.at("/sourceSyncedCommitId").asText()).isEqualTo("main/" + newHead);
              assertThat(now.at("/complianceState").asText()).isEqualTo("Compliant");
            });
    assertThat(back.url()).endsWith(":" + port);
  }

  private static int replicas(KubernetesClient kube) {
    var d = kube.apps().deployments().inNamespace("podinfo").withName("podinfo").get();
    return d == null || d.getSpec().getReplicas() == null ? -1 : d.getSpec().getReplicas();
  }

  private static String commitTwoReplicas(Path repo) throws Exception {
    try (Git g = Git.open(repo.toFile())) {
      Path deploy = repo.resolve("apps/staging/deployment.yaml");
      String before = Files.readString(deploy);
      assertThat(before).contains("replicas: 1");
      Files.writeString(deploy, before.replace("replicas: 1", "replicas: 2"));
      g.add().addFilepattern(".").call();
      PersonIdent me = new PersonIdent("e2e", "e2e@localhost");
      return g.commit()
          .setMessage("scale podinfo while the service is down")
          .setAuthor(me)
          .setCommitter(me)
          .call()
          .name();
    }
  }

  private static JsonNode show(CliRun cli) {
    CliRun.Result r = cli.run(flux("show", "-n", "outage"));
    assertThat(r.code()).as(r.toString()).isZero();
    return r.json();
  }

  private static String[] flux(String verb, String... rest) {
    List<String> args = new ArrayList<>(List.of("k8s-configuration", "flux", verb));
    args.addAll(
        List.of(
            "-g", CLUSTER.resourceGroup(), "-c", CLUSTER.clusterName(), "-t", "connectedClusters"));
    args.addAll(List.of(rest));
    return args.toArray(String[]::new);
  }
}
