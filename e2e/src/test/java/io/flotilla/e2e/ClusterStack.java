package io.flotilla.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.agent.Agent;
import io.flotilla.agent.AgentOptions;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.app.ops.KubeClients;
import io.flotilla.app.sample.GitHttpServer;
import io.flotilla.app.sample.SampleRepository;
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

/**
 * One cluster as {@code flotilla up} runs it, started piece by piece: an embedded API with the
 * CRDs, the configuration service, the controllers, the sample repository over Git HTTP and an
 * agent registered as {@code cluster}. Closing stops everything in reverse order.
 */
final class ClusterStack implements AutoCloseable {
  final Closer stack = new Closer();
  final KubernetesClient client;
  final ConfigurationServer server;
  final String repo;

  ClusterStack(Path dir, ClusterRef cluster, boolean multiTenancy) throws Exception {
    EmbeddedKubeApi kube = EmbeddedKubeApi.start(KubeApiOptions.defaults().withDataDir(dir));
    stack.push(kube);
    Path kubeconfig = dir.resolve("kubeconfig");
    kube.writeKubeconfig(kubeconfig);
    client = KubeClients.create(kubeconfig);
    stack.push(client);
    Crds.install(client);
    server =
        ConfigurationServer.start(
            ServerOptions.defaults().withPort(0).withDataDir(dir.resolve("service")));
    stack.push(server);
    RegisteredCluster registered = server.clusters().register(cluster, "local");
    stack.push(
        Controllers.start(
            client,
            ControllerOptions.defaults(dir.resolve("controllers")).withMultiTenancy(multiTenancy)));
    GitHttpServer git = GitHttpServer.start("127.0.0.1", 0);
    stack.push(git);
    repo = git.serve("sample", SampleRepository.ensure(dir.resolve("sample-repo")));
    String token = server.clusters().issueAgentToken(registered.clusterId());
    KubernetesClient agentClient = KubeClients.create(kubeconfig);
    stack.push(agentClient);
    stack.push(
        Agent.start(
            AgentOptions.of(URI.create(server.url()), registered.clusterId(), token)
                .withPollWait(Duration.ofSeconds(1))
                .withHeartbeatInterval(Duration.ofSeconds(1)),
            agentClient));
  }

  @Override
  public void close() {
    stack.close();
  }
}
