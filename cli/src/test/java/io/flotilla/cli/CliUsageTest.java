package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Argument errors that never reach a server, and their exit codes. */
class CliUsageTest {
  @TempDir Path home;

  private CliRunner.Result run(String line) {
    return new CliRunner(home)
        .env("FLOTILLA_SERVER", "http://127.0.0.1:9")
        .run(CliRunner.shell(line));
  }

  /** A command line, its exit code, and what stderr starts with or (when {@code whole}) is. */
  record Refusal(String what, String line, int exitCode, boolean whole, String err) {
    @Override
    public String toString() {
      return what;
    }
  }

  static Stream<Refusal> refusals() {
    return Stream.of(
        new Refusal(
            "missing required arguments are listed in az's order, exit code 2",
            "k8s-configuration flux create -c c1 -n x",
            2,
            false,
            "ERROR: the following arguments are required: --resource-group/-g,"
                + " --cluster-type/-t, --url/-u\n"),
        new Refusal(
            "an invalid choice is reported like az, with the closest choice",
            "k8s-configuration flux show -g rg -c c -t connectedCluster -n x",
            2,
            true,
            "ERROR: flotilla k8s-configuration flux show: 'connectedCluster' is not a valid value"
                + " for '--cluster-type'.\nDid you mean 'connectedClusters' ?\n"),
        new Refusal(
            "an invalid choice far from every choice gets no suggestion",
            "k8s-configuration flux create -g rg -c c -t connectedClusters -n x -u u --kind svn",
            2,
            true,
            "ERROR: flotilla k8s-configuration flux create: 'svn' is not a valid value for"
                + " '--kind'.\n"),
        new Refusal(
            "unknown arguments are unrecognized",
            "k8s-configuration flux list -g rg -c c -t managedclusters --frobnicate",
            2,
            false,
            "ERROR: unrecognized arguments: --frobnicate\n"),
        new Refusal(
            "validation errors exit with 1 before any request",
            "k8s-configuration flux show -g rg -c c -t connectedClusters -n Bad_Name",
            1,
            false,
            "ERROR: Error! Invalid --name\n"),
        new Refusal(
            "provisioned clusters need a resource provider",
            "k8s-configuration flux list -g rg -c c -t provisionedClusters",
            1,
            true,
            "ERROR: Error! Cluster Resource Provider value is required for Cluster Type"
                + " 'provisionedClusters'\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void refusedBeforeAnyRequest(Refusal refusal) {
    var r = run(refusal.line());
    assertThat(r.exitCode()).isEqualTo(refusal.exitCode());
    if (refusal.whole()) {
      assertThat(r.err()).isEqualTo(refusal.err());
    } else {
      assertThat(r.err()).startsWith(refusal.err());
    }
  }

  @Test
  void deleteWithoutAnswerIsRefusedWithoutATerminal() {
    var r = run("k8s-configuration flux delete -g rg -c c -t connectedClusters -n x");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .contains("Are you sure you want to perform this operation? (y/n): ")
        .contains("ERROR: Unable to prompt for confirmation as no tty available. Use --yes.");
  }

  @Test
  void helpAndGroupsExitWith0() {
    assertThat(run("--help").exitCode()).isZero();
    var group = run("k8s-configuration flux");
    assertThat(group.exitCode()).isZero();
    assertThat(group.out()).contains("create").contains("deployed-object");
    var help = run("k8s-configuration flux create --help");
    assertThat(help.out()).contains("--kustomization").contains("--https-key");
  }
}
