package io.flotilla.bench.flux;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.controllers.ControllerOptions;
import io.flotilla.controllers.Controllers;
import io.flotilla.testkit.helm.ChartRepoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Flux's benchmark for N HelmReleases, everything in this JVM: the embedded API with RBAC on, a
 * loopback chart repository serving the test charts (nothing downloaded), one HelmRepository, the
 * controllers; then N HelmReleases of podinfo created at once, each generating its HelmChart.
 */
final class HelmScenario {
  static final String NS = Scenario.NS;
  static final String CHART_VERSION = "6.0.3";

  private HelmScenario() {}

  static Scenario.Result run(int n, Scenario.Settings settings) throws Exception {
    Path tmp = Files.createTempDirectory("helm-bench-");
    String token = UUID.randomUUID().toString();
    try (ApiServer kube = ApiServer.start(token, settings.kubeletDelay());
        KubernetesClient bench = Bench.client(kube.url(), token, RequestCounter.BENCH_AGENT);
        KubernetesClient controllerClient = Bench.client(kube.url(), token, null);
        ChartRepoServer charts = ChartRepoServer.withTestCharts(tmp.resolve("charts"))) {
      Bench.prepare(bench);
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      ControllerOptions options = Bench.controllerOptions(tmp.resolve("data"), meters, settings);
      try (Controllers controllers = Controllers.start(controllerClient, options)) {
        Bench.createSource(bench, helmRepository(charts.url()), settings.timeout());

        return Passes.measure(
            bench,
            n,
            new Passes.Target<>(
                HelmRelease.KIND,
                HelmRelease.class,
                HelmScenario::helmRelease,
                hr -> ready(hr) && deployed(hr),
                (hr, requested) ->
                    ready(hr) && requested.equals(hr.getStatus().lastHandledReconcileAt()),
                HelmScenario::readyMessage),
            settings,
            kube,
            meters);
      }
    } finally {
      Bench.deleteQuietly(tmp);
    }
  }

  /**
   * Requests of a pass that change something other than a status: a no-change pass should have none
   * (no new release revision, no object applied, no HelmChart rewritten).
   */
  static Map<String, Long> writes(Scenario.Pass pass) {
    Map<String, Long> out = new java.util.TreeMap<>();
    pass.requests()
        .forEach(
            (key, count) -> {
              boolean write =
                  key.startsWith("create ")
                      || key.startsWith("update ")
                      || key.startsWith("patch ")
                      || key.startsWith("apply ")
                      || key.startsWith("delete ");
              if (write
                  && !key.endsWith("/status")
                  && !key.contains("(dry-run)")
                  && !key.endsWith(" events")) {
                out.put(key, count);
              }
            });
    return out;
  }

  private static boolean ready(HelmRelease hr) {
    return Bench.ready(hr.getStatus() == null ? null : hr.getStatus().conditions());
  }

  private static boolean deployed(HelmRelease hr) {
    var history = hr.getStatus().history();
    return history != null && !history.isEmpty() && "deployed".equals(history.get(0).status());
  }

  private static String readyMessage(HelmRelease hr) {
    return Bench.readyMessage(hr.getStatus() == null ? null : hr.getStatus().conditions());
  }

  static GenericKubernetesResource helmRepository(String url) {
    return Serialization.unmarshal(
        """
        apiVersion: source.toolkit.fluxcd.io/v1
        kind: HelmRepository
        metadata:
          name: podinfo
          namespace: %s
        spec:
          interval: 60m
          url: %s
        """
            .formatted(NS, url),
        GenericKubernetesResource.class);
  }

  /** As Flux's benchmark: interval 60m, podinfo into its own release, one per app. */
  static HelmRelease helmRelease(int i) {
    return Serialization.unmarshal(
        """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: app-%1$d
          namespace: %2$s
        spec:
          interval: 60m
          releaseName: app-%1$d
          chart:
            spec:
              chart: podinfo
              version: "%3$s"
              interval: 60m
              sourceRef:
                kind: HelmRepository
                name: podinfo
          values:
            replicaCount: 1
        """
            .formatted(i, NS, CHART_VERSION),
        HelmRelease.class);
  }
}
