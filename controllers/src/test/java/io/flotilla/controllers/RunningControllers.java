package io.flotilla.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.testkit.TestKube;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One IT class's cluster, as a JUnit extension ({@code @RegisterExtension static}): the embedded
 * API with Flux's CRDs and the controllers running on it, started before the class's tests and
 * stopped after them.
 */
public final class RunningControllers implements BeforeAllCallback, AfterAllCallback {
  private final UnaryOperator<ControllerOptions> options;
  private final boolean rbac;
  private Path dataDir;
  private TestKube kube;
  private Controllers controllers;

  private RunningControllers(UnaryOperator<ControllerOptions> options, boolean rbac) {
    this.options = options;
    this.rbac = rbac;
  }

  /** The controllers with the defaults {@code options} changes. */
  public static RunningControllers with(UnaryOperator<ControllerOptions> options) {
    return new RunningControllers(options, false);
  }

  /** {@link #with}, on an API server that enforces RBAC; the client is an admin. */
  public static RunningControllers withRbac(UnaryOperator<ControllerOptions> options) {
    return new RunningControllers(options, true);
  }

  public KubernetesClient client() {
    return kube.client();
  }

  public TestKube kube() {
    return kube;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("flotilla-it-");
    kube = rbac ? TestKube.startWithRbac() : TestKube.start();
    Crds.install(kube.client());
    controllers =
        Controllers.start(
            kube.client(), options.apply(ControllerOptions.defaults(dataDir.resolve("data"))));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (controllers != null) controllers.close();
    if (kube != null) kube.close();
    if (dataDir != null) {
      try (Stream<Path> walk = Files.walk(dataDir)) {
        walk.sorted(Comparator.reverseOrder())
            .forEach(
                p -> {
                  try {
                    Files.deleteIfExists(p);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                });
      }
    }
  }
}
