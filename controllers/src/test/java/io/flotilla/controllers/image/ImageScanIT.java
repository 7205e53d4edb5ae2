package io.flotilla.controllers.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.flux.meta.Condition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans against a registry we control: Link pagination over 100,000 tags inside a 256 MiB heap (in
 * a JVM of its own), and a tag list that is not JSON as a clear Ready=False.
 */
class ImageScanIT {
  @TempDir Path tmp;

  @Test
  void a100000TagRepositoryIsScannedThroughItsPagesWithin256MiB() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(100_000, false)) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p =
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ScanProbe.class.getName(),
                  registry.host() + "/team/app")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("tags=100000 latest=1.0.99999");
      assertThat(registry.pages.get()).as("pages of 1,000 followed by Link").isEqualTo(100);
    }
  }

  @Test
  void aTagListThatIsNotJsonIsAReadFailureNamingWhatCameBack() throws Exception {
    try (FakeRegistry registry = new FakeRegistry(0, true);
        ImageCluster cluster =
            new ImageCluster(tmp.resolve("work"), ImageControllers::registerReflector)) {
      String ns = cluster.newNamespace("garbage");
      cluster.imageRepository(ns, "app", registry.host() + "/team/app", "insecure: true");
      Condition ready = cluster.awaitRepositoryReady(ns, "app", Duration.ofSeconds(60));
      assertThat(ready.isTrue()).isFalse();
      assertThat(ready.reason()).isEqualTo("ReadOperationFailed");
      assertThat(ready.message())
          .isEqualTo(
              "scan failed: list tags of %s/team/app: the registry's answer is not a JSON tag list: <html><body>502 Bad Gateway</body></html>"
                  .formatted(registry.host()));
    }
  }
}
