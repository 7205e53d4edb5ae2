package io.flotilla.app.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.agent.Agent;
import io.flotilla.agent.AgentOptions;
import io.flotilla.app.ops.ProcessMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code flotilla agent}: the cluster agent, in a cluster beside the controllers. */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "Run the cluster agent.")
public final class AgentCommand implements Callable<Integer> {
  @Option(names = "--server", required = true, description = "URL of the configuration service.")
  URI server;

  @Option(
      names = "--cluster-id",
      required = true,
      description = "This cluster's id in the service.")
  String clusterId;

  @Option(
      names = "--token-file",
      required = true,
      description = "File holding this cluster's agent token.")
  Path tokenFile;

  @Option(
      names = "--ca-file",
      defaultValue = "${env:FLOTILLA_CA_FILE}",
      description =
          "PEM bundle of the CAs that signed the service's certificate (default:"
              + " $FLOTILLA_CA_FILE, else the JDK's trust store).")
  Path caFile;

  @Mixin OpsFlags ops;

  @Override
  public Integer call() throws Exception {
    String token = Files.readString(tokenFile).trim();
    PrometheusMeterRegistry meters = ProcessMetrics.create();
    KubernetesClient client = ops.client();
    return InCluster.run(
        "agent",
        ops,
        client,
        ops.lease("flotilla-agent", null),
        meters,
        () -> {
          Agent agent =
              Agent.start(AgentOptions.of(server, clusterId, token).withCaFile(caFile), client);
          System.out.println("flotilla: agent for cluster " + clusterId + " polling " + server);
          return InCluster.Work.of(agent, agent::ready);
        });
  }
}
