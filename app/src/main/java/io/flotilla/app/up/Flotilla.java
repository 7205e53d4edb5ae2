package io.flotilla.app.up;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.agent.Agent;
import io.flotilla.agent.AgentOptions;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.app.KubeClients;
import io.flotilla.app.sample.GitHttpServer;
import io.flotilla.app.sample.SampleCharts;
import io.flotilla.app.sample.SampleRepository;
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
import java.util.ArrayDeque;
import java.util.Deque;
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
  private String subscription;

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

  private void boot() throws IOException {
    Path data = options.dataDir().toAbsolutePath().normalize();
    Files.createDirectories(data);
    subscription = subscriptionId(data);
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
    } else {
      kubeconfig = options.kubeconfig().toAbsolutePath();
    }
    client = KubeClients.create(kubeconfig);
    stack.push(client);
    Crds.install(client);

    server =
        ConfigurationServer.start(
            ServerOptions.defaults().withPort(options.port()).withDataDir(data));
    stack.push(server);
    ClusterRef ref = clusterRef();
    RegisteredCluster cluster = server.clusters().register(ref, "local");
    String agentToken = server.clusters().issueAgentToken(cluster.clusterId());

    ControllerOptions engine =
        ControllerOptions.defaults(data.resolve("controllers"))
            .withRequeueDependency(options.requeueDependency())
            .withMultiTenancy(true);
    stack.push(Controllers.start(client, engine));
    stack.push(
        Agent.start(
            AgentOptions.of(URI.create(server.url()), cluster.clusterId(), agentToken)
                .withPollWait(options.agentPollWait()),
            client));

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

  /** A stable subscription id for this data dir, as ARM paths need one. */
  private static String subscriptionId(Path data) throws IOException {
    Path file = data.resolve("subscription");
    if (Files.exists(file)) {
      return Files.readString(file).trim();
    }
    String id = UUID.randomUUID().toString();
    Files.writeString(file, id + "\n");
    return id;
  }

  public ClusterRef clusterRef() {
    return new ClusterRef(
        subscription,
        options.resourceGroup(),
        "Microsoft.Kubernetes",
        "connectedClusters",
        options.clusterName());
  }

  public String serviceUrl() {
    return server.url();
  }

  public String adminToken() {
    return server.adminToken();
  }

  public String subscription() {
    return subscription;
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

  public Path sampleDir() {
    return options.dataDir().toAbsolutePath().normalize().resolve("sample-repo");
  }

  /** The tutorial's create command, ready to paste, for the sample repository. */
  public String sampleCreateCommand(String launcher) {
    return launcher
        + " k8s-configuration flux create -g "
        + options.resourceGroup()
        + " -c "
        + options.clusterName()
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
