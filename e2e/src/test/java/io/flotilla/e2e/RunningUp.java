package io.flotilla.e2e;

import io.flotilla.app.up.Flotilla;
import io.flotilla.app.up.UpOptions;
import io.flotilla.testkit.TempDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One test class's {@code flotilla up} in this JVM and the CLI pointed at it, as a JUnit extension
 * ({@code @RegisterExtension static}): started before the class's {@code @BeforeAll} methods,
 * stopped after its {@code @AfterAll} ones.
 */
final class RunningUp implements BeforeAllCallback, AfterAllCallback {
  private final UnaryOperator<UpOptions> options;
  private Path dir;
  private Flotilla flotilla;
  private CliRun cli;

  private RunningUp(UnaryOperator<UpOptions> options) {
    this.options = options;
  }

  /** {@link InProcessUp#options} changed by {@code options}. */
  static RunningUp with(UnaryOperator<UpOptions> options) {
    return new RunningUp(options);
  }

  /** The tutorial's cluster, as {@link TutorialCluster} starts it. */
  static RunningUp tutorial() {
    return with(TutorialCluster::options);
  }

  Flotilla flotilla() {
    return flotilla;
  }

  CliRun cli() {
    return cli;
  }

  /** A folder of this class's own, removed after it. */
  Path dir() {
    return dir;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("flotilla-e2e-");
    flotilla = Flotilla.start(options.apply(InProcessUp.options(dir)));
    cli = InProcessUp.cli(flotilla, dir);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (flotilla != null) {
      flotilla.close();
    }
    TempDirs.delete(dir);
  }
}
