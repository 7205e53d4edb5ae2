package io.flotilla.bench.kube;

import io.flotilla.kube.EmbeddedKubeApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/**
 * Server-side applies per second: for each kind, client and thread count a fresh server gets {@link
 * #OBJECTS} new objects (create), then the same objects again (unchanged), then with a new revision
 * (changed). Re-apply phases stop early at {@link #REAPPLY_CAP} so the run stays short.
 */
final class AppliesBench {
  static final int OBJECTS = 10_000;
  static final double TARGET = 2_000;
  static final Duration CREATE_CAP = Duration.ofSeconds(30);
  static final Duration REAPPLY_CAP = Duration.ofSeconds(6);

  private final Report report;

  AppliesBench(Report report) {
    this.report = report;
  }

  void run(List<Workload> kinds, List<String> clients, List<Integer> threadCounts) {
    warmUp();
    for (Workload w : kinds) {
      for (int threads : threadCounts) {
        Map<String, Double> raw = new HashMap<>();
        for (String client : clients) {
          String what =
              w.kind + ", " + client + ", " + threads + (threads == 1 ? " thread" : " threads");
          report.measure("applies/s (" + what + ")", () -> measure(w, client, threads, what, raw));
        }
      }
    }
  }

  /** Lets the JIT compile both paths before anything is reported. */
  private void warmUp() {
    try (EmbeddedKubeApi kube = Servers.start()) {
      Servers.createNamespace(kube);
      for (String client : List.of("raw", "fabric8")) {
        try (Applier a = Applier.of(client, kube.url())) {
          for (Workload w : Workload.values()) {
            phase(a, w, 4, 3_000, 3_000, Duration.ofSeconds(10), i -> "r" + (i % 3));
          }
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("warm-up failed", e);
    }
  }

  private void measure(Workload w, String client, int threads, String what, Map<String, Double> raw)
      throws Exception {
    try (EmbeddedKubeApi kube = Servers.start();
        Applier a = Applier.of(client, kube.url())) {
      Servers.createNamespace(kube);
      Phase create = phase(a, w, threads, OBJECTS, OBJECTS, CREATE_CAP, i -> "r0");
      print(what, "create", create, threads, client, raw);
      int stored = create.done();
      Phase same = phase(a, w, threads, stored, OBJECTS, REAPPLY_CAP, i -> "r0");
      print(what, "unchanged", same, threads, client, raw);
      // Every op of the changed phase gets a revision the object has not had.
      Phase changed =
          phase(a, w, threads, stored, OBJECTS, REAPPLY_CAP, i -> "r" + (1 + i / stored));
      print(what, "changed", changed, threads, client, raw);
    }
  }

  /**
   * The target is the server's: judged on the raw client with several threads in flight. One thread
   * measures round trips, and fabric8 shares the two cores with the server, so those lines are
   * printed as they are (fabric8 with its ratio to raw).
   */
  private void print(
      String what, String phase, Phase p, int threads, String client, Map<String, Double> raw) {
    String label = "applies/s (" + what + ", " + phase + ")";
    double rate = p.rate();
    if (client.equals("raw")) {
      raw.put(phase, rate);
      if (threads > 1) {
        report.atLeast(label, rate, TARGET, "");
      } else {
        report.info(label, Report.num(rate) + " (one request at a time: round-trip bound)");
      }
    } else {
      Double peer = raw.get(phase);
      report.info(
          label,
          Report.num(rate)
              + (peer == null ? "" : String.format(Locale.ROOT, " (%.2f× raw)", rate / peer)));
    }
  }

  record Phase(int done, long nanos) {
    double rate() {
      return done * 1e9 / nanos;
    }
  }

  /**
   * Applies {@code ops} times over objects {@code 0..objects-1} (cycling) from {@code threads}
   * threads, stopping at {@code cap}; op {@code n} gets {@code revision.apply(n)}.
   */
  static Phase phase(
      Applier a,
      Workload w,
      int threads,
      int objects,
      int ops,
      Duration cap,
      IntFunction<String> revision)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    AtomicReference<Exception> error = new AtomicReference<>();
    long start = System.nanoTime();
    long deadline = start + cap.toNanos();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          Thread.ofPlatform()
              .name("bench-" + t)
              .start(
                  () -> {
                    int n;
                    while (error.get() == null
                        && System.nanoTime() < deadline
                        && (n = next.getAndIncrement()) < ops) {
                      try {
                        a.apply(w, n % objects, revision.apply(n));
                        done.incrementAndGet();
                      } catch (Exception e) {
                        error.compareAndSet(null, e);
                      }
                    }
                  }));
    }
    for (Thread t : workers) {
      t.join();
    }
    long nanos = System.nanoTime() - start;
    if (error.get() != null) {
      throw error.get();
    }
    return new Phase(done.get(), nanos);
  }
}
