package io.flotilla.bench.flux;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.flotilla.api.flux.FluxResource;
import io.flotilla.api.flux.FluxStatus;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Crds;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/** What every scenario of this module does the same way. */
final class Bench {
  private Bench() {}

  interface IntTask {
    void run(int i) throws Exception;
  }

  /** Sends N requests from 8 threads: "all at once" as far as one client goes. */
  static void parallel(int n, IntTask task) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  task.run(index);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
  }

  /** A client of the embedded API with a bearer token; watches over HTTP as kubectl's. */
  static KubernetesClient client(String url, String token, String userAgent) {
    Config config = new ConfigBuilder().withMasterUrl(url).withOauthToken(token).build();
    config.setOnlyHttpWatches(true);
    if (userAgent != null) {
      config.setUserAgent(userAgent);
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // temp dir; the OS cleans up what is left
                }
              });
    } catch (IOException e) {
      // nothing to clean
    }
  }

  /**
   * Waits until {@code goal} holds for all {@code n} objects of the informer (woken by its events,
   * never polling the API), then says what it cost.
   */
  static <T extends HasMetadata> Scenario.Pass await(
      SharedIndexInformer<T> informer,
      StoreChanges<T> changes,
      int n,
      Predicate<T> goal,
      Function<T, String> describe,
      long t0,
      long cpu0,
      long apiCpu0,
      Duration timeout,
      ApiServer api,
      SimpleMeterRegistry meters,
      String kind,
      long reconcilesBefore,
      double secondsBefore)
      throws InterruptedException {
    long deadline = t0 + timeout.toNanos();
    int reached = 0;
    while (System.nanoTime() < deadline) {
      // read the version first: an event that lands while counting wakes the next wait at once
      long seen = changes.version();
      reached = (int) informer.getStore().list().stream().filter(goal).count();
      if (reached == n) {
        break;
      }
      changes.awaitAfter(seen, deadline);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    String stragglers =
        informer.getStore().list().stream()
            .filter(goal.negate())
            .limit(5)
            .map(o -> o.getMetadata().getName() + ": " + describe.apply(o))
            .reduce((a, b) -> a + "; " + b)
            .orElse("");
    return new Scenario.Pass(
        reached == n,
        took,
        reached,
        api.counts(),
        reconciles(meters, kind) - reconcilesBefore,
        reconcileSeconds(meters, kind) - secondsBefore,
        stragglers,
        Duration.ofNanos(processCpuNanos() - cpu0),
        apiCpu0 < 0 ? null : Duration.ofNanos(api.cpuNanos() - apiCpu0));
  }

  /**
   * CPU time of this process (every thread, the Go runtime of Helm's library included): on a
   * machine shared with other work, a steadier figure of cost than the wall time.
   */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Reconciles of {@code kind} finished so far, from gotk_reconcile_duration_seconds. */
  static long reconciles(SimpleMeterRegistry meters, String kind) {
    return meters.find("gotk_reconcile_duration").tag("kind", kind).summaries().stream()
        .mapToLong(DistributionSummary::count)
        .sum();
  }

  /** Seconds spent in reconciles of {@code kind} so far, summed over all of them. */
  static double reconcileSeconds(SimpleMeterRegistry meters, String kind) {
    // recorded in seconds, as Flux's histogram
    return meters.find("gotk_reconcile_duration").tag("kind", kind).summaries().stream()
        .mapToDouble(DistributionSummary::totalAmount)
        .sum();
  }

  /** The CRDs installed and the namespace {@link Scenario#NS} created, before any object. */
  static void prepare(KubernetesClient bench) {
    Crds.install(bench);
    bench
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(Scenario.NS).endMetadata().build())
        .create();
  }

  /** Creates a Flux source and waits until it has an artifact. */
  static void createSource(KubernetesClient bench, HasMetadata source, Duration timeout) {
    bench.resource(source).create();
    try {
      bench
          .genericKubernetesResources(source.getApiVersion(), source.getKind())
          .inNamespace(source.getMetadata().getNamespace())
          .withName(source.getMetadata().getName())
          .waitUntilCondition(
              s ->
                  s != null
                      && s.getAdditionalProperties().get("status") instanceof Map<?, ?> st
                      && st.get("artifact") != null,
              timeout.toMillis(),
              TimeUnit.MILLISECONDS);
    } catch (KubernetesClientTimeoutException e) {
      throw new IllegalStateException(
          "the " + source.getKind() + " got no artifact within " + timeout, e);
    }
  }

  /** The controllers' options: metrics into {@code meters}, the settings' concurrency if set. */
  static ControllerOptions controllerOptions(
      Path data, SimpleMeterRegistry meters, Scenario.Settings settings) {
    ControllerOptions options = ControllerOptions.defaults(data).withMeters(meters);
    return settings.concurrency() > 0 ? options.withConcurrency(settings.concurrency()) : options;
  }

  /** Ready=True among a Flux object's conditions (false while it has no status). */
  static boolean ready(FluxResource<?, ? extends FluxStatus> o) {
    List<Condition> conditions = conditions(o);
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> c.type().equals("Ready") && Condition.TRUE.equals(c.status()));
  }

  /** The Ready condition in a line, for objects that missed the goal. */
  static String readyMessage(FluxResource<?, ? extends FluxStatus> o) {
    List<Condition> conditions = conditions(o);
    if (conditions == null) {
      return "no status yet";
    }
    return conditions.stream()
        .filter(c -> c.type().equals("Ready"))
        .map(c -> c.status() + " " + c.reason() + ": " + c.message())
        .findFirst()
        .orElse("no Ready condition");
  }

  private static List<Condition> conditions(FluxResource<?, ? extends FluxStatus> o) {
    return o.getStatus() == null ? null : o.getStatus().conditions();
  }
}
