package io.flotilla.bench.flux;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flux's MTTP benchmark on the embedded stack: N Kustomizations (or, with {@code --helm}, N
 * HelmReleases) created at once, time until all are Ready, peak heap, and Kubernetes API requests
 * per reconcile; then a reconcile of all N without a change. Prints a table beside Flux v2.9's
 * published figures and the issue's target.
 *
 * <p>Usage: {@code FluxBench [--helm] [N...]} (default 100 500 1000). Exit code 1 when a run fails
 * or misses a target.
 */
public final class FluxBench {
  /** What is benchmarked: Flux v2.9's figures (fluxcd/flux-benchmark RESULTS.md) and our run. */
  private enum Kind {
    KUSTOMIZATION(
        "Kustomization",
        "issue 6",
        Map.of(100, "26s / 134 MiB", 500, "2m0s / 183 MiB", 1000, "4m13s / 223 MiB")),
    HELM_RELEASE(
        "HelmRelease",
        "issue 12",
        Map.of(100, "26s / 286 MiB", 500, "2m14s / 306 MiB", 1000, "4m39s / 361 MiB"));

    final String name;
    final String issue;
    final Map<Integer, String> flux29;

    Kind(String name, String issue, Map<Integer, String> flux29) {
      this.name = name;
      this.issue = issue;
      this.flux29 = flux29;
    }

    Scenario.Result run(int n, Scenario.Settings settings) throws Exception {
      return this == KUSTOMIZATION ? Scenario.run(n, settings) : HelmScenario.run(n, settings);
    }
  }

  private static final Duration TARGET_1000 = Duration.ofSeconds(60);
  private static final long TARGET_HEAP = 256L << 20;

  private FluxBench() {}

  public static void main(String[] args) throws Exception {
    List<Integer> ns = new ArrayList<>();
    Kind kind = Kind.KUSTOMIZATION;
    for (String a : args) {
      if (a.equals("--helm")) {
        kind = Kind.HELM_RELEASE;
      } else {
        ns.add(Integer.parseInt(a));
      }
    }
    if (ns.isEmpty()) {
      ns = List.of(100, 500, 1000);
    }
    Scenario.Settings settings =
        new Scenario.Settings(
            Duration.ofSeconds(Long.getLong("bench.timeout", 300)),
            Integer.getInteger("bench.concurrency", 0),
            Duration.ofMillis(Long.getLong("bench.kubeletDelayMs", 0)));
    var os = ManagementFactory.getOperatingSystemMXBean();
    System.out.printf(
        Locale.ROOT,
        "flux benchmark: %d CPUs, -Xmx %s, Java %s, load average %.2f; RBAC on; timeout %ss per"
            + " pass%n",
        os.getAvailableProcessors(),
        mib(Runtime.getRuntime().maxMemory()),
        System.getProperty("java.version"),
        os.getSystemLoadAverage(),
        settings.timeout().toSeconds());

    List<Scenario.Result> results = new ArrayList<>();
    boolean ok = true;
    for (int n : ns) {
      System.out.printf(Locale.ROOT, "%n== N = %d (load average %.2f)%n", n, load());
      Scenario.Result r = kind.run(n, settings);
      results.add(r);
      ok &= print(kind, r);
    }

    System.out.printf(Locale.ROOT, "%n== Summary (load average at the end %.2f)%n", load());
    System.out.printf(
        Locale.ROOT,
        "%-6s | %-16s | %-22s | %-10s | %-14s | %-14s%n",
        "N",
        "Flux v2.9",
        "Flotilla: time / heap",
        "after a GC",
        "req/" + (kind == Kind.KUSTOMIZATION ? "KS" : "HR") + " (/rec.)",
        "no-change pass");
    for (Scenario.Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "%-6d | %-16s | %-22s | %-10s | %-14s | %-14s%n",
          r.n(),
          kind.flux29.getOrDefault(r.n(), "-"),
          (r.first().done() ? go(r.first().took()) : "FAILED") + " / " + mib(r.peakUsed()),
          r.peakLive() < 0 ? "-" : mib(r.peakLive()),
          perKs(r.first(), r.n()) + " (" + perReconcile(r.first()) + ")",
          r.second() == null
              ? "-"
              : go(r.second().took()) + ", " + perKs(r.second(), r.n()) + " req each");
    }
    System.out.println(
        "Target ("
            + kind.issue
            + "): 1000 "
            + kind.name
            + "s in ≤ 60s with ≤ 256 MiB heap; fewer requests per reconcile than Flux (one"
            + " dry-run per object, no write when unchanged).");
    System.out.println(ok ? "all targets met" : "a run failed or missed its target");
    System.exit(ok ? 0 : 1);
  }

  private static boolean print(Kind kind, Scenario.Result r) {
    boolean ok = true;
    Scenario.Pass first = r.first();
    System.out.printf(
        Locale.ROOT,
        "create %d %ss -> all Ready: %s%s (%d reconciles)%n",
        r.n(),
        kind.name,
        go(first.took()),
        first.done() ? "" : " FAILED: " + first.reached() + " ready; e.g. " + first.stragglers(),
        first.reconciles());
    ok &= first.done();
    System.out.printf(
        Locale.ROOT,
        "CPU time: controllers %.1f s (%.0f ms per %s)%s%n",
        first.cpu().toMillis() / 1000.0,
        first.cpu().toMillis() / (double) r.n(),
        kind.name,
        first.apiCpu() == null
            ? ", the API in the same JVM"
            : String.format(
                Locale.ROOT,
                "; API process %.1f s (%.0f ms per %s)",
                first.apiCpu().toMillis() / 1000.0,
                first.apiCpu().toMillis() / (double) r.n(),
                kind.name));
    System.out.printf(
        Locale.ROOT,
        "peak heap: %s in use (sampled), %s highest after a collection, %d collections, -Xmx %s%n",
        mib(r.peakUsed()),
        r.peakLive() < 0 ? "-" : mib(r.peakLive()),
        r.gcs(),
        mib(Runtime.getRuntime().maxMemory()));
    printRequests(first, r.n());
    if (r.n() == 1000 && first.done() && first.took().compareTo(TARGET_1000) > 0) {
      System.out.println("ABOVE TARGET: 1000 " + kind.name + "s took longer than 60s");
      ok = false;
    }
    if (r.peakUsed() > TARGET_HEAP) {
      System.out.println("ABOVE TARGET: heap above 256 MiB");
      ok = false;
    }
    Scenario.Pass second = r.second();
    if (second != null) {
      System.out.printf(
          Locale.ROOT,
          "reconcile all %d without a change -> all handled: %s%s (%d reconciles)%n",
          r.n(),
          go(second.took()),
          second.done()
              ? ""
              : " FAILED: " + second.reached() + " done; e.g. " + second.stragglers(),
          second.reconciles());
      ok &= second.done();
      printRequests(second, r.n());
      if (kind == Kind.HELM_RELEASE) {
        Map<String, Long> writes = HelmScenario.writes(second);
        System.out.println(
            writes.isEmpty()
                ? "  no-change pass wrote nothing but statuses and events"
                : "  NO-CHANGE PASS WROTE: " + writes);
        ok &= writes.isEmpty();
      }
    }
    return ok;
  }

  private static void printRequests(Scenario.Pass pass, int n) {
    long reconciles = Math.max(1, pass.reconciles());
    System.out.printf(
        Locale.ROOT,
        "  reconcile took %.0f ms on average; API requests: %d in all, %s per reconcile, %.1f per"
            + " object benchmarked%n",
        pass.reconcileSeconds() * 1000 / reconciles,
        pass.total(),
        perReconcile(pass),
        pass.total() / (double) n);
    RequestCounter.byVerb(pass.requests())
        .forEach(
            (verb, count) ->
                System.out.printf(
                    Locale.ROOT,
                    "    %-24s %8d  %6.2f/reconcile%n",
                    verb,
                    count,
                    count / (double) reconciles));
    System.out.println("  by resource:");
    pass.requests()
        .forEach(
            (key, count) ->
                System.out.printf(
                    Locale.ROOT,
                    "    %-48s %8d  %6.2f/reconcile%n",
                    key,
                    count,
                    count / (double) reconciles));
  }

  private static String perReconcile(Scenario.Pass pass) {
    return String.format(
        Locale.ROOT, "%.1f", pass.total() / (double) Math.max(1, pass.reconciles()));
  }

  private static String perKs(Scenario.Pass pass, int n) {
    return String.format(Locale.ROOT, "%.1f", pass.total() / (double) n);
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
  }

  /** Go's duration style, as Flux's results show it: 4m13s, 26s, 1.5s. */
  static String go(Duration d) {
    long ms = d.toMillis();
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    return (ms / 60_000) + "m" + ((ms % 60_000) / 1000) + "s";
  }
}
