package io.flotilla.cli.flux;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.cli.CliRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

  /** {@code flotilla flux <line>} against the cluster, {@code line} split as a shell would. */
  static CliRunner.Result flux(String line) {
    return cluster.run(CliRunner.shell("flux " + line));
  }

  /** A user with no cluster: KUBECONFIG names a file that does not exist. */
  static CliRunner.Result offline(String... args) {
    return cluster.runWith(Map.of("KUBECONFIG", dir.resolve("nowhere").toString()), "", args);
  }

  /** Nothing on stderr, and exactly {@code expected} on stdout. */
  static void assertPrints(CliRunner.Result result, String expected) {
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).isEqualTo(expected);
  }

  /** {@code flux create <createArgs…> --export} by a user with no cluster. */
  static CliRunner.Result exported(String... createArgs) {
    List<String> args = new ArrayList<>(List.of("flux", "create"));
    args.addAll(List.of(createArgs));
    args.add("--export");
    return offline(args.toArray(String[]::new));
  }
}
