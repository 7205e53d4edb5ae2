package io.flotilla.source.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.testkit.ChildJava;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ~50 MiB index (20,000 versions with Helm's usual metadata) parses in a JVM whose whole heap is
 * 40 MiB: the compact model is what stays, not the document.
 */
class LargeIndexIT {
  static final int CHARTS = 200;
  static final int VERSIONS = 100;

  @Test
  void fiftyMebibyteIndexParsesInABoundedHeap(@TempDir Path dir) throws Exception {
    Path index = dir.resolve("index.yaml");
    write(index);
    assertThat(Files.size(index)).isGreaterThan(45L << 20);
    Process p = ChildJava.of(LargeIndexIT.class, List.of("-Xmx40m"), index.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("versions=" + CHARTS * VERSIONS).contains("resolved=chart-7-1.99.0");
    System.out.println("large index: " + Files.size(index) + " bytes; " + out.strip());
  }

  /** Runs in the bounded JVM: parse, resolve, print the heap in use afterwards. */
  public static void main(String[] args) throws Exception {
    ChartIndex index = ChartIndex.read(Path.of(args[0]));
    ChartVersion v = index.resolve("chart-7", "1.x");
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long used = rt.totalMemory() - rt.freeMemory();
    System.out.println(
        "versions=%d resolved=%s-%s heapUsedAfterParse=%dMiB"
            .formatted(index.size(), v.name(), v.version(), used >> 20));
    if (index.size() != CHARTS * VERSIONS) {
      System.exit(2);
    }
  }

  static void write(Path file) throws IOException {
    String description = "A chart description that is long as real ones are. ".repeat(20);
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("apiVersion: v1\nentries:\n");
      for (int c = 0; c < CHARTS; c++) {
        w.write("  chart-" + c + ":\n");
        for (int v = 0; v < VERSIONS; v++) {
          String version = "1." + v + ".0";
          w.write(
              """
                - apiVersion: v2
                  appVersion: %s
                  created: "2024-01-01T00:00:%02dZ"
                  description: %s
                  digest: %s
                  home: https://example.com/charts/chart-%d
                  keywords: [one, two, three]
                  maintainers:
                  - {name: Someone, email: someone@example.com}
                  name: chart-%d
                  sources: [https://github.com/example/chart-%d]
                  annotations:
                    artifacthub.io/changes: |
                      - kind: changed
                        description: %s
                  urls:
                  - https://charts.example.com/chart-%d-%s.tgz
                  version: %s
              """
                  .formatted(
                      version,
                      v % 60,
                      description,
                      "%064d".formatted(c * 1000L + v),
                      c,
                      c,
                      c,
                      description,
                      c,
                      version,
                      version));
        }
      }
      w.write("generated: \"2024-01-01T00:00:00Z\"\n");
    }
    List.of();
  }
}
