package io.flotilla.cli.flux;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One embedded cluster with the Flux CRDs per test class; classes run one after another. */
abstract class FluxClusterIT {
  @TempDir static Path dir;
  static FluxCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = FluxCluster.start(dir);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }
}
