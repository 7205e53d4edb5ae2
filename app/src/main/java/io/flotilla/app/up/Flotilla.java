package io.flotilla.app.up;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.agent.Agent;
import io.flotilla.agent.AgentOptions;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.ConnectedCluster;
import io.flotilla.app.ops.KubeClients;
import io.flotilla.app.ops.ProcessMetrics;
import io.flotilla.app.sample.GitHttpServer;
import io.flotilla.app.sample.SampleCharts;
import io.flotilla.app.sample.SampleRepository;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.controllers.Crds;
import io.flotilla.controllers.notification.NotificationOptions;
import io.flotilla.kube.EmbeddedKubeApi;
import io.flotilla.kube.KubeApiOptions;
import io.flotilla.server.ConfigurationServer;
import io.flotilla.server.RegisteredCluster;
import io.flotilla.server.ServerOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Everything `flotilla up` runs in one JVM: the embedded Kubernetes API (or a real cluster), the
 * configuration service, a connected cluster, the controllers and the agent for it, and the sample
 * repository served over HTTP. Closing stops them in reverse order.
 */
public final class Flotilla implements AutoCloseable {
  private final Deque<AutoCloseable> stack = new ArrayDeque<>();
  private final UpOptions options;
  private Path kubeconfig;
  private KubernetesClient client;
  private ConfigurationServer server;
  private String sampleUrl;
  private String chartsUrl;
  private Controllers controllers;
  private DataDir dataDir;
  private ServedCluster served;

  private Flotilla(UpOptions options) {
    this.options = options;
  }

  public static Flotilla start(UpOptions options) throws IOException {
    Flotilla f = new Flotilla(options);
    try {
      f.boot();
      return f;
    } catch (IOException | RuntimeException e) {
      f.close();
      throw e;
    }
  }

  /**
   * Checks first, starts after: the data dir is locked before anything in it is written, and the
   * cluster to serve, the store and {@code --kubeconfig} are checked before anything runs.
   */
  private void boot() throws IOException {
    dataDir = DataDir.open(options.dataDir());
    stack.push(dataDir);
    Path data = dataDir.root();
    Optional<ServedCluster> remembered = ServedCluster.load(data);
    served =
        ServedCluster.choose(
            remembered,
            remembered.map(ServedCluster::subscription).orElseGet(() -> legacySubscription(data)),
            options.resourceGroup(),
            options.clusterName(),
            options.replaceCluster(),
            data);
    if (options.kubeconfig() != null) {
      ClusterReach.check(options.kubeconfig());
    }

    // one registry for everything this process runs, served at the service's /metrics
    var meters = ProcessMetrics.create();
    server =
        ConfigurationServer.start(
            ServerOptions.defaults().withPort(options.port()).withDataDir(data).withMeters(meters));
    stack.push(server);
    if (remembered.isEmpty()) {
      served = adoptRegistered(served, data);
    }
    served.save(data);
    dataDir.describe(
        "pid " + ProcessHandle.current().pid() + ", configuration service " + server.url());

    if (options.kubeconfig() == null) {
      // RBAC is enforced, as on a real cluster: the kubeconfig's admin (system:masters) runs the
      // agent and controllers; Kustomizations act as their namespace's flux-applier.
      EmbeddedKubeApi kube =
          EmbeddedKubeApi.start(
              KubeApiOptions.defaults()
                  .withDataDir(data)
                  .withTls(true)
                  .withUser(kubeAdminToken(data), "flotilla-admin", "system:masters"));
      stack.push(kube);
      kubeconfig = data.resolve("kubeconfig");
      kube.writeKubeconfig(kubeconfig);
      dataDir.restrictPermissions();
    } else {
      kubeconfig = options.kubeconfig().toAbsolutePath();
    }
    client = KubeClients.create(kubeconfig);
    stack.push(client);
    Crds.install(client);
    // the served cluster is also the management cluster of GitopsClusters (seed 000's WGE role)
    io.flotilla.api.FluxCrds.apply(client, io.flotilla.api.gitops.GitopsCluster.CRD_NAME);
    server.watchGitopsClusters(
        io.flotilla.server.gitops.GitopsClusters.watch(
            io.flotilla.server.gitops.GitopsOptions.of(
                client.getConfiguration(), served.subscription())));

    ClusterRef ref = clusterRef();
    RegisteredCluster cluster = server.clusters().register(ref, "local");
    String agentToken = server.clusters().issueAgentToken(cluster.clusterId());

    int artifactPort =
        options.artifactPort() >= 0
            ? options.artifactPort()
            : served.artifactPort() > 0 ? served.artifactPort() : options.defaultArtifactPort();
    ControllerOptions engine =
        ControllerOptions.defaults(data.resolve("controllers"))
            .withArtifactPort(artifactPort)
            .withRequeueDependency(options.requeueDependency())
            .withMultiTenancy(true)
            .withMeters(meters);
    // the notification receiver on its own loopback port: the service port + 3 (any when 0)
    controllers =
        Controllers.start(
            client,
            engine,
            NotificationOptions.defaults()
                .withReceiver("127.0.0.1", options.port() == 0 ? 0 : options.port() + 3));
    stack.push(controllers);
    server.addReadinessCheck("controllers", controllers::ready);
    int bound = URI.create(controllers.artifactBaseUrl()).getPort();
    if (bound != served.artifactPort()) {
      // artifact URLs stored in the cluster name this port: the next start binds it again
      served = served.withArtifactPort(bound);
      served.save(data);
    }
    Agent agent =
        Agent.start(
            AgentOptions.of(URI.create(server.url()), cluster.clusterId(), agentToken)
                .withPollWait(options.agentPollWait()),
            client);
    stack.push(agent);
    server.addReadinessCheck("agent", agent::ready);

    GitHttpServer git = GitHttpServer.start("127.0.0.1", options.effectiveGitPort());
    stack.push(git);
    chartsUrl = git.baseUrl() + "/charts";
    git.route("/charts/", SampleCharts.bundled().handler(chartsUrl));
    // the sample's Helm part only where the cluster serves the Helm kinds and a helm-controller
    // runs, so that the sample stays Compliant on an engine (or a real cluster) without one
    sampleUrl =
        git.serve(
            "sample",
            SampleRepository.ensure(
                data.resolve("sample-repo"),
                engine.helmReleases() != null && SampleRepository.helmAvailable(client)
                    ? chartsUrl
                    : null));
  }

  /**
   * A data dir from before {@code up.json}: the cluster its store already holds is the one it
   * served, when there is exactly one.
   */
  private ServedCluster adoptRegistered(ServedCluster chosen, Path data) {
    List<ConnectedCluster> registered = server.clusters().list(chosen.subscription(), null);
    if (registered.size() != 1) {
      return chosen;
    }
    String[] id = registered.get(0).id().split("/");
    ServedCluster was =
        new ServedCluster(chosen.subscription(), id[4], id[id.length - 1], ServedCluster.NO_PORT);
    return ServedCluster.choose(
        Optional.of(was),
        was.subscription(),
        options.resourceGroup(),
        options.clusterName(),
        options.replaceCluster(),
        data);
  }

  /** The embedded API's admin token, created once per data dir with mode 0600. */
  private static String kubeAdminToken(Path data) throws IOException {
    Path file = data.resolve("kube").resolve("admin-token");
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    Files.createDirectories(file.getParent());
    byte[] random = new byte[32];
    new java.security.SecureRandom().nextBytes(random);
    String token = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    Files.writeString(file, token + "\n");
    Files.setPosixFilePermissions(
        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    return token;
  }

  /**
   * The subscription of a data dir from before {@code up.json} ({@code <data-dir>/subscription}),
   * or a new one.
   */
  private static String legacySubscription(Path data) {
    Path file = data.resolve("subscription");
    try {
      return Files.isRegularFile(file)
          ? Files.readString(file).trim()
          : UUID.randomUUID().toString();
    } catch (IOException e) {
      throw new StartRefused("cannot read " + file + " (" + e.getMessage() + ")", e);
    }
  }

  public ClusterRef clusterRef() {
    return new ClusterRef(
        served.subscription(),
        served.resourceGroup(),
        "Microsoft.Kubernetes",
        "connectedClusters",
        served.clusterName());
  }

  public String serviceUrl() {
    return server.url();
  }

  public String adminToken() {
    return server.adminToken();
  }

  public String subscription() {
    return served.subscription();
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public KubernetesClient client() {
    return client;
  }

  public String sampleUrl() {
    return sampleUrl;
  }

  /** The Helm chart repository `up` serves its sample charts from (nothing is downloaded). */
  public String chartsUrl() {
    return chartsUrl;
  }

  /**
   * Where webhooks reach Receivers ({@code <url>/hook/…}); null when notification-controller is
   * off.
   */
  public String receiverUrl() {
    return controllers == null ? null : controllers.receiverBaseUrl();
  }

  public Path sampleDir() {
    return dataDir.resolve("sample-repo");
  }

  /** The data dir, absolute. */
  public Path dataDir() {
    return dataDir.root();
  }

  /** The tutorial's create command, ready to paste, for the sample repository. */
  public String sampleCreateCommand(String launcher) {
    return launcher
        + " k8s-configuration flux create -g "
        + served.resourceGroup()
        + " -c "
        + served.clusterName()
        + " -n cluster-config --namespace cluster-config -t connectedClusters --scope cluster"
        + " -u "
        + sampleUrl
        + " --branch main"
        + " --kustomization name=infra path=./infrastructure prune=true"
        + " --kustomization name=apps path=./apps/staging prune=true dependsOn=\\[\"infra\"\\]";
  }

  @Override
  public void close() {
    while (!stack.isEmpty()) {
      try {
        stack.pop().close();
      } catch (Exception e) {
        // keep closing the rest; a half-stopped process is worse than a noisy one
        System.err.println("flotilla: error while stopping: " + e.getMessage());
      }
    }
  }
}
