package io.flotilla.app.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.app.ops.ProcessMetrics;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.controllers.Crds;
import io.flotilla.controllers.notification.NotificationOptions;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code flotilla controller}: the source, kustomize, helm, notification and FluxConfig controllers
 * for one cluster.
 */
@Command(
    name = "controller",
    mixinStandardHelpOptions = true,
    description = "Run the Flux-compatible controllers.")
public final class ControllerCommand implements Callable<Integer> {
  @Option(
      names = "--data-dir",
      defaultValue = "/data",
      description = "Artifact storage and scratch space (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--artifact-port",
      defaultValue = "9090",
      description =
          "Port of the artifact server, as Flux's source-controller --storage-addr; a fixed port"
              + " keeps artifact URLs stored in the cluster valid across restarts (default:"
              + " ${DEFAULT-VALUE}).")
  int artifactPort;

  @Option(
      names = "--receiverAddr",
      defaultValue = ":9292",
      description =
          "Address of notification-controller's webhook receiver, as Flux's --receiverAddr"
              + " ([host]:port; default: ${DEFAULT-VALUE}).")
  String receiverAddr;

  @Option(
      names = "--install-crds",
      defaultValue = "true",
      negatable = true,
      description = "Install the CRDs first (default: ${DEFAULT-VALUE}).")
  boolean installCrds;

  @Option(
      names = "--multi-tenancy-enforce",
      defaultValue = "true",
      arity = "1",
      description =
          "Kustomizations act as flux-applier and may not read other namespaces' sources, as Azure's multiTenancy.enforce (default: ${DEFAULT-VALUE}).")
  boolean multiTenancy;

  @Option(
      names = "--watch-label-selector",
      description =
          "Watch only the objects that match this label selector, as Flux shards: e.g."
              + " sharding.fluxcd.io/key=shard1 on a shard, !sharding.fluxcd.io/key on the main"
              + " instance (default: all objects).")
  String watchLabelSelector;

  @Mixin OpsFlags ops;

  @Override
  public Integer call() throws Exception {
    int colon = receiverAddr.lastIndexOf(':');
    int receiverPort;
    try {
      receiverPort = Integer.parseInt(receiverAddr.substring(colon + 1));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      System.err.println(
          "flotilla controller: invalid --receiverAddr '"
              + receiverAddr
              + "': expected [host]:port, e.g. :9292");
      return 2;
    }
    String receiverHost = colon <= 0 ? "0.0.0.0" : receiverAddr.substring(0, colon);
    PrometheusMeterRegistry meters = ProcessMetrics.create();
    KubernetesClient client = ops.client();
    ControllerOptions options =
        ControllerOptions.defaults(dataDir)
            .withArtifactPort(artifactPort)
            .withMultiTenancy(multiTenancy)
            .withMeters(meters)
            .withWatchLabelSelector(watchLabelSelector);
    return InCluster.run(
        "controller",
        ops,
        client,
        ops.lease("flotilla-controller", watchLabelSelector),
        meters,
        () -> {
          if (installCrds) {
            Crds.install(client);
          }
          Controllers controllers =
              Controllers.start(
                  client,
                  options,
                  NotificationOptions.defaults().withReceiver(receiverHost, receiverPort));
          System.out.println(
              "flotilla: controllers running; artifacts served at "
                  + controllers.artifactBaseUrl()
                  + (controllers.receiverBaseUrl() == null
                      ? ""
                      : "; notification receiver at " + controllers.receiverBaseUrl()));
          return InCluster.Work.of(controllers, controllers::ready);
        });
  }
}
