package io.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.testkit.arch.PackageCycles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The service's packages import one way, so each can be read (and moved) on its own. */
class PackageCyclesTest {
  @Test
  void noPackageImportsBackIntoOneThatImportsIt() {
    assertThat(PackageCycles.in(Path.of("src/main/java"))).isEmpty();
  }
}
