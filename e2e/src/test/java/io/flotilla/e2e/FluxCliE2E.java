package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The flux CLI's everyday commands against {@code flotilla up}'s own controllers (its ITs stand in
 * for them): watch the tutorial with {@code flux get}, then {@code reconcile --with-source}, {@code
 * suspend}/{@code resume} and {@code tree}, as the README shows.
 */
class FluxCliE2E {
  @RegisterExtension static final RunningUp up = RunningUp.tutorial();

  @BeforeAll
  static void start() throws Exception {
    up.cli().ok(TutorialCluster.create(up.flotilla()));
  }

  private static CliRun.Result flux(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "flux";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--kubeconfig";
    all[args.length + 2] = up.flotilla().kubeconfig().toString();
    return up.cli().run(all);
  }

  @Test
  void aFluxUserWatchesReconcilesSuspendsAndTracesTheTutorial() {
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              CliRun.Result get = flux("get", "kustomizations", "-A");
              assertThat(get.code()).as(get.toString()).isZero();
              assertThat(get.out().lines().skip(1))
                  .hasSize(2)
                  .allSatisfy(
                      l ->
                          assertThat(l.split("\t"))
                              .extracting(String::strip)
                              .contains("cluster-config", "False", "True"));
            });
    assertThat(flux("get", "kustomizations", "-A").out().lines().findFirst().orElseThrow())
        .matches("NAMESPACE\\s+\\tNAME\\s+\\tREVISION\\s+\\tSUSPENDED\\tREADY\\tMESSAGE\\s*");

    CliRun.Result reconcile =
        flux("reconcile", "ks", "cluster-config-apps", "-n", "cluster-config", "--with-source");
    assertThat(reconcile.code()).as(reconcile.toString()).isZero();
    assertThat(reconcile.err())
        .contains(
            "► annotating GitRepository cluster-config in cluster-config namespace",
            "✔ fetched revision main@sha1:",
            "✔ applied revision main@sha1:");

    assertThat(flux("suspend", "ks", "cluster-config-apps", "-n", "cluster-config").code())
        .isZero();
    assertThat(flux("get", "ks", "cluster-config-apps", "-n", "cluster-config").out())
        .contains("\tTrue     \t");
    CliRun.Result resume = flux("resume", "ks", "cluster-config-apps", "-n", "cluster-config");
    assertThat(resume.code()).as(resume.toString()).isZero();
    assertThat(resume.err())
        .contains("✔ Kustomization cluster-config-apps reconciliation completed");

    CliRun.Result tree = flux("tree", "ks", "cluster-config-infra", "-n", "cluster-config");
    assertThat(tree.code()).as(tree.toString()).isZero();
    assertThat(tree.out())
        .startsWith("Kustomization/cluster-config/cluster-config-infra\n")
        .contains("── Namespace/podinfo\n");

    CliRun.Result missing = flux("reconcile", "ks", "nope", "-n", "cluster-config");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("✗ ");
  }
}
