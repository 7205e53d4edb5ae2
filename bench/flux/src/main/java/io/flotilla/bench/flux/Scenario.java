package io.flotilla.bench.flux;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.app.sample.GitHttpServer;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.controllers.Crds;
import io.flotilla.kube.EmbeddedKubeApi;
import io.flotilla.kube.KubeApiOptions;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.eclipse.jgit.lib.Repository;

/**
 * One run of Flux's benchmark for N Kustomizations, everything in this JVM: the embedded API with
 * RBAC on (the controllers use a {@code system:masters} token, as `flotilla up` does), the Git
 * smart-HTTP server with one repository of N apps, one GitRepository, the controllers.
 */
final class Scenario {
  static final String NS = "bench";

  /** What to vary between runs; see run.sh for the system properties. */
  record Settings(Duration timeout, int concurrency, Duration kubeletDelay) {}

  /** A pass: how long until every Kustomization satisfied the goal, and what it cost. */
  record Pass(
      boolean done,
      Duration took,
      int reached,
      Map<String, Long> requests,
      long reconciles,
      double reconcileSeconds,
      String stragglers) {
    long total() {
      return requests.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  record Result(int n, Pass first, Pass second, long peakUsed, long peakLive, long gcs) {}

  private Scenario() {}

  static Result run(int n, Settings settings) throws Exception {
    Path tmp = Files.createTempDirectory("flux-bench-");
    String token = UUID.randomUUID().toString();
    RequestCounter counter = new RequestCounter();
    try (EmbeddedKubeApi kube =
            EmbeddedKubeApi.start(
                KubeApiOptions.defaults()
                    .withKubeletDelay(settings.kubeletDelay())
                    .withUser(token, "bench-admin", "system:masters"));
        KubernetesClient bench = client(kube.url(), token, RequestCounter.BENCH_AGENT);
        KubernetesClient controllerClient = client(kube.url(), token, null);
        Repository repo = AppRepository.create(tmp.resolve("repo"), n);
        GitHttpServer git = GitHttpServer.start("127.0.0.1", 0)) {
      kube.onRequest(counter);
      Crds.install(bench);
      bench
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
          .create();
      String url = git.serve("bench", repo);
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      ControllerOptions options =
          ControllerOptions.defaults(tmp.resolve("data")).withMeters(meters);
      if (settings.concurrency() > 0) {
        options = options.withConcurrency(settings.concurrency());
      }
      try (Controllers controllers = Controllers.start(controllerClient, options)) {
        bench.resource(gitRepository(url)).create();
        waitForSource(bench, settings.timeout());

        SharedIndexInformer<Kustomization> informer =
            bench.resources(Kustomization.class).inNamespace(NS).inform();
        StoreChanges changes = new StoreChanges();
        informer.addEventHandler(changes);
        try {
          System.gc();
          counter.reset();
          long before = reconciles(meters);
          double seconds = reconcileSeconds(meters);
          Pass first;
          HeapMonitor heap = new HeapMonitor();
          try {
            long t0 = System.nanoTime();
            parallel(n, i -> bench.resource(kustomization(i)).create());
            first =
                await(
                    informer,
                    changes,
                    n,
                    ks -> ready(ks) && ks.getStatus().lastAppliedRevision() != null,
                    t0,
                    settings.timeout(),
                    counter,
                    meters,
                    before,
                    seconds);
          } finally {
            heap.close();
          }
          if (Boolean.getBoolean("bench.histogram")) {
            HeapMonitor.printHistogram(25); // what the heap holds with N Kustomizations applied
          }
          Pass second = null;
          if (first.done()) {
            counter.reset();
            before = reconciles(meters);
            seconds = reconcileSeconds(meters);
            String requestedAt = Instant.now().toString();
            long t0 = System.nanoTime();
            PatchContext merge = PatchContext.of(PatchType.JSON_MERGE);
            String patch =
                "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\""
                    + requestedAt
                    + "\"}}}";
            parallel(
                n,
                i ->
                    bench
                        .resources(Kustomization.class)
                        .inNamespace(NS)
                        .withName("app-" + i)
                        .patch(merge, patch));
            second =
                await(
                    informer,
                    changes,
                    n,
                    ks -> ready(ks) && requestedAt.equals(ks.getStatus().lastHandledReconcileAt()),
                    t0,
                    settings.timeout(),
                    counter,
                    meters,
                    before,
                    seconds);
          }
          return new Result(n, first, second, heap.peakUsed(), heap.peakLive(), heap.collections());
        } finally {
          informer.close();
        }
      }
    } finally {
      deleteQuietly(tmp);
    }
  }

  private static Pass await(
      SharedIndexInformer<Kustomization> informer,
      StoreChanges changes,
      int n,
      Predicate<Kustomization> goal,
      long t0,
      Duration timeout,
      RequestCounter counter,
      SimpleMeterRegistry meters,
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
            .map(ks -> ks.getMetadata().getName() + ": " + readyMessage(ks))
            .reduce((a, b) -> a + "; " + b)
            .orElse("");
    return new Pass(
        reached == n,
        took,
        reached,
        counter.snapshot(),
        reconciles(meters) - reconcilesBefore,
        reconcileSeconds(meters) - secondsBefore,
        stragglers);
  }

  private static boolean ready(Kustomization ks) {
    return ks.getStatus() != null
        && ks.getStatus().conditions() != null
        && ks.getStatus().conditions().stream()
            .anyMatch(c -> c.type().equals("Ready") && Condition.TRUE.equals(c.status()));
  }

  private static String readyMessage(Kustomization ks) {
    if (ks.getStatus() == null || ks.getStatus().conditions() == null) {
      return "no status yet";
    }
    return ks.getStatus().conditions().stream()
        .filter(c -> c.type().equals("Ready"))
        .map(c -> c.status() + " " + c.reason() + ": " + c.message())
        .findFirst()
        .orElse("no Ready condition");
  }

  /** Kustomization reconciles finished so far, from gotk_reconcile_duration_seconds. */
  private static long reconciles(SimpleMeterRegistry meters) {
    return meters.find("gotk_reconcile_duration").tag("kind", Kustomization.KIND).timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }

  /** Seconds spent in Kustomization reconciles so far, summed over all of them. */
  private static double reconcileSeconds(SimpleMeterRegistry meters) {
    return meters.find("gotk_reconcile_duration").tag("kind", Kustomization.KIND).timers().stream()
        .mapToDouble(t -> t.totalTime(java.util.concurrent.TimeUnit.SECONDS))
        .sum();
  }

  private static void waitForSource(KubernetesClient bench, Duration timeout) {
    try {
      bench
          .resources(GitRepository.class)
          .inNamespace(NS)
          .withName("bench")
          .waitUntilCondition(
              repo ->
                  repo != null && repo.getStatus() != null && repo.getStatus().artifact() != null,
              timeout.toMillis(),
              java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (io.fabric8.kubernetes.client.KubernetesClientTimeoutException e) {
      throw new IllegalStateException("the GitRepository got no artifact within " + timeout, e);
    }
  }

  /** Counts the informer's events, so a wait for a goal wakes on a change instead of polling. */
  private static final class StoreChanges
      implements io.fabric8.kubernetes.client.informers.ResourceEventHandler<Kustomization> {
    private long version;

    synchronized long version() {
      return version;
    }

    /** Returns once an event came after {@code seen}, or at {@code deadlineNanos}. */
    synchronized void awaitAfter(long seen, long deadlineNanos) throws InterruptedException {
      while (version == seen) {
        long ms = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
          return;
        }
        wait(ms);
      }
    }

    private synchronized void changed() {
      version++;
      notifyAll();
    }

    @Override
    public void onAdd(Kustomization ks) {
      changed();
    }

    @Override
    public void onUpdate(Kustomization old, Kustomization ks) {
      changed();
    }

    @Override
    public void onDelete(Kustomization ks, boolean unknown) {
      changed();
    }
  }

  private interface IntTask {
    void run(int i) throws Exception;
  }

  /** Sends N requests from 8 threads: "all at once" as far as one client goes. */
  private static void parallel(int n, IntTask task) throws Exception {
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

  static GitRepository gitRepository(String url) {
    return Serialization.unmarshal(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata:
          name: bench
          namespace: %s
        spec:
          interval: 60m
          url: %s
          ref:
            branch: main
        """
            .formatted(NS, url),
        GitRepository.class);
  }

  /** As Flux's benchmark: interval 60m, retry 2m, timeout 1m, prune and wait, one app each. */
  static Kustomization kustomization(int i) {
    return Serialization.unmarshal(
        """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: app-%1$d
          namespace: %2$s
        spec:
          interval: 60m
          retryInterval: 2m
          timeout: 1m
          path: ./apps/app-%1$d
          prune: true
          wait: true
          targetNamespace: %2$s
          sourceRef:
            kind: GitRepository
            name: bench
        """
            .formatted(i, NS),
        Kustomization.class);
  }

  private static KubernetesClient client(String url, String token, String userAgent) {
    Config config = new ConfigBuilder().withMasterUrl(url).withOauthToken(token).build();
    config.setOnlyHttpWatches(true);
    if (userAgent != null) {
      config.setUserAgent(userAgent);
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static void deleteQuietly(Path dir) {
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
}
