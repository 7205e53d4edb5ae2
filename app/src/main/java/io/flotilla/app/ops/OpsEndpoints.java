package io.flotilla.app.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flotilla.server.prometheus.GoExposition;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The operational endpoints of {@code flotilla controller} and {@code flotilla agent}, where Flux's
 * controllers serve theirs: {@code /metrics} (Prometheus text) on {@code --metrics-addr}, {@code
 * /healthz} and {@code /readyz} on {@code --health-addr}; one server when both name the same
 * address.
 */
public final class OpsEndpoints implements AutoCloseable {
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private final List<HttpServer> servers;
  private final URI metricsUrl;
  private final URI healthUrl;

  private OpsEndpoints(List<HttpServer> servers, URI metricsUrl, URI healthUrl) {
    this.servers = servers;
    this.metricsUrl = metricsUrl;
    this.healthUrl = healthUrl;
  }

  /**
   * Binds both addresses ({@code 0}: that endpoint is off). The health endpoints answer at once:
   * {@code /healthz} says the process serves, {@code /readyz} asks {@code readiness}.
   */
  public static OpsEndpoints start(
      String metricsAddr, String healthAddr, PrometheusMeterRegistry registry, Readiness readiness)
      throws IOException {
    Optional<ListenAddress> metrics = ListenAddress.parse("--metrics-addr", metricsAddr);
    Optional<ListenAddress> health = ListenAddress.parse("--health-addr", healthAddr);
    List<HttpServer> servers = new ArrayList<>();
    try {
      HttpServer metricsServer = metrics.isPresent() ? bind(metrics.get(), servers) : null;
      HttpServer healthServer =
          health.isEmpty()
              ? null
              : health.equals(metrics) && metrics.get().port() != 0
                  ? metricsServer
                  : bind(health.get(), servers);
      if (metricsServer != null) {
        metricsServer.createContext(
            "/metrics", ex -> answer(ex, 200, PROMETHEUS_TEXT, GoExposition.scrape(registry)));
      }
      if (healthServer != null) {
        healthServer.createContext(
            "/healthz", ex -> answer(ex, 200, "text/plain; charset=utf-8", "ok"));
        healthServer.createContext(
            "/readyz",
            ex -> {
              boolean verbose =
                  ex.getRequestURI().getQuery() != null
                      && ex.getRequestURI().getQuery().contains("verbose");
              Readiness.Report r = readiness.report(verbose);
              answer(ex, r.ok() ? 200 : 500, "text/plain; charset=utf-8", r.text());
            });
      }
      servers.forEach(HttpServer::start);
      return new OpsEndpoints(servers, url(metricsServer), url(healthServer));
    } catch (IOException | RuntimeException e) {
      servers.forEach(s -> s.stop(0));
      throw e;
    }
  }

  private static HttpServer bind(ListenAddress address, List<HttpServer> servers)
      throws IOException {
    HttpServer server = HttpServer.create(address.socket(), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    servers.add(server);
    return server;
  }

  private static URI url(HttpServer server) {
    if (server == null) {
      return null;
    }
    String host =
        server.getAddress().getAddress().isAnyLocalAddress()
            ? "127.0.0.1"
            : server.getAddress().getHostString();
    return URI.create(
        "http://"
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + server.getAddress().getPort());
  }

  private static void answer(HttpExchange ex, int status, String type, String body)
      throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", type);
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(status, head ? -1 : bytes.length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  /** Where {@code /metrics} is served (null: off), e.g. {@code http://127.0.0.1:8080}. */
  public URI metricsUrl() {
    return metricsUrl;
  }

  /** Where {@code /healthz} and {@code /readyz} are served (null: off). */
  public URI healthUrl() {
    return healthUrl;
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
  }
}
