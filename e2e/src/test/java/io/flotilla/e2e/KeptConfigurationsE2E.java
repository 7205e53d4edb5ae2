package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.agent.Agent;
import io.flotilla.agent.AgentOptions;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.app.ops.KubeClients;
import io.flotilla.app.sample.GitHttpServer;
import io.flotilla.app.sample.SampleRepository;
import io.flotilla.app.up.Flotilla;
import io.flotilla.app.up.UpOptions;
import io.flotilla.cli.CliConfig;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.controllers.Crds;
import io.flotilla.kube.EmbeddedKubeApi;
import io.flotilla.kube.KubeApiOptions;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.RegisteredCluster;
import io.flotilla.server.ServerOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a configuration leaves a cluster only by a delete the service recorded. An agent whose
 * desired state lost a configuration without such a delete — a store restored from a backup older
 * than the configuration, or `up` made to serve another cluster identity — keeps it with its
 * workloads and says so (annotation, flux extension status); a forced delete made while the agent
 * was away still reaches the cluster when it returns.
 */
class KeptConfigurationsE2E {
  static final Duration CONVERGE = Duration.ofSeconds(180);
  static final String ANNOTATION = "clusterconfig.azure.com/agent-warning";
  static final ClusterRef EDGE =
      new ClusterRef(
          "00000000-0000-0000-0000-00000000000e",
          "edge-rg",
          "Microsoft.Kubernetes",
          "connectedClusters",
          "edge");

  @TempDir Path dir;
  final Closer stack = new Closer();
  ConfigurationServer server;
  KubernetesClient kube;
  String repo;

  @AfterEach
  void down() {
    if (server != null) {
      server.close();
    }
    stack.close();
  }

  @Test
  void aStoreRestoredFromBeforeAConfigurationKeepsItInTheClusterAndSaysSo() throws Exception {
    startCluster();
    server = startService(0);
    int port = server.port();
    RegisteredCluster cluster = server.clusters().register(EDGE, "local");
    String token = server.clusters().issueAgentToken(cluster.clusterId());
    CliRun cli = cli();
    ok(cli, extension("create", "-n", "flux", "--extension-type", "microsoft.flux", "--no-wait"));
    // the backup: the cluster and its flux extension, no configuration yet
    server.close();
    copy(dir.resolve("service"), dir.resolve("backup"));
    server = startService(port);
    stack.push(agent(cluster, token));
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(
                        ok(cli, extension("show", "-n", "flux")).at("/provisioningState").asText())
                    .isEqualTo("Succeeded"));
    createAndAwaitCompliant(cli);

    server.close();
    deleteTree(dir.resolve("service"));
    copy(dir.resolve("backup"), dir.resolve("service"));
    server = startService(port);

    FluxConfig kept = awaitWarning("edge-config");
    assertThat(kept.getMetadata().getAnnotations().get(ANNOTATION))
        .contains(
            "FluxConfig edge-config/edge-config (" + EDGE.fluxConfigurationId("edge-config") + ")",
            "recorded no delete of it; it is kept");
    assertStillApplied(kept);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(ok(cli, extension("show", "-n", "flux")).at("/statuses"))
                    .anySatisfy(
                        s -> {
                          assertThat(s.at("/code").asText()).isEqualTo("ConfigurationKept");
                          assertThat(s.at("/level").asText()).isEqualTo("Warning");
                          assertThat(s.at("/message").asText()).contains("edge-config");
                        }));
    CliRun.Result gone = cli.run(flux("show", "-n", "edge-config"));
    assertThat(gone.code()).as("the restored store has no such configuration").isNotZero();
  }

  @Test
  void aForcedDeleteMadeWhileTheAgentWasAwayIsCarriedOutWhenItReturns() throws Exception {
    startCluster();
    server = startService(0);
    RegisteredCluster cluster = server.clusters().register(EDGE, "local");
    Agent away = agent(cluster, server.clusters().issueAgentToken(cluster.clusterId()));
    CliRun cli = cli();
    createAndAwaitCompliant(cli);

    away.close();
    ok(cli, flux("delete", "-n", "edge-config", "--force", "--yes"));
    assertThat(fluxConfig("edge-config")).as("nobody removed it from the cluster yet").isNotNull();

    stack.push(agent(cluster, server.clusters().issueAgentToken(cluster.clusterId())));

    await().atMost(CONVERGE).until(() -> fluxConfig("edge-config") == null);
    await()
        .atMost(CONVERGE)
        .until(
            () ->
                kube.apps().deployments().inNamespace("podinfo").withName("podinfo").get() == null);
  }

  @Test
  void upServingAnotherClusterIdentityKeepsTheFirstOnesConfigurationAndWorkloads()
      throws Exception {
    Path data = dir.resolve("data");
    UpOptions options =
        UpOptions.defaults()
            .withPort(0)
            .withGitPort(0)
            .withDataDir(data)
            .withAgentPollWait(Duration.ofSeconds(2));
    String first;
    try (Flotilla up = Flotilla.start(options.withCluster("rg1", "edge"))) {
      Path config = dir.resolve("cli-config");
      new CliConfig(up.serviceUrl(), up.adminToken(), up.subscription()).save(config);
      CliRun cli = new CliRun(config, dir);
      createAndAwaitCompliant(cli, "rg1", "edge", "cluster-config", up.sampleUrl());
      first = up.clusterRef().fluxConfigurationId("cluster-config");
    }

    try (Flotilla other =
        Flotilla.start(options.withCluster("rg2", "edge").withReplaceCluster(true))) {
      kube = other.client();
      FluxConfig kept = awaitWarning("cluster-config");
      assertThat(kept.getMetadata().getAnnotations().get(ANNOTATION))
          .contains(
              "FluxConfig cluster-config/cluster-config was written for " + first,
              "not for this agent's cluster " + other.clusterRef().resourceId(),
              "it is kept");
      assertStillApplied(kept);
    }
  }

  // --- the pieces of `flotilla up`, started one by one so that each can be stopped alone

  private void startCluster() throws IOException {
    EmbeddedKubeApi api = EmbeddedKubeApi.start(KubeApiOptions.defaults().withDataDir(dir));
    stack.push(api);
    api.writeKubeconfig(dir.resolve("kubeconfig"));
    kube = KubeClients.create(dir.resolve("kubeconfig"));
    stack.push(kube);
    Crds.install(kube);
    stack.push(
        Controllers.start(
            kube, ControllerOptions.defaults(dir.resolve("controllers")).withMultiTenancy(true)));
    GitHttpServer git = GitHttpServer.start("127.0.0.1", 0);
    stack.push(git);
    repo = git.serve("sample", SampleRepository.ensure(dir.resolve("sample-repo")));
  }

  private ConfigurationServer startService(int port) {
    return ConfigurationServer.start(
        ServerOptions.defaults().withPort(port).withDataDir(dir.resolve("service")));
  }

  private Agent agent(RegisteredCluster cluster, String token) {
    return Agent.start(
        AgentOptions.of(URI.create(server.url()), cluster.clusterId(), token)
            .withPollWait(Duration.ofSeconds(1))
            .withHeartbeatInterval(Duration.ofSeconds(1)),
        kube);
  }

  private CliRun cli() {
    Path config = dir.resolve("cli-config");
    new CliConfig(server.url(), server.adminToken(), EDGE.subscriptionId()).save(config);
    return new CliRun(config, dir);
  }

  private void createAndAwaitCompliant(CliRun cli) {
    createAndAwaitCompliant(cli, EDGE.resourceGroup(), EDGE.clusterName(), "edge-config", repo);
  }

  /** The tutorial's configuration as {@code name}, created through the CLI, until Compliant. */
  private static void createAndAwaitCompliant(
      CliRun cli, String rg, String cluster, String name, String url) {
    ok(cli, TutorialCluster.create(rg, cluster, name, url, "./infrastructure", "./apps/staging"));
    String[] show = {
      "k8s-configuration",
      "flux",
      "show",
      "-g",
      rg,
      "-c",
      cluster,
      "-t",
      "connectedClusters",
      "-n",
      name
    };
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> assertThat(ok(cli, show).at("/complianceState").asText()).isEqualTo("Compliant"));
  }

  /** Waits until the agent has looked at the FluxConfig and put its warning on it. */
  private FluxConfig awaitWarning(String name) {
    await()
        .atMost(CONVERGE)
        .until(
            () -> {
              FluxConfig c = fluxConfig(name);
              return c != null
                  && c.getMetadata().getAnnotations() != null
                  && c.getMetadata().getAnnotations().containsKey(ANNOTATION);
            });
    return fluxConfig(name);
  }

  /** The FluxConfig, its Kustomizations and what they applied are all still there. */
  private void assertStillApplied(FluxConfig config) {
    assertThat(config.getMetadata().getDeletionTimestamp()).isNull();
    String ns = config.getMetadata().getNamespace();
    assertThat(kube.resources(Kustomization.class).inNamespace(ns).list().getItems())
        .allSatisfy(k -> assertThat(k.getMetadata().getDeletionTimestamp()).isNull())
        .hasSize(2);
    assertThat(kube.apps().deployments().inNamespace("podinfo").withName("podinfo").get())
        .isNotNull();
  }

  private FluxConfig fluxConfig(String name) {
    return kube.resources(FluxConfig.class).inNamespace(name).withName(name).get();
  }

  private static JsonNode ok(CliRun cli, String... args) {
    CliRun.Result r = cli.run(args);
    assertThat(r.code()).as(r.toString()).isZero();
    return r.out().isBlank() ? null : r.json();
  }

  private static String[] flux(String verb, String... rest) {
    return onEdge(List.of("k8s-configuration", "flux", verb), rest);
  }

  private static String[] extension(String verb, String... rest) {
    return onEdge(List.of("k8s-extension", verb), rest);
  }

  private static String[] onEdge(List<String> command, String... rest) {
    List<String> args = new ArrayList<>(command);
    args.addAll(
        List.of("-g", EDGE.resourceGroup(), "-c", EDGE.clusterName(), "-t", "connectedClusters"));
    args.addAll(List.of(rest));
    return args.toArray(String[]::new);
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
