package io.flotilla.controllers.kustomization;

import static io.flotilla.controllers.KustomizationSpecs.awaitReady;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.flotilla.api.flux.kustomize.CustomHealthCheck;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.controllers.KustomizationSpecs;
import io.flotilla.controllers.RunningControllers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a watcher sees while a Kustomization works on a new revision, as in Flux. */
class KustomizationProgressIT {

  @RegisterExtension
  static final RunningControllers cluster = RunningControllers.withQuickRetries();

  static String revision;

  @BeforeAll
  static void start() {
    revision =
        "main@sha1:"
            + cluster.gitSource(
                Map.of(
                    "app/cm.yaml",
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: progress\n  namespace: default\ndata:\n  ready: 'yes'\n"),
                "10m");
  }

  private static String describe(List<Condition> conditions, String type) {
    return conditions == null
        ? null
        : conditions.stream()
            .filter(c -> c.type().equals(type))
            .map(c -> c.status() + " " + c.reason() + " " + c.message())
            .findFirst()
            .orElse(null);
  }

  @Test
  void aNewRevisionIsReportedAsReconcilingStepByStepThenCleared() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch watch =
        KustomizationSpecs.resource(cluster.client(), "progress")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Kustomization ks) {
                    if (ks.getStatus() != null) {
                      var c = ks.getStatus().conditions();
                      seen.add(
                          "Ready="
                              + describe(c, "Ready")
                              + " | Reconciling="
                              + describe(c, "Reconciling")
                              + " | Healthy="
                              + describe(c, "Healthy"));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      KustomizationSpecs.of("GitRepository", "repo", "./app")
          .withWait(true)
          .withTimeout("30s")
          .withHealthCheckExprs(
              new CustomHealthCheck("v1", "ConfigMap", "data.ready == 'yes'", null, null))
          .create(cluster.client(), "progress");
      awaitReady(
          cluster.client(),
          "progress",
          c -> {
            assertThat(c.status()).isEqualTo("True");
            assertThat(seen).last().asString().startsWith("Ready=True");
          });
    }
    String fetching =
        "Ready=Unknown Progressing Reconciliation in progress | Reconciling=True Progressing"
            + " Fetching manifests for revision %s with a timeout of 30s | Healthy=null"
                .formatted(revision);
    String building =
        "Ready=Unknown Progressing Reconciliation in progress | Reconciling=True Progressing"
            + " Building manifests for revision %s with a timeout of 30s | Healthy=null"
                .formatted(revision);
    String health =
        ("Ready=Unknown Progressing Reconciliation in progress | Reconciling=True Progressing"
                + " Running health checks for revision %1$s with a timeout of 30s |"
                + " Healthy=Unknown Progressing Running health checks for revision %1$s with a"
                + " timeout of 30s")
            .formatted(revision);
    assertThat(seen).containsSubsequence(fetching, building, health);
    assertThat(seen.getLast())
        .startsWith(
            "Ready=True ReconciliationSucceeded Applied revision: "
                + revision
                + " | Reconciling=null | Healthy=True Succeeded Health check passed in ");
    Kustomization done = KustomizationSpecs.get(cluster.client(), "progress");
    assertThat(done.getStatus().lastAttemptedRevision()).isEqualTo(revision);
  }
}
