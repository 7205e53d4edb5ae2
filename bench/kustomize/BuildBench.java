import io.flotilla.kustomize.KustomizeException;
import io.flotilla.kustomize.KustomizeOptions;
import io.flotilla.kustomize.Kustomizer;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The Java API side of bench/kustomize/run.sh, until {@code flotilla kustomize build} exists.
 *
 * <pre>
 *   BuildBench build ROOT DIR          print the build to stdout (whole-process timing)
 *   BuildBench warm ROOT DIR RUNS      build RUNS times in one JVM, print timings and peak heap
 * </pre>
 */
public final class BuildBench {
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: BuildBench build ROOT DIR | warm ROOT DIR RUNS");
      System.exit(2);
    }
    Path root = Path.of(args[1]);
    Path dir = Path.of(args[2]);
    Kustomizer k =
        Kustomizer.create(KustomizeOptions.defaults().withGenerateKustomization(false));
    try {
      if (args[0].equals("build")) {
        String yaml = k.buildYaml(root, dir);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        out.print(yaml);
        out.flush();
        return;
      }
      int runs = Integer.parseInt(args[3]);
      long t0 = System.nanoTime();
      int bytes = k.buildYaml(root, dir).length();
      double first = (System.nanoTime() - t0) / 1e6;
      // CPU time as well as wall time: on a shared machine the wall clock includes waiting for a core
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      double[] ms = new double[runs];
      double[] cpu = new double[runs];
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        long c = threads.getCurrentThreadCpuTime();
        k.buildYaml(root, dir);
        cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
      Arrays.sort(ms);
      Arrays.sort(cpu);
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.printf(
          "first_ms=%.1f median_ms=%.1f min_ms=%.1f cpu_median_ms=%.1f peak_heap_mb=%.1f"
              + " output_chars=%d%n",
          first, ms[runs / 2], ms[0], cpu[runs / 2], peak / 1048576.0, bytes);
    } catch (KustomizeException e) {
      System.err.println("Error: " + e.getMessage());
      System.exit(1);
    }
  }
}
