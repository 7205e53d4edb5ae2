package io.flotilla.bench.kube;

import io.flotilla.kube.EmbeddedKubeApi;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

/**
 * Heap per stored object: used heap after full GCs with 1,000 and 10,000 objects applied (so with
 * managedFields, as stored), minus the same server empty, divided by the count. Everything the
 * server keeps per object counts, including its watch history entries.
 */
final class HeapBench {
  static final double TARGET_BYTES = 2_048;

  private final Report report;

  HeapBench(Report report) {
    this.report = report;
  }

  void run(List<Workload> kinds) {
    for (Workload w : kinds) {
      report.measure("heap per object (" + w.kind + ")", () -> measure(w));
    }
  }

  private void measure(Workload w) throws Exception {
    try (EmbeddedKubeApi kube = Servers.start();
        Applier.Raw raw = new Applier.Raw(kube.url())) {
      Servers.createNamespace(kube);
      // One object through every code path first, so lazily built server state is in the baseline.
      AppliesBench.phase(raw, w, 1, 1, 1, Duration.ofSeconds(10), i -> "r0");
      raw.send("DELETE", w.path(Workload.name(0)), null, null);
      if (Servers.kubelet()) {
        awaitQuiet(raw);
      }
      long empty = usedHeapAfterGc();
      int have = 0;
      for (int count : List.of(1_000, AppliesBench.OBJECTS)) {
        applyRange(raw, w, have, count);
        have = count;
        if (Servers.kubelet()) {
          awaitQuiet(raw);
        }
        long used = usedHeapAfterGc();
        report.atMost(
            "heap per stored object (" + w.kind + ", " + Report.num(count) + " objects)",
            (double) (used - empty) / count,
            TARGET_BYTES,
            " B");
      }
    }
  }

  private static void applyRange(Applier.Raw raw, Workload w, int from, int to) throws Exception {
    for (int i = from; i < to; i++) {
      raw.apply(w, i, "r0");
    }
  }

  /**
   * Waits until the simulated control plane has stopped writing: the store's resourceVersion (read
   * from a one-item list) has not moved for a second.
   */
  private static void awaitQuiet(Applier.Raw raw) throws Exception {
    String last = "";
    long stableSince = System.nanoTime();
    while (System.nanoTime() - stableSince < 1_000_000_000L) {
      String body = raw.send("GET", "/api/v1/namespaces?limit=1", null, null).body();
      int at = body.indexOf("\"resourceVersion\":\"");
      String rv = body.substring(at, body.indexOf('"', at + 19));
      if (!rv.equals(last)) {
        last = rv;
        stableSince = System.nanoTime();
      }
      Thread.sleep(100);
    }
  }

  static long usedHeapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
