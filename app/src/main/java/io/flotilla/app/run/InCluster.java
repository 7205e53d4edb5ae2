package io.flotilla.app.run;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.app.ops.Leadership;
import io.flotilla.app.ops.LeaseHeld;
import io.flotilla.app.ops.LeaseSettings;
import io.flotilla.app.ops.OpsEndpoints;
import io.flotilla.app.ops.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How {@code flotilla controller} and {@code flotilla agent} run in a cluster: the metrics and
 * probe endpoints first, then the work, now or once this replica leads; until the JVM is stopped.
 */
final class InCluster {
  /** What a command runs: ready once its caches are synced. */
  interface Work extends AutoCloseable {
    boolean ready();

    /** {@code running}, ready when {@code ready} says so. */
    static Work of(AutoCloseable running, java.util.function.BooleanSupplier ready) {
      return new Work() {
        @Override
        public boolean ready() {
          return ready.getAsBoolean();
        }

        @Override
        public void close() throws Exception {
          running.close();
        }
      };
    }
  }

  private InCluster() {}

  static int run(
      String command,
      OpsFlags ops,
      KubernetesClient client,
      LeaseSettings lease,
      PrometheusMeterRegistry meters,
      Callable<Work> start)
      throws Exception {
    Readiness readiness = new Readiness();
    OpsEndpoints endpoints;
    try {
      endpoints = OpsEndpoints.start(ops.metricsAddr, ops.healthAddr, meters, readiness);
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("flotilla " + command + ": cannot serve metrics and probes: " + e);
      client.close();
      return 1;
    }
    AtomicReference<Work> current = new AtomicReference<>();
    Leadership leadership;
    try {
      leadership =
          Leadership.start(
              client,
              lease,
              meters,
              () -> {
                Work w = start.call();
                current.set(w);
                return w;
              },
              () -> {
                // as controller-runtime: a replica that lost its Lease exits, and is restarted
                System.err.println("flotilla " + command + ": leader election lost; exiting");
                System.exit(1);
              });
    } catch (LeaseHeld e) {
      System.err.println("flotilla " + command + ": " + e.getMessage());
      endpoints.close();
      client.close();
      return 1;
    }
    readiness.add(
        "informers",
        leadership.ready(
            () -> {
              Work w = current.get();
              return w != null && w.ready();
            }));
    System.out.println(
        "flotilla: "
            + command
            + " metrics at "
            + (endpoints.metricsUrl() == null ? "(off)" : endpoints.metricsUrl() + "/metrics")
            + ", probes at "
            + (endpoints.healthUrl() == null
                ? "(off)"
                : endpoints.healthUrl() + "/healthz and /readyz"));
    if (lease.enabled()) {
      System.out.println(
          "flotilla: "
              + command
              + " takes part in leader election for Lease "
              + lease.namespace()
              + "/"
              + lease.name()
              + " as "
              + lease.identity());
    }
    return Blocking.untilStopped(
        () -> {
          leadership.close();
          endpoints.close();
          client.close();
        });
  }
}
