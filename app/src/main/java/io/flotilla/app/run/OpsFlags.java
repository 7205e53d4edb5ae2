package io.flotilla.app.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.app.ops.KubeClients;
import io.flotilla.app.ops.LeaseSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * What {@code flotilla controller} and {@code flotilla agent} share with Flux's controllers: the
 * cluster, metrics and probe addresses, and leader election with controller-runtime's timings.
 */
final class OpsFlags {
  /** Where a pod finds its own namespace. */
  static final Path POD_NAMESPACE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  @Option(
      names = "--kubeconfig",
      description = "Kubeconfig of the cluster (default: in-cluster, then ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--metrics-addr",
      defaultValue = ":8080",
      description =
          "Address /metrics (Prometheus text) is served on, as Flux's controllers; 0 turns it off"
              + " (default: ${DEFAULT-VALUE}).")
  String metricsAddr;

  @Option(
      names = "--health-addr",
      defaultValue = ":9440",
      description = "Address /healthz and /readyz are served on (default: ${DEFAULT-VALUE}).")
  String healthAddr;

  @Option(
      names = {"--leader-elect", "--enable-leader-election"},
      description =
          "Take a coordination.k8s.io Lease before working, so that of several replicas exactly"
              + " one works; the others stand by and take over when it goes.")
  boolean leaderElect;

  @Option(
      names = "--leader-election-namespace",
      description = "Namespace of the Lease (default: the pod's own namespace, else flux-system).")
  String leaseNamespace;

  @Option(
      names = "--leader-election-lease-duration",
      defaultValue = "15s",
      converter = GoDurationConverter.class,
      description =
          "How long standbys wait after the last renewal before taking over (default:"
              + " ${DEFAULT-VALUE}).")
  Duration leaseDuration;

  @Option(
      names = "--leader-election-renew-deadline",
      defaultValue = "10s",
      converter = GoDurationConverter.class,
      description =
          "How long the leader keeps trying to renew before it gives up and stops (default:"
              + " ${DEFAULT-VALUE}).")
  Duration renewDeadline;

  @Option(
      names = "--leader-election-retry-period",
      defaultValue = "2s",
      converter = GoDurationConverter.class,
      description = "How often to try to take or renew the Lease (default: ${DEFAULT-VALUE}).")
  Duration retryPeriod;

  /** A client of the cluster {@code --kubeconfig} names, else the one the process runs in. */
  KubernetesClient client() throws IOException {
    return KubeClients.create(kubeconfig);
  }

  /** The Lease of {@code base} ({@code flotilla-controller}), for the shard {@code selector}. */
  LeaseSettings lease(String base, String selector) {
    String host = System.getenv("HOSTNAME");
    String identity =
        (host == null || host.isBlank() ? "flotilla" : host) + "_" + UUID.randomUUID();
    return new LeaseSettings(
        leaderElect,
        leaseNamespace != null && !leaseNamespace.isBlank() ? leaseNamespace : podNamespace(),
        LeaseSettings.leaseName(base, selector),
        identity,
        leaseDuration,
        renewDeadline,
        retryPeriod);
  }

  private static String podNamespace() {
    try {
      if (Files.isReadable(POD_NAMESPACE)) {
        String ns = Files.readString(POD_NAMESPACE).strip();
        if (!ns.isEmpty()) {
          return ns;
        }
      }
    } catch (IOException e) {
      // not in a pod, or cannot tell: Flux's namespace
    }
    return "flux-system";
  }

  /** Go's duration text ({@code 15s}, {@code 1m30s}), as Flux's flags take it. */
  static final class GoDurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return GoDuration.parse(value);
    }
  }
}
