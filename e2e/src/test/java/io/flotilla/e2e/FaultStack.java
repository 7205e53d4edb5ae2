package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flotilla.agent.Agent;
import io.flotilla.agent.AgentOptions;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.app.sample.GitHttpServer;
import io.flotilla.cli.CliConfig;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.controllers.Crds;
import io.flotilla.kube.EmbeddedKubeApi;
import io.flotilla.kube.KubeApiOptions;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.RegisteredCluster;
import io.flotilla.server.ServerOptions;
import io.flotilla.testkit.GitFixture;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The pieces of {@code flotilla up} started one by one in this JVM, with the seams the fault cases
 * need: the controllers reach the Kubernetes API and every Git repository through a {@link
 * FaultProxy}, their data dir (artifacts, scratch) is on a {@link SmallDisk} when one can be
 * mounted, and the agent can be stopped and started again.
 */
final class FaultStack implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofSeconds(2);

  /** The sources' {@code --timeout}: a Git server that does not answer fails the fetch then. */
  static final Duration SOURCE_TIMEOUT = Duration.ofSeconds(3);

  static final Duration CONVERGE = Duration.ofSeconds(90);

  private final Closer open = new Closer();
  private final Path dir;
  final EmbeddedKubeApi kube;
  final KubernetesClient client;
  final FaultProxy kubeProxy;
  final FaultProxy gitProxy;
  final SmallDisk disk;
  final String noDisk;
  private final GitHttpServer git;
  private final ConfigurationServer server;
  private final RegisteredCluster cluster;
  private final String agentToken;
  private final ClusterRef ref;
  private final FluxCli flux;
  private Agent agent;

  private FaultStack(Path dir) throws Exception {
    this.dir = dir;
    kube = keep(EmbeddedKubeApi.start(KubeApiOptions.defaults().withDataDir(dir.resolve("kube"))));
    client = keep(client(kube.url()));
    Crds.install(client);
    kubeProxy = keep(FaultProxy.start(kube.url()));
    server =
        keep(
            ConfigurationServer.start(
                ServerOptions.defaults().withPort(0).withDataDir(dir.resolve("service"))));
    ref =
        new ClusterRef(
            UUID.randomUUID().toString(),
            "faults-rg",
            "Microsoft.Kubernetes",
            "connectedClusters",
            "faults");
    cluster = server.clusters().register(ref, "local");
    agentToken = server.clusters().issueAgentToken(cluster.clusterId());
    SmallDisk small = null;
    String why = null;
    try {
      small = keep(SmallDisk.mount(dir.resolve("controllers"), 24));
    } catch (Exception e) {
      why = e.getMessage();
    }
    disk = small;
    noDisk = why;
    keep(
        Controllers.start(
            keep(client(kubeProxy.url())),
            ControllerOptions.defaults(dir.resolve("controllers"))
                .withRequeueDependency(INTERVAL)
                .withMultiTenancy(true)));
    startAgent();
    git = keep(GitHttpServer.start("127.0.0.1", 0));
    gitProxy = keep(FaultProxy.start(git.baseUrl()));
    Path config = dir.resolve("cli-config");
    new CliConfig(server.url(), server.adminToken(), ref.subscriptionId()).save(config);
    flux = new FluxCli(new CliRun(config, dir), ref.resourceGroup(), ref.clusterName());
  }

  static FaultStack start(Path dir) throws Exception {
    return new FaultStack(dir);
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.push(c);
    return c;
  }

  private static KubernetesClient client(String url) {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).build();
    config.setOnlyHttpWatches(true);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  void stopAgent() {
    agent.close();
    agent = null;
  }

  void startAgent() {
    agent =
        Agent.start(
            AgentOptions.of(URI.create(server.url()), cluster.clusterId(), agentToken)
                .withPollWait(INTERVAL)
                .withHeartbeatInterval(INTERVAL),
            client);
  }

  /** A new repository, served through the Git fault proxy; returns it and its URL. */
  Repo repo(String name) throws Exception {
    Path where = dir.resolve("repos").resolve(name);
    GitFixture fixture = keep(GitFixture.init(where));
    return new Repo(fixture, gitProxy.url() + "/" + name + ".git", name);
  }

  /** Call after the first commit: the server serves only repositories with a HEAD. */
  void serve(Repo repo) throws Exception {
    git.serve(
        repo.name(),
        keep(
            new FileRepositoryBuilder()
                .setGitDir(repo.git().dir().resolve(".git").toFile())
                .build()));
  }

  record Repo(GitFixture git, String url, String name) {}

  /** {@code flotilla k8s-configuration flux <verb> -g … -c … -t connectedClusters <rest>}. */
  CliRun.Result flux(String verb, String... rest) {
    return flux.run(verb, rest);
  }

  /**
   * Creates configuration {@code name} of one Kustomization {@code apps} ({@code path}, prune on)
   * from {@code url}; source and Kustomization every {@link #INTERVAL}, the source's timeout {@link
   * #SOURCE_TIMEOUT}; {@code more} are further flags.
   */
  void create(String name, String url, String path, String... more) {
    String every = INTERVAL.toSeconds() + "s";
    List<String> flags =
        new ArrayList<>(
            List.of("--interval", every, "--timeout", SOURCE_TIMEOUT.toSeconds() + "s"));
    flags.addAll(List.of(more));
    flux.create(
        name,
        url,
        List.of("name=apps", "path=" + path, "sync_interval=" + every),
        flags.toArray(String[]::new));
  }

  JsonNode show(String name) {
    return flux.show(name);
  }

  /**
   * Waits until {@code commit} is applied (its Kustomization says so) and the service says
   * Compliant at it. The service alone is not enough: it reports the source's newest commit, and
   * Compliant from the Kustomizations' last reconcile, which may still be the previous commit's.
   */
  void awaitCompliant(String name, String commit) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              var ks =
                  client
                      .genericKubernetesResources("kustomize.toolkit.fluxcd.io/v1", "Kustomization")
                      .inNamespace(name)
                      .withName(name + "-apps")
                      .get();
              assertThat(ks).as("Kustomization " + name + "-apps").isNotNull();
              Object status = ks.getAdditionalProperties().get("status");
              assertThat(status instanceof Map<?, ?> m ? m.get("lastAppliedRevision") : null)
                  .isEqualTo("main@sha1:" + commit);
              JsonNode s = show(name);
              assertThat(s.at("/complianceState").asText())
                  .as(s.toPrettyString())
                  .isEqualTo("Compliant");
              assertThat(s.at("/sourceSyncedCommitId").asText()).isEqualTo("main/" + commit);
            });
  }

  @Override
  public void close() {
    if (agent != null) {
      agent.close();
    }
    open.close();
  }
}
