package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.testkit.arch.PackageCycles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The sub-packages of kube import one way, so each can be read on its own. */
class PackageCyclesTest {
  @Test
  void noPackageImportsBackIntoOneThatImportsIt() {
    Path main = Path.of("src/main/java");
    assertThat(PackageCycles.packages(main))
        .contains("io.flotilla.kube.core", "io.flotilla.kube.http");
    assertThat(PackageCycles.in(main)).isEmpty();
  }
}
