package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.app.ops.ProcessMetrics;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.controllers.Crds;
import io.flotilla.testkit.PrometheusText;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flux's sharding: two controller instances on one API, a shard with {@code --watch-label-selector
 * sharding.fluxcd.io/key=shard1} and the main instance with {@code !sharding.fluxcd.io/key}. Each
 * reconciles exactly the objects of its shard — seen in who stored each source's artifact (each
 * instance serves artifacts from its own address), in each instance's own metrics, and when an
 * object is relabelled into the other shard. A Kustomization may use a source of another shard, as
 * in Flux, where only the primary kind is filtered.
 */
class ShardingIT {
  private static final String SHARD = "sharding.fluxcd.io/key";

  @TempDir Path dir;

  @Test
  void eachInstanceReconcilesOnlyItsShardsObjects() throws Exception {
    try (GitopsFixture fx = new GitopsFixture(dir)) {
      Crds.install(fx.client());
      PrometheusMeterRegistry shardMeters = ProcessMetrics.create();
      PrometheusMeterRegistry mainMeters = ProcessMetrics.create();
      try (Controllers shard = start(fx, "shard1", shardMeters, SHARD + "=shard1");
          Controllers main = start(fx, "main", mainMeters, "!" + SHARD)) {
        fx.apply(source("repo", null, fx.url));
        fx.apply(source("repo1", "shard1", fx.url));
        fx.apply(kustomization("apps", null, "repo", "./deploy"));
        // a shard's Kustomization may sync a source of the main instance
        fx.apply(kustomization("extra", "shard1", "repo", "./extra"));
        fx.apply(kustomization("apps1", "shard1", "repo1", "./deploy"));
        for (String ks : new String[] {"apps", "extra", "apps1"}) {
          await().atMost(Duration.ofSeconds(60)).until(() -> fx.ready(ks).equals("True"));
        }

        assertThat(artifactUrl(fx, "repo")).startsWith(main.artifactBaseUrl());
        assertThat(artifactUrl(fx, "repo1")).startsWith(shard.artifactBaseUrl());

        assertThat(held(shardMeters))
            .containsExactlyInAnyOrder(
                "GitRepository/repo1", "Kustomization/extra", "Kustomization/apps1");
        assertThat(held(mainMeters))
            .containsExactlyInAnyOrder("GitRepository/repo", "Kustomization/apps");
        assertThat(reconciled(shardMeters))
            .containsExactlyInAnyOrder(
                "GitRepository/repo1", "Kustomization/extra", "Kustomization/apps1");
        assertThat(reconciled(mainMeters))
            .containsExactlyInAnyOrder("GitRepository/repo", "Kustomization/apps");

        // relabelled into shard1: the main instance lets go, the shard takes it and reconciles it
        fx.client()
            .resources(Kustomization.class)
            .inNamespace(GitopsFixture.NS)
            .withName("apps")
            .edit(
                k -> {
                  k.getMetadata().setLabels(Map.of(SHARD, "shard1"));
                  return k;
                });
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> reconciled(shardMeters).contains("Kustomization/apps"));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> !held(mainMeters).contains("Kustomization/apps"));
        assertThat(held(shardMeters)).contains("Kustomization/apps");
      }
    }
  }

  private Controllers start(
      GitopsFixture fx, String name, PrometheusMeterRegistry meters, String selector) {
    return Controllers.start(
        fx.client(),
        ControllerOptions.defaults(dir.resolve("controllers-" + name))
            .withMeters(meters)
            .withWatchLabelSelector(selector));
  }

  private static String source(String name, String shard, String url) {
    return """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: GitRepository
        metadata: {name: %s, namespace: flux-system%s}
        spec: {interval: 1h, url: "%s", ref: {branch: main}}
        """
        .formatted(name, labels(shard), url);
  }

  private static String kustomization(String name, String shard, String source, String path) {
    return """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata: {name: %s, namespace: flux-system%s}
        spec:
          interval: 1h
          path: %s
          prune: true
          sourceRef: {kind: GitRepository, name: %s}
        """
        .formatted(name, labels(shard), path, source);
  }

  private static String labels(String shard) {
    return shard == null ? "" : ", labels: {" + SHARD + ": " + shard + "}";
  }

  private static String artifactUrl(GitopsFixture fx, String name) {
    GitRepository repo =
        fx.client()
            .resources(GitRepository.class)
            .inNamespace(GitopsFixture.NS)
            .withName(name)
            .get();
    return repo.getStatus().artifact().url();
  }

  /** kind/name of the objects an instance holds, by its gotk_resource_info. */
  private static Set<String> held(PrometheusMeterRegistry meters) {
    return PrometheusText.parse(meters.scrape()).samples("gotk_resource_info").stream()
        .map(s -> s.labels().get("customresource_kind") + "/" + s.labels().get("name"))
        .collect(Collectors.toSet());
  }

  /** kind/name of the objects an instance reconciled, by its gotk_reconcile_duration_seconds. */
  private static Set<String> reconciled(PrometheusMeterRegistry meters) {
    return PrometheusText.parse(meters.scrape())
        .samples("gotk_reconcile_duration_seconds_count")
        .stream()
        .filter(s -> s.value() > 0)
        .map(s -> s.labels().get("kind") + "/" + s.labels().get("name"))
        .collect(Collectors.toSet());
  }
}
