package io.flotilla.controllers;

import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.testkit.Edits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A controller restart moves the artifact server; sources and their consumers follow it. */
class RestartIT {
  /** Dependencies retried only hourly: only the source watch can bring a consumer back fast. */
  @RegisterExtension
  static final RunningControllers cluster =
      RunningControllers.with(o -> o.withRequeueDependency(Duration.ofHours(1)));

  @Test
  void afterARestartOnAnotherPortConsumersFollowTheSourceToTheNewAddress() throws Exception {
    KubernetesClient client = cluster.client();
    String firstUrl = cluster.controllers().artifactBaseUrl();
    cluster.gitSource(Map.of("app/cm.yaml", ConfigMaps.yaml("c")), "1h");
    KustomizationSpecs.ofGitRepository("repo", null, "./app")
        .withIntervals("1h", "1h")
        .withTimeout("30s")
        .withWait(true)
        .create(client, "app");
    await().atMost(CONVERGE).untilAsserted(() -> assertThat(ready().status()).isEqualTo("True"));
    cluster.stop();
    // Suspended across the restart, the source keeps advertising the old address: the
    // Kustomization's first reconcile must fail to download.
    suspend(true);
    cluster.start();
    String secondUrl = cluster.controllers().artifactBaseUrl();
    assertThat(secondUrl).isNotEqualTo(firstUrl);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(ready().message())
                    .contains("failed to download artifact from " + firstUrl));
    // Resumed, the source re-advertises the artifact at the new address, and the
    // Kustomization follows by itself (its interval and retryInterval are 1h).
    suspend(null);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () ->
                assertThat(cluster.get(GitRepository.class, "repo").getStatus().artifact().url())
                    .startsWith(secondUrl));
    await().atMost(CONVERGE).untilAsserted(() -> assertThat(ready().status()).isEqualTo("True"));
  }

  private static void suspend(Boolean suspend) {
    Edits.edit(
        cluster.client().resources(GitRepository.class).inNamespace("default").withName("repo"),
        r -> {
          r.setSpec(r.getSpec().withSuspend(suspend));
          return r;
        });
  }

  /** The Kustomization's Ready condition (its first). */
  private static Condition ready() {
    return KustomizationSpecs.ready(cluster.client(), "app");
  }
}
