package io.flotilla.bench.flux;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.app.sample.GitHttpServer;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.lib.Repository;

/**
 * One run of Flux's benchmark for N Kustomizations in a {@link Frame}: the Git smart-HTTP server
 * with one repository of N apps, one GitRepository, the controllers.
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
      String stragglers,
      Duration cpu,
      Duration apiCpu) {
    long total() {
      return requests.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  record Result(int n, Pass first, Pass second, long peakUsed, long peakLive, long gcs) {}

  private Scenario() {}

  static Result run(int n, Settings settings) throws Exception {
    return Frame.run(
        "flux-bench-",
        settings,
        frame -> {
          try (Repository repo = AppRepository.create(frame.tmp().resolve("repo"), n);
              GitHttpServer git = GitHttpServer.start("127.0.0.1", 0)) {
            return frame.measure(
                gitRepository(git.serve("bench", repo)),
                n,
                new Passes.Target<>(
                    Kustomization.KIND,
                    Kustomization.class,
                    Scenario::kustomization,
                    ks -> ks.getStatus().lastAppliedRevision() != null));
          }
        });
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
}
