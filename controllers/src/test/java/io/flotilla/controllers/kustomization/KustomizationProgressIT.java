package io.flotilla.controllers.kustomization;

import static io.flotilla.controllers.kustomization.Specs.ready;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.flotilla.api.flux.kustomize.CustomHealthCheck;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.controllers.Crds;
import io.flotilla.controllers.GitSources;
import io.flotilla.testkit.GitFixture;
import io.flotilla.testkit.TestKube;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a watcher sees while a Kustomization works on a new revision, as in Flux. */
class KustomizationProgressIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);

  @TempDir static Path tmp;
  static TestKube kube;
  static KubernetesClient client;
  static Controllers controllers;
  static String revision;

  @BeforeAll
  static void start() {
    kube = TestKube.start();
    client = kube.client();
    Crds.install(client);
    controllers =
        Controllers.start(
            client,
            ControllerOptions.defaults(tmp.resolve("data"))
                .withRequeueDependency(Duration.ofSeconds(1)));
    try (GitFixture repo = GitFixture.init(tmp.resolve("repo"))) {
      repo.write(
          Map.of(
              "app/cm.yaml",
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: progress\n  namespace: default\ndata:\n  ready: 'yes'\n"));
      revision = "main@sha1:" + repo.commit("manifests");
      GitRepository source = GitSources.onMain("default", "repo", repo.fileUrl(), "10m");
      client.resource(source).create();
    }
  }

  @AfterAll
  static void stop() {
    if (controllers != null) controllers.close();
    if (kube != null) kube.close();
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
        client
            .resources(Kustomization.class)
            .inNamespace("default")
            .withName("progress")
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
      Specs.of("GitRepository", "repo", "./app")
          .withWait(true)
          .withTimeout("30s")
          .withHealthCheckExprs(
              new CustomHealthCheck("v1", "ConfigMap", "data.ready == 'yes'", null, null))
          .create(client, "progress");
      await()
          .atMost(CONVERGE)
          .untilAsserted(
              () -> {
                assertThat(ready(client, "progress").status()).isEqualTo("True");
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
    Kustomization done = Specs.get(client, "progress");
    assertThat(done.getStatus().lastAttemptedRevision()).isEqualTo(revision);
  }
}
