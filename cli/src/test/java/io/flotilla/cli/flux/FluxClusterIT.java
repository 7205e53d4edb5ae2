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

  /** Exit code 1, and exactly {@code expected} on stderr: how flux reports a failure. */
  static void assertFails(CliRunner.Result result, String expected) {
    assertThat(result.err()).isEqualTo(expected);
    assertThat(result.exitCode()).isEqualTo(1);
  }

  /**
   * What {@code flux create} prints on stderr for {@code what} ("Kustomization", "GitRepository
   * source") up to its wait, followed by {@code outcome}.
   */
  static String creating(String what, String outcome) {
    return """
        ✚ generating %1$s
        ► applying %1$s
        ✔ %1$s created
        ◎ waiting for %1$s reconciliation
        """
            .formatted(what)
        + outcome;
  }

  /** The status a controller writes for a Ready object, with {@code message}. */
  static String ready(String message) {
    return """
        conditions:
        - {type: Ready, status: "True", reason: Succeeded, message: "%s", lastTransitionTime: "2026-01-01T00:00:00Z"}
        """
        .formatted(message);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(FluxKind kind, String ns, String name) {
    return (Map<String, Object>) cluster.get(kind, ns, name).getAdditionalProperties().get("spec");
  }
}
