package io.flotilla.bench.kube;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark of the embedded Kubernetes API over real HTTP on 127.0.0.1: server-side applies per
 * second, watch fan-out, heap per stored object and protobuf against JSON reads, each printed
 * against its target.
 *
 * <p>Arguments choose sections ({@code heap}, {@code applies}, {@code watch}, {@code reads}); none
 * means all. System properties narrow the matrix for profiling: {@code -Dbench.kinds=Deployment},
 * {@code -Dbench.clients=raw}, {@code -Dbench.threads=4}, {@code -Dbench.watchers=100}.
 */
public final class KubeBench {
  private KubeBench() {}

  private static List<String> strings(String property, String dflt) {
    return Arrays.stream(System.getProperty(property, dflt).split(",")).map(String::trim).toList();
  }

  private static List<Integer> ints(String property, String dflt) {
    return strings(property, dflt).stream().map(Integer::valueOf).toList();
  }

  private static List<Workload> kinds() {
    List<String> names = strings("bench.kinds", "ConfigMap,Deployment");
    return Arrays.stream(Workload.values()).filter(w -> names.contains(w.kind)).toList();
  }

  public static void main(String[] args) {
    List<String> sections =
        args.length == 0 ? List.of("heap", "applies", "watch", "reads") : Arrays.asList(args);
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        "embedded Kubernetes API benchmark: %d CPUs, Java %s, max heap %d MB%n",
        rt.availableProcessors(), Runtime.version(), rt.maxMemory() >> 20);
    Report report = new Report();
    long start = System.nanoTime();
    List<String> unknown = new ArrayList<>(sections);
    if (sections.contains("heap")) {
      Report.section("heap per stored object (after GC, minus an empty server)");
      new HeapBench(report).run(kinds());
    }
    if (sections.contains("applies")) {
      Report.section(
          "server-side applies/s over HTTP ("
              + AppliesBench.OBJECTS
              + " objects: create, re-apply unchanged, re-apply changed)");
      new AppliesBench(report)
          .run(kinds(), strings("bench.clients", "raw,fabric8"), ints("bench.threads", "1,4,16"));
    }
    if (sections.contains("watch")) {
      Report.section("watch fan-out (" + AppliesBench.OBJECTS + " stored ConfigMaps)");
      new WatchBench(report).run(ints("bench.watchers", "1,10,100"));
    }
    if (sections.contains("reads")) {
      Report.section(
          "protobuf vs JSON reads (" + ReadsBench.OBJECTS + " ConfigMaps, lists and gets)");
      new ReadsBench(report).run();
    }
    unknown.removeAll(List.of("heap", "applies", "watch", "reads"));
    if (!unknown.isEmpty()) {
      System.out.println("unknown sections ignored: " + unknown);
    }
    System.out.printf(
        "%nfinished in %.0f s; %d figure(s) missed their target%n",
        (System.nanoTime() - start) / 1e9, report.misses());
    System.exit(report.misses() == 0 ? 0 : 1);
  }
}
