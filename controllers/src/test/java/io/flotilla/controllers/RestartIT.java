package io.flotilla.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.KustomizationSpec;
import io.flotilla.api.flux.meta.NamespacedObjectKindReference;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositorySpec;
import io.flotilla.testkit.Edits;
import io.flotilla.testkit.GitFixture;
import io.flotilla.testkit.TestKube;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A controller restart moves the artifact server; sources and their consumers follow it. */
class RestartIT {
  private static final Duration CONVERGE = Duration.ofSeconds(60);
  @TempDir Path tmp;

  @Test
  void afterARestartOnAnotherPortConsumersFollowTheSourceToTheNewAddress() {
    try (TestKube kube = TestKube.start();
        GitFixture repo = GitFixture.init(tmp.resolve("repo"))) {
      KubernetesClient client = kube.client();
      Crds.install(client);
      repo.write(Map.of("app/cm.yaml", ConfigMaps.yaml("c")));
      repo.commit("one");
      ControllerOptions options =
          ControllerOptions.defaults(tmp.resolve("data"))
              .withRequeueDependency(
                  Duration.ofHours(1)); // only the source watch can bring it back fast
      String firstUrl;
      try (Controllers first = Controllers.start(client, options)) {
        firstUrl = first.artifactBaseUrl();
        GitRepository source = GitSources.onMain("default", "repo", repo.fileUrl(), "1h");
        client.resource(source).create();
        Kustomization ks = new Kustomization();
        ks.setMetadata(new ObjectMetaBuilder().withName("app").withNamespace("default").build());
        ks.setSpec(
            KustomizationSpec.of(
                b -> {
                  b.sourceRef =
                      new NamespacedObjectKindReference(
                          GitRepository.API_VERSION, GitRepository.KIND, "repo", null);
                  b.path = "./app";
                  b.interval = "1h";
                  b.retryInterval = "1h";
                  b.timeout = "30s";
                  b.prune = true;
                  b.waitForHealth = true;
                }));
        client.resource(ks).create();
        await().atMost(CONVERGE).until(() -> ready(client));
      }
      // Suspended across the restart, the source keeps advertising the old address: the
      // Kustomization's first reconcile must fail to download.
      Edits.edit(
          client.resources(GitRepository.class).inNamespace("default").withName("repo"),
          r -> {
            r.setSpec(withSuspend(r.getSpec(), true));
            return r;
          });
      try (Controllers second = Controllers.start(client, options)) {
        assertThat(second.artifactBaseUrl()).isNotEqualTo(firstUrl);
        await()
            .atMost(CONVERGE)
            .untilAsserted(
                () ->
                    assertThat(message(client))
                        .contains("failed to download artifact from " + firstUrl));
        // Resumed, the source re-advertises the artifact at the new address, and the
        // Kustomization follows by itself (its interval and retryInterval are 1h).
        Edits.edit(
            client.resources(GitRepository.class).inNamespace("default").withName("repo"),
            r -> {
              r.setSpec(withSuspend(r.getSpec(), null));
              return r;
            });
        await()
            .atMost(CONVERGE)
            .untilAsserted(
                () ->
                    assertThat(
                            client
                                .resources(GitRepository.class)
                                .inNamespace("default")
                                .withName("repo")
                                .get()
                                .getStatus()
                                .artifact()
                                .url())
                        .startsWith(second.artifactBaseUrl()));
        await().atMost(CONVERGE).until(() -> ready(client));
      }
    }
  }

  private static GitRepositorySpec withSuspend(GitRepositorySpec s, Boolean suspend) {
    return s.withSuspend(suspend);
  }

  private static String message(KubernetesClient client) {
    return client
        .resources(Kustomization.class)
        .inNamespace("default")
        .withName("app")
        .get()
        .getStatus()
        .conditions()
        .get(0)
        .message();
  }

  private static boolean ready(KubernetesClient client) {
    Kustomization k =
        client.resources(Kustomization.class).inNamespace("default").withName("app").get();
    return k != null
        && k.getStatus() != null
        && "True".equals(k.getStatus().conditions().get(0).status());
  }
}
