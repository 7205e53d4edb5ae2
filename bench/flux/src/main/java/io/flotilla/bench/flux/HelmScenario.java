package io.flotilla.bench.flux;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.testkit.helm.ChartRepoServer;
import java.util.Map;

/**
 * Flux's benchmark for N HelmReleases in a {@link Frame}: a loopback chart repository serving the
 * test charts (nothing downloaded), one HelmRepository, the controllers; then N HelmReleases of
 * podinfo created at once, each generating its HelmChart.
 */
final class HelmScenario {
  static final String NS = Scenario.NS;
  static final String CHART_VERSION = "6.0.3";

  private HelmScenario() {}

  static Scenario.Result run(int n, Scenario.Settings settings) throws Exception {
    return Frame.run(
        "helm-bench-",
        settings,
        frame -> {
          try (ChartRepoServer charts =
              ChartRepoServer.withTestCharts(frame.tmp().resolve("charts"))) {
            return frame.measure(
                helmRepository(charts.url()),
                n,
                new Passes.Target<>(
                    HelmRelease.KIND,
                    HelmRelease.class,
                    HelmScenario::helmRelease,
                    HelmScenario::deployed));
          }
        });
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

  private static boolean deployed(HelmRelease hr) {
    var history = hr.getStatus().history();
    return history != null && !history.isEmpty() && "deployed".equals(history.get(0).status());
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
