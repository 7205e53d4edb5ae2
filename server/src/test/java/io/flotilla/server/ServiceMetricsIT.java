package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.GIT_CONFIG;
import static io.flotilla.server.ConfigurationServerIT.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.testkit.MutableClock;
import io.flotilla.testkit.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's {@code /metrics}, {@code /healthz} and {@code /readyz}, read without a token as
 * Prometheus and a kubelet read them: requests by route template and code, connected and stale
 * clusters, pending operations.
 */
class ServiceMetricsIT {
  static final Duration OFFLINE_AFTER = Duration.ofMinutes(2);
  @TempDir Path dir;

  @Test
  void aScrapeCountsRequestsByRouteAndCodeAndClustersByConnectivity() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    try (ConfigurationServer server =
        ConfigurationServer.start(
            ServerOptions.defaults().withPort(0).withDataDir(dir).withOfflineAfter(OFFLINE_AFTER),
            clock,
            name -> null)) {
      Api admin = new Api(server.url(), server.adminToken());
      String cluster =
          "/subscriptions/"
              + UUID.randomUUID()
              + "/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/edge-1";
      assertThat(admin.put(v(cluster), "{\"location\":\"westeurope\"}").status()).isEqualTo(201);
      var agent = TestServers.agent(admin, cluster);
      assertThat(agent.heartbeat().status()).isEqualTo(204);
      String config =
          cluster + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/cfg";
      assertThat(admin.put(v(config), GIT_CONFIG).status()).isEqualTo(201);
      assertThat(admin.withToken("wrong").get(v(config)).status()).isEqualTo(401);

      HttpResponse<String> ready = get(server, "/readyz?verbose");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("[+]database ok");
      assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);

      // The gauges are read every 5 s: wait for a read after the heartbeat and after the PUT.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                PrometheusText now = scrape(server);
                return gauge(now, "flotilla_clusters_connected") == 1.0
                    && gauge(now, "flotilla_operations_pending") == 1.0;
              });
      PrometheusText scrape = scrape(server);
      assertThat(gauge(scrape, "flotilla_clusters_stale")).isZero();
      assertThat(gauge(scrape, "flotilla_operations_pending")).isEqualTo(1.0);
      String route =
          "/subscriptions/{sub}/resourceGroups/{rg}/providers/{rp}/{type}/{cluster}"
              + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/{name}";
      assertThat(scrape.family("http_server_requests_seconds").type()).isIn("summary", "histogram");
      assertThat(count(scrape, Map.of("method", "PUT", "route", route, "code", "201")))
          .isEqualTo(1.0);
      // refused before routing (no token): counted, under the route it matched or "unmatched"
      assertThat(
              scrape.samples("http_server_requests_seconds_count").stream()
                  .filter(s -> s.labels().get("code").equals("401"))
                  .filter(s -> s.labels().get("method").equals("GET"))
                  .mapToDouble(PrometheusText.Sample::value)
                  .sum())
          .isEqualTo(1.0);
      // no resource name ever becomes a label value
      assertThat(scrape.samples("http_server_requests_seconds_count"))
          .allSatisfy(s -> assertThat(s.labels().get("route")).doesNotContain("edge-1", "cfg"));

      clock.advance(OFFLINE_AFTER.plusSeconds(1));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> gauge(scrape(server), "flotilla_clusters_stale") == 1.0);
      assertThat(gauge(scrape(server), "flotilla_clusters_connected")).isZero();
    }
  }

  /**
   * In {@code up} the controllers record their histograms into the service's registry: the
   * service's {@code /metrics} writes their buckets as Go does ({@code le="1"}, not Java's {@code
   * le="1.0"}), so Flux's dashboards find {@code gotk_reconcile_duration_seconds_bucket}.
   */
  @Test
  void bucketsRecordedIntoTheServicesRegistryAreWrittenInGosSpelling() throws Exception {
    var registry =
        new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
            io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
    io.micrometer.core.instrument.DistributionSummary.builder("gotk_reconcile_duration_seconds")
        .serviceLevelObjectives(0.00001, 1.0, 10.0)
        .register(registry)
        .record(0.5);
    try (ConfigurationServer server =
        ConfigurationServer.start(
            ServerOptions.defaults().withPort(0).withDataDir(dir).withMeters(registry),
            Clock.systemUTC(),
            name -> null)) {
      String text = get(server, "/metrics").body();
      assertThat(text)
          .contains("gotk_reconcile_duration_seconds_bucket{le=\"1e-05\"} 0")
          .contains("gotk_reconcile_duration_seconds_bucket{le=\"1\"} 1")
          .contains("gotk_reconcile_duration_seconds_bucket{le=\"10\"} 1")
          .doesNotContain("le=\"1.0\"");
    }
  }

  private static HttpResponse<String> get(ConfigurationServer server, String path)
      throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
          HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  private static PrometheusText scrape(ConfigurationServer server) throws Exception {
    HttpResponse<String> r = get(server, "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    return PrometheusText.parse(r.body());
  }

  private static double gauge(PrometheusText scrape, String name) {
    return scrape.samples(name).get(0).value();
  }

  private static double count(PrometheusText scrape, Map<String, String> labels) {
    return scrape.samples("http_server_requests_seconds_count").stream()
        .filter(s -> s.labels().equals(labels))
        .mapToDouble(PrometheusText.Sample::value)
        .sum();
  }
}
