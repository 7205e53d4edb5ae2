package io.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument errors that never reach a server, and their exit codes. */
class CliUsageTest {
  @TempDir Path home;

  private CliRunner.Result run(String line) {
    return new CliRunner(home)
        .env("FLOTILLA_SERVER", "http://127.0.0.1:9")
        .run(CliRunner.shell(line));
  }

  @Test
  void missingRequiredArgumentsAreListedInAzsOrderWithExitCode2() {
    var r = run("k8s-configuration flux create -c c1 -n x");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .startsWith(
            "ERROR: the following arguments are required: --resource-group/-g,"
                + " --cluster-type/-t, --url/-u\n");
  }

  @Test
  void anInvalidChoiceIsReportedLikeAzWithTheClosestChoice() {
    var r = run("k8s-configuration flux show -g rg -c c -t connectedCluster -n x");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "ERROR: flotilla k8s-configuration flux show: 'connectedCluster' is not a valid value"
                + " for '--cluster-type'.\nDid you mean 'connectedClusters' ?\n");
    var far =
        run("k8s-configuration flux create -g rg -c c -t connectedClusters -n x -u u --kind svn");
    assertThat(far.exitCode()).isEqualTo(2);
    assertThat(far.err())
        .isEqualTo(
            "ERROR: flotilla k8s-configuration flux create: 'svn' is not a valid value for"
                + " '--kind'.\n");
  }

  @Test
  void unknownArgumentsAreUnrecognized() {
    var r = run("k8s-configuration flux list -g rg -c c -t managedclusters --frobnicate");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("ERROR: unrecognized arguments: --frobnicate\n");
  }

  @Test
  void validationErrorsExitWith1BeforeAnyRequest() {
    var r = run("k8s-configuration flux show -g rg -c c -t connectedClusters -n Bad_Name");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).startsWith("ERROR: Error! Invalid --name\n");
  }

  @Test
  void provisionedClustersNeedAResourceProvider() {
    var r = run("k8s-configuration flux list -g rg -c c -t provisionedClusters");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "ERROR: Error! Cluster Resource Provider value is required for Cluster Type"
                + " 'provisionedClusters'\n");
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
