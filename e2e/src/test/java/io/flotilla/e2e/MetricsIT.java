package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.app.ops.OpsEndpoints;
import io.flotilla.app.ops.ProcessMetrics;
import io.flotilla.app.ops.Readiness;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.controllers.Crds;
import io.flotilla.testkit.PrometheusText;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controllers' {@code /metrics}, {@code /healthz} and {@code /readyz} as a scraper and a
 * kubelet see them, after real reconciles: Flux's {@code gotk_reconcile_duration_seconds} with its
 * labels and buckets, controller-runtime's counters and work queue, the JVM's meters — in one
 * registry, read back through a strict Prometheus text parser.
 */
class MetricsIT {
  // as a scrape of Flux's kustomize-controller spells them: client_golang writes Go's shortest
  // float of ExponentialBuckets(10e-9, 10, 10), whose fourth and fifth products are not 1e-05
  private static final List<String> FLUX_LE =
      List.of(
          "1e-08",
          "1e-07",
          "1e-06",
          "9.999999999999999e-06",
          "9.999999999999999e-05",
          "0.001",
          "0.01",
          "0.1",
          "1",
          "10",
          "+Inf");
  // controller-runtime's reconcile-time buckets, first and last few
  private static final List<String> RUNTIME_LE_HEAD = List.of("0.005", "0.01", "0.025", "0.05");
  private static final List<String> RUNTIME_LE_TAIL = List.of("1", "1.25", "1.5");

  @TempDir Path dir;

  @Test
  void aScrapeAfterReconcilesCarriesFluxAndControllerRuntimeMetricsAndProbesFollowTheInformers()
      throws Exception {
    try (GitopsFixture fx = new GitopsFixture(dir)) {
      PrometheusMeterRegistry meters = ProcessMetrics.create();
      AtomicReference<Controllers> running = new AtomicReference<>();
      Readiness readiness =
          new Readiness().add("informers", () -> running.get() != null && running.get().ready());
      try (OpsEndpoints ops = OpsEndpoints.start("127.0.0.1:0", "127.0.0.1:0", meters, readiness)) {
        assertThat(GitopsFixture.get(ops.healthUrl().resolve("/healthz")).statusCode())
            .isEqualTo(200);
        var notYet = GitopsFixture.get(ops.healthUrl().resolve("/readyz"));
        assertThat(notYet.statusCode()).isEqualTo(500);
        assertThat(notYet.body()).contains("[-]informers failed");

        Crds.install(fx.client());
        try (Controllers controllers =
            Controllers.start(
                fx.client(),
                ControllerOptions.defaults(dir.resolve("controllers"))
                    .withConcurrency(3)
                    .withMeters(meters))) {
          running.set(controllers);
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> GitopsFixture.get(ops.healthUrl().resolve("/readyz")).statusCode() == 200);

          fx.createSourceAndKustomization("apps", "./deploy");
          fx.createKustomization("broken", "./missing");
          await().atMost(Duration.ofSeconds(60)).until(() -> fx.ready("apps").equals("True"));
          await().atMost(Duration.ofSeconds(60)).until(() -> fx.ready("broken").equals("False"));

          PrometheusText scrape = GitopsFixture.scrape(ops.metricsUrl());

          PrometheusText.Family gotk = scrape.family("gotk_reconcile_duration_seconds");
          assertThat(gotk.type()).isEqualTo("histogram");
          Map<String, String> apps =
              Map.of("kind", "Kustomization", "name", "apps", "namespace", GitopsFixture.NS);
          List<PrometheusText.Sample> buckets =
              scrape.samples("gotk_reconcile_duration_seconds_bucket").stream()
                  .filter(s -> withoutLe(s).equals(apps))
                  .toList();
          assertThat(buckets)
              .extracting(s -> s.labels().get("le"))
              .containsExactlyElementsOf(FLUX_LE);
          List<String> runtimeLe =
              scrape.samples("controller_runtime_reconcile_time_seconds_bucket").stream()
                  .filter(s -> "kustomization".equals(s.labels().get("controller")))
                  .map(s -> s.labels().get("le"))
                  .toList();
          assertThat(runtimeLe)
              .startsWith(RUNTIME_LE_HEAD.toArray(String[]::new))
              .containsSubsequence(RUNTIME_LE_TAIL)
              .endsWith("50", "60", "+Inf")
              .hasSize(41);
          assertThat(count(scrape, "gotk_reconcile_duration_seconds_count", apps)).isPositive();
          assertThat(
                  count(
                      scrape,
                      "gotk_reconcile_duration_seconds_count",
                      Map.of(
                          "kind", "GitRepository", "name", "repo", "namespace", GitopsFixture.NS)))
              .isPositive();

          // Flux's reconcilers requeue after their interval on success, as controller-runtime
          // counts it; a Ready=False reconcile is an error
          assertThat(scrape.family("controller_runtime_reconcile_total").type())
              .isEqualTo("counter");
          assertThat(
                  count(
                      scrape,
                      "controller_runtime_reconcile_total",
                      Map.of("controller", "kustomization", "result", "requeue_after")))
              .isPositive();
          assertThat(
                  count(
                      scrape,
                      "controller_runtime_reconcile_total",
                      Map.of("controller", "kustomization", "result", "error")))
              .isPositive();
          assertThat(
                  count(
                      scrape,
                      "controller_runtime_reconcile_total",
                      Map.of("controller", "gitrepository", "result", "error")))
              .isZero();
          assertThat(
                  count(
                      scrape,
                      "controller_runtime_reconcile_errors_total",
                      Map.of("controller", "kustomization")))
              .isPositive();
          assertThat(scrape.family("controller_runtime_reconcile_time_seconds").type())
              .isEqualTo("histogram");
          assertThat(
                  count(
                      scrape,
                      "controller_runtime_max_concurrent_reconciles",
                      Map.of("controller", "kustomization")))
              .isEqualTo(3);
          assertThat(
                  scrape.samples("workqueue_depth").stream()
                      .map(PrometheusText.Sample::labels)
                      .toList())
              .contains(Map.of("name", "kustomization", "controller", "kustomization"))
              .contains(Map.of("name", "fluxconfig", "controller", "fluxconfig"));
          assertThat(
                  scrape.samples("workqueue_longest_running_processor_seconds").stream()
                      .map(PrometheusText.Sample::labels)
                      .toList())
              .contains(Map.of("name", "kustomization", "controller", "kustomization"));
          assertThat(
                  count(
                      scrape,
                      "workqueue_adds_total",
                      Map.of("name", "kustomization", "controller", "kustomization")))
              .isPositive();
          assertThat(scrape.families()).containsKeys("jvm_memory_used_bytes", "process_cpu_usage");

          // gotk_resource_info, as Flux's kube-state-metrics config labels it
          assertThat(scrape.family("gotk_resource_info").type()).isEqualTo("gauge");
          Map<String, String> appsInfo = resourceInfo(scrape, "Kustomization", "apps");
          assertThat(appsInfo)
              .containsEntry("customresource_group", "kustomize.toolkit.fluxcd.io")
              .containsEntry("customresource_version", "v1")
              .containsEntry("exported_namespace", GitopsFixture.NS)
              .containsEntry("ready", "True")
              .containsEntry("source_name", "repo")
              .containsKey("revision");
          assertThat(resourceInfo(scrape, "Kustomization", "broken"))
              .containsEntry("ready", "False");
          assertThat(resourceInfo(scrape, "GitRepository", "repo"))
              .containsEntry("customresource_group", "source.toolkit.fluxcd.io")
              .containsEntry("url", fx.url)
              .containsEntry("ready", "True");

          // a deleted object leaves the metric with its cache entry
          fx.client()
              .resources(io.flotilla.api.flux.kustomize.Kustomization.class)
              .inNamespace(GitopsFixture.NS)
              .withName("broken")
              .delete();
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      GitopsFixture.scrape(ops.metricsUrl()).samples("gotk_resource_info").stream()
                          .noneMatch(s -> "broken".equals(s.labels().get("name"))));
        }
      }
    }
  }

  private static Map<String, String> resourceInfo(PrometheusText scrape, String kind, String name) {
    List<PrometheusText.Sample> rows =
        scrape.samples("gotk_resource_info").stream()
            .filter(s -> kind.equals(s.labels().get("customresource_kind")))
            .filter(s -> name.equals(s.labels().get("name")))
            .toList();
    assertThat(rows).as("gotk_resource_info of %s %s", kind, name).hasSize(1);
    assertThat(rows.get(0).value()).isEqualTo(1);
    return rows.get(0).labels();
  }

  private static Map<String, String> withoutLe(PrometheusText.Sample s) {
    var m = new java.util.TreeMap<>(s.labels());
    m.remove("le");
    return m;
  }

  private static double count(PrometheusText scrape, String sample, Map<String, String> labels) {
    return scrape.samples(sample).stream()
        .filter(s -> s.labels().equals(labels))
        .mapToDouble(PrometheusText.Sample::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + sample + labels + " in the scrape"));
  }
}
