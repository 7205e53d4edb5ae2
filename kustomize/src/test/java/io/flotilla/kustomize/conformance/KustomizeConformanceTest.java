package io.flotilla.kustomize.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.flotilla.kustomize.KustomizeException;
import io.flotilla.kustomize.KustomizeOptions;
import io.flotilla.kustomize.Kustomizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance corpus: each directory under {@code conformance/} is a kustomization whose output
 * (or error) was recorded with the real kustomize v5.5 by {@code record.sh}. Each case must build
 * to {@code expected.yaml} byte for byte, or fail with a {@link KustomizeException} whose message
 * contains every line of {@code expected-error.txt}.
 *
 * <p>A ratchet: cases listed in {@code pending.txt} do not pass yet and must still fail (they show
 * as skipped); a pending case that passes fails the build until it is removed from the list.
 */
class KustomizeConformanceTest {
  private static final long CASE_TIMEOUT_SECONDS = 20;

  /**
   * kubectl flags a case may use (file {@code flags}) and the {@link KustomizeOptions} wither each
   * maps to. Looked up by name so that the corpus compiles against an API that lacks them yet; a
   * flag whose wither is missing makes its case fail, i.e. keeps it pending.
   */
  private static final Map<String, String> FLAGS =
      Map.of(
          "--load-restrictor=LoadRestrictionsNone", "withLoadRestrictionsNone",
          "--enable-helm", "withEnableHelm");

  private static final ExecutorService EXECUTOR =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "conformance-case");
            t.setDaemon(true);
            return t;
          });

  @AfterAll
  static void stop() {
    EXECUTOR.shutdownNow();
  }

  @TestFactory
  Stream<DynamicTest> conformance() throws IOException {
    Set<String> pending = pending();
    return Corpus.cases().stream()
        .map(
            dir -> {
              String name = dir.getFileName().toString();
              return DynamicTest.dynamicTest(
                  name, dir.toUri(), () -> check(dir, pending.contains(name)));
            });
  }

  @Test
  void pendingListNamesOnlyExistingCases() throws IOException {
    Set<String> names = new TreeSet<>();
    for (Path dir : Corpus.cases()) {
      names.add(dir.getFileName().toString());
    }
    assertThat(pending()).as("entries of conformance/pending.txt").isSubsetOf(names);
  }

  @Test
  void corpusHasEnoughCasesAndEachHasAnExpectation() throws IOException {
    List<Path> cases = Corpus.cases();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
    for (Path dir : cases) {
      boolean output = Files.isRegularFile(dir.resolve("expected.yaml"));
      boolean error = Files.isRegularFile(dir.resolve("expected-error.txt"));
      assertThat(output ^ error)
          .as("%s has exactly one of expected.yaml and expected-error.txt", dir.getFileName())
          .isTrue();
    }
  }

  private static void check(Path dir, boolean pending) {
    String failure = run(dir);
    String name = dir.getFileName().toString();
    if (pending) {
      if (failure == null) {
        fail(
            "case '%s' passes now: remove it from conformance/pending.txt (the ratchet)"
                .formatted(name));
      }
      Assumptions.abort("pending (listed in pending.txt): " + firstLine(failure));
    } else if (failure != null) {
      fail(
          ("case '%s' (%s) differs from kustomize v5.5:%n%s%n(if it is not implemented yet, list"
                  + " it in conformance/pending.txt)")
              .formatted(name, dir, failure));
    }
  }

  /** Runs one case; returns null when it conforms, else why not. */
  static String run(Path dir) {
    KustomizeOptions options;
    try {
      options = options(dir);
    } catch (IllegalArgumentException | IOException e) {
      return e.getMessage();
    }
    Kustomizer kustomizer = Kustomizer.create(options);
    Future<String> build = EXECUTOR.submit(() -> kustomizer.buildYaml(dir, dir));
    String output = null;
    Throwable error = null;
    try {
      output = build.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      build.cancel(true);
      return "the build did not finish within " + CASE_TIMEOUT_SECONDS + " s";
    } catch (ExecutionException e) {
      error = e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
    try {
      Path expectedYaml = dir.resolve("expected.yaml");
      if (Files.isRegularFile(expectedYaml)) {
        String expected = Files.readString(expectedYaml, StandardCharsets.UTF_8);
        if (error != null) {
          return "expected output, but the build failed: " + describe(error);
        }
        if (expected.equals(output)) {
          return null;
        }
        return UnifiedDiff.of("expected.yaml (kustomize v5.5)", expected, "flotilla", output);
      }
      List<String> fragments = fragments(dir.resolve("expected-error.txt"));
      if (error == null) {
        return "expected an error containing %s, but the build succeeded:%n%s"
            .formatted(fragments, output);
      }
      if (!(error instanceof KustomizeException)) {
        return "expected a KustomizeException containing %s, got %s"
            .formatted(fragments, describe(error));
      }
      List<String> missing = new ArrayList<>();
      for (String fragment : fragments) {
        if (!error.getMessage().contains(fragment)) {
          missing.add(fragment);
        }
      }
      return missing.isEmpty()
          ? null
          : "the error message lacks %s:%n  %s".formatted(missing, error.getMessage());
    } catch (IOException e) {
      return "cannot read the case's expectation: " + e;
    }
  }

  private static KustomizeOptions options(Path dir) throws IOException {
    KustomizeOptions options = KustomizeOptions.defaults().withGenerateKustomization(false);
    Path flagsFile = dir.resolve("flags");
    if (!Files.isRegularFile(flagsFile)) {
      return options;
    }
    List<String> words =
        Arrays.stream(Files.readString(flagsFile).trim().split("\\s+"))
            .filter(w -> !w.isEmpty())
            .toList();
    for (int i = 0; i < words.size(); i++) {
      String flag = words.get(i);
      if (!flag.contains("=") && i + 1 < words.size() && !words.get(i + 1).startsWith("--")) {
        flag = flag + "=" + words.get(++i);
      }
      options = withFlag(options, flag);
    }
    return options;
  }

  private static KustomizeOptions withFlag(KustomizeOptions options, String flag) {
    String wither = FLAGS.get(flag);
    if (wither != null) {
      try {
        Method m = KustomizeOptions.class.getMethod(wither, boolean.class);
        return (KustomizeOptions) m.invoke(options, true);
      } catch (NoSuchMethodException e) {
        // not in the API yet: reported below
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalArgumentException(
        "flag '%s' has no KustomizeOptions equivalent yet (%s)"
            .formatted(flag, wither == null ? "map it in KustomizeConformanceTest.FLAGS" : wither));
  }

  private static List<String> fragments(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isBlank())
        .toList();
  }

  private static Set<String> pending() throws IOException {
    Path file = Corpus.root().resolve("pending.txt");
    Set<String> out = new LinkedHashSet<>();
    if (Files.isRegularFile(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String entry = line.replaceFirst("#.*", "").trim();
        if (!entry.isEmpty()) {
          out.add(entry);
        }
      }
    }
    return out;
  }

  private static String describe(Throwable t) {
    if (t instanceof KustomizeException) {
      return "KustomizeException: " + t.getMessage();
    }
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    String s = trace.toString();
    return s.length() > 3_000 ? s.substring(0, 3_000) + "…" : s;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
