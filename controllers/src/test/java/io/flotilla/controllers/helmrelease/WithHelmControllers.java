package io.flotilla.controllers.helmrelease;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** An IT class's lifecycle: one {@link HelmFixture} with the controllers running, for all tests. */
abstract class WithHelmControllers {
  @TempDir static Path tmp;
  static HelmFixture f;

  @BeforeAll
  static void startControllers() {
    f = HelmFixture.startWithControllers(tmp);
  }

  @AfterAll
  static void stopControllers() {
    if (f != null) f.close();
  }
}
