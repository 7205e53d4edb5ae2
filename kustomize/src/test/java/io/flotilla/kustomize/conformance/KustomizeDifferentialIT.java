package io.flotilla.kustomize.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flotilla.kustomize.KustomizeException;
import io.flotilla.kustomize.KustomizeOptions;
import io.flotilla.kustomize.Kustomizer;
import io.flotilla.kustomize.helm.HelmShim;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds randomized overlays with both the real kustomize ({@code kubectl kustomize}) and ours and
 * compares the output byte for byte. Runs only where {@code kubectl} is on PATH.
 *
 * <p>The grammar's features come from {@code conformance/differential-features.txt} (those the
 * implementation claims); override with {@code -Dflotilla.kustomize.differential.features=a,b} or
 * {@code =all}. {@code -Dflotilla.kustomize.differential.seed=N} (or {@code =random}) and {@code
 * .count=N} choose the overlays; a failure prints each differing overlay's seed, features and
 * files. Overlays with {@code helmCharts} run kubectl with {@code --enable-helm} and a helm command
 * that renders through helm-java ({@link HelmShim}, as the corpus was recorded), since this machine
 * has no helm binary.
 *
 * <p>kubectl runs two at a time while our builds run on the test thread: 200 overlays take about
 * half a minute on two cores, most of it kubectl and the helm command's JVMs.
 */
class KustomizeDifferentialIT {
  private static final long DEFAULT_SEED = 4_2024L;
  private static final int DEFAULT_COUNT = 200;

  @TempDir Path work;

  @Test
  void randomizedOverlaysBuildExactlyAsKustomizeDoes() throws Exception {
    Path kubectl = onPath("kubectl");
    assumeTrue(kubectl != null, "kubectl is not on PATH");
    Set<OverlayGrammar.Feature> features = features();
    assumeFalse(features.isEmpty(), "no features enabled in differential-features.txt");
    long seed = seed(System.getProperty("flotilla.kustomize.differential.seed"));
    int count = Integer.getInteger("flotilla.kustomize.differential.count", DEFAULT_COUNT);
    Path helm = helmCommand();
    Kustomizer plain =
        Kustomizer.create(KustomizeOptions.defaults().withGenerateKustomization(false));
    Kustomizer withHelm =
        Kustomizer.create(
            KustomizeOptions.defaults().withGenerateKustomization(false).withEnableHelm(true));

    List<OverlayGrammar.Generated> overlays = new ArrayList<>();
    List<Future<Result>> theirs = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    long started = System.nanoTime();
    try {
      for (int i = 0; i < count; i++) {
        OverlayGrammar.Generated overlay = OverlayGrammar.generate(seed + i, features);
        Path dir = work.resolve("overlay-" + (seed + i));
        overlay.writeTo(dir);
        overlays.add(overlay);
        theirs.add(pool.submit(() -> kubectl(kubectl, dir, overlay.helm() ? helm : null)));
      }
      List<String> failures = new ArrayList<>();
      Map<OverlayGrammar.Feature, Integer> coverage = new EnumMap<>(OverlayGrammar.Feature.class);
      for (int i = 0; i < count; i++) {
        OverlayGrammar.Generated overlay = overlays.get(i);
        Path dir = work.resolve("overlay-" + overlay.seed());
        Result result = get(theirs.get(i));
        overlay.used().forEach(f -> coverage.merge(f, 1, Integer::sum));
        String failure = compare(result, overlay.helm() ? withHelm : plain, dir);
        if (failure != null) {
          failures.add(overlay.describe() + "--- mismatch:\n" + failure);
        }
      }
      System.out.printf(
          "KustomizeDifferentialIT: %d overlays from seed %d in %d ms (this JVM's CPU: %d ms);"
              + " overlays per feature: %s%n",
          count, seed, (System.nanoTime() - started) / 1_000_000, processCpuMillis(), coverage);
      assertThat(failures)
          .as(
              "overlays that differ from kubectl kustomize (re-run one with"
                  + " -Dflotilla.kustomize.differential.seed=SEED"
                  + " -Dflotilla.kustomize.differential.count=1)")
          .isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The first seed: fixed by default, so CI compares the same overlays every run; {@code random}
   * draws one (printed with the results, so a failure can be re-run).
   */
  private static long seed(String property) {
    if (property == null || property.isBlank()) return DEFAULT_SEED;
    if (property.equals("random")) return Math.abs(System.nanoTime() % 1_000_000_000L);
    return Long.parseLong(property.trim());
  }

  private static long processCpuMillis() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime() / 1_000_000
        : -1;
  }

  private static Result get(Future<Result> f) throws Exception {
    try {
      return f.get(120, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  private static String compare(Result theirs, Kustomizer ours, Path dir) {
    String output;
    try {
      output = ours.buildYaml(dir, dir);
    } catch (KustomizeException e) {
      return theirs.ok()
          ? "kustomize built it, ours failed: " + e.getMessage()
          : null; // both refuse the overlay
    } catch (RuntimeException | StackOverflowError e) {
      return "ours crashed: " + e;
    }
    if (!theirs.ok()) {
      return "kustomize failed (" + theirs.stderr().strip() + "), ours built it";
    }
    return output.equals(theirs.stdout())
        ? null
        : UnifiedDiff.of("kubectl kustomize", theirs.stdout(), "flotilla", output);
  }

  private record Result(boolean ok, String stdout, String stderr) {}

  private static Result kubectl(Path kubectl, Path dir, Path helm)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir.getParent(), "stdout", ".yaml");
    Path err = Files.createTempFile(dir.getParent(), "stderr", ".txt");
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "kustomize"));
    if (helm != null) {
      command.addAll(List.of("--enable-helm", "--helm-command", helm.toString()));
    }
    command.add(dir.toString());
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("kubectl kustomize " + dir + " did not finish within 60 s");
    }
    return new Result(
        p.exitValue() == 0,
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /**
   * A {@code helm} for kubectl: {@code version} answered by the script itself, {@code template}
   * rendered by {@link HelmShim} in a JVM on this test's classpath.
   */
  private Path helmCommand() throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path script = work.resolve("helm");
    Files.writeString(
        script,
        """
        #!/bin/sh
        if [ "$1" = version ]; then echo '%s'; exit 0; fi
        exec '%s' --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1 -Xshare:auto \\
          -cp '%s' %s "$@"
        """
            .formatted(
                HelmShim.version(),
                java,
                System.getProperty("java.class.path"),
                HelmShim.class.getName()));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  static Set<OverlayGrammar.Feature> features() throws IOException {
    String prop = System.getProperty("flotilla.kustomize.differential.features");
    List<String> keys;
    if (prop != null && !prop.isBlank()) {
      keys = Arrays.stream(prop.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    } else {
      Path file = Corpus.root().resolve("differential-features.txt");
      keys =
          Files.isRegularFile(file)
              ? Files.readAllLines(file).stream()
                  .map(l -> l.replaceFirst("#.*", "").trim())
                  .filter(s -> !s.isEmpty())
                  .toList()
              : List.of();
    }
    if (keys.contains("all")) {
      return EnumSet.allOf(OverlayGrammar.Feature.class);
    }
    Set<OverlayGrammar.Feature> out = EnumSet.noneOf(OverlayGrammar.Feature.class);
    for (String k : keys) {
      out.add(OverlayGrammar.Feature.of(k));
    }
    if (!out.isEmpty()) {
      out.add(OverlayGrammar.Feature.RESOURCES);
    }
    return out;
  }

  private static Path onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    try (Stream<Path> candidates =
        Arrays.stream(path.split(File.pathSeparator))
            .filter(s -> !s.isEmpty())
            .map(s -> Path.of(s, command))
            .filter(Files::isExecutable)) {
      return candidates.findFirst().orElse(null);
    }
  }
}
