package io.flotilla.kustomize.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.flotilla.kustomize.KustomizeException;
import io.flotilla.kustomize.KustomizeOptions;
import io.flotilla.kustomize.Kustomizer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
 * {@code =all}. {@code -Dflotilla.kustomize.differential.seed=N} and {@code .count=N} choose the
 * overlays; a failure prints each differing overlay's seed, features and files.
 */
class KustomizeDifferentialIT {
  private static final long DEFAULT_SEED = 4_2024L;
  private static final int DEFAULT_COUNT = 30;

  @TempDir Path work;

  @Test
  void randomizedOverlaysBuildExactlyAsKustomizeDoes() throws Exception {
    Path kubectl = onPath("kubectl");
    assumeTrue(kubectl != null, "kubectl is not on PATH");
    Set<OverlayGrammar.Feature> features = features();
    assumeFalse(features.isEmpty(), "no features enabled in differential-features.txt");
    long seed = Long.getLong("flotilla.kustomize.differential.seed", DEFAULT_SEED);
    int count = Integer.getInteger("flotilla.kustomize.differential.count", DEFAULT_COUNT);
    Kustomizer ours =
        Kustomizer.create(KustomizeOptions.defaults().withGenerateKustomization(false));

    List<String> failures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      OverlayGrammar.Generated overlay = OverlayGrammar.generate(seed + i, features);
      Path dir = work.resolve("overlay-" + (seed + i));
      overlay.writeTo(dir);
      Result theirs = kubectl(kubectl, dir);
      String failure = compare(theirs, ours, dir);
      if (failure != null) {
        failures.add(overlay.describe() + "--- mismatch:\n" + failure);
      }
    }
    assertThat(failures)
        .as(
            "overlays that differ from kubectl kustomize (re-run one with"
                + " -Dflotilla.kustomize.differential.seed=SEED"
                + " -Dflotilla.kustomize.differential.count=1)")
        .isEmpty();
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

  private static Result kubectl(Path kubectl, Path dir) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir.getParent(), "stdout", ".yaml");
    Path err = Files.createTempFile(dir.getParent(), "stderr", ".txt");
    Process p =
        new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
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
