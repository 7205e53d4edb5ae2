package io.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The service carries no Kubernetes client: GitopsClusters are the {@code gitops} module's, which
 * plugs into {@code server.joined}. Neither the classpath the service's tests run on nor its
 * sources know fabric8 or the Kubernetes kinds of {@code api-kube}.
 */
class NoKubernetesClientTest {
  @Test
  void fabric8IsNotOnTheServicesClasspath() {
    assertThat(System.getProperty("java.class.path"))
        .doesNotContain("fabric8")
        .doesNotContain("api-kube");
    assertThat(getClass().getClassLoader().getResource("io/fabric8/kubernetes/client/Config.class"))
        .isNull();
  }

  @Test
  void noSourceImportsAKubernetesType() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src"))) {
      assertThat(
              files
                  .filter(f -> f.toString().endsWith(".java"))
                  // this file names what it looks for
                  .filter(f -> !f.endsWith("NoKubernetesClientTest.java"))
                  .filter(NoKubernetesClientTest::importsKubernetes)
                  .map(Path::toString))
          .isEmpty();
    }
  }

  private static boolean importsKubernetes(Path file) {
    try {
      String s = Files.readString(file);
      return s.contains("io.fabric8.") || s.contains("io.flotilla.api.gitops.");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
