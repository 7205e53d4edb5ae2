package io.flotilla.server;

import io.flotilla.server.cluster.Connectivity;
import io.flotilla.server.store.Database;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's meters: {@code http_server_requests_seconds{method,route,code}} per request (the
 * route is the matched template, never a resource name), and, from the database every few seconds,
 * {@code flotilla_clusters_connected}, {@code flotilla_clusters_stale} (silent past the offline
 * threshold, shown as Offline) and {@code flotilla_operations_pending} (asynchronous operations
 * still InProgress). Gauges are read from memory, so a scrape never waits on the database.
 */
final class ServiceMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceMetrics.class);
  private final PrometheusMeterRegistry registry;
  private final AtomicLong connected = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private final AtomicLong pending = new AtomicLong();

  ServiceMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("flotilla_clusters_connected", connected, AtomicLong::get)
        .description("Connected clusters whose agent was heard within the offline threshold.")
        .register(registry);
    Gauge.builder("flotilla_clusters_stale", stale, AtomicLong::get)
        .description("Connected clusters whose agent has been silent past the offline threshold.")
        .register(registry);
    Gauge.builder("flotilla_operations_pending", pending, AtomicLong::get)
        .description("Asynchronous operations still in progress.")
        .register(registry);
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Javalin's request logger: one request done, {@code millis} after it arrived. */
  void request(Context ctx, Float millis) {
    String route;
    try {
      route = ctx.endpointHandlerPath();
    } catch (RuntimeException e) {
      route = "";
    }
    var key =
        new TimerKey(
            ctx.method().name(),
            route == null || route.isEmpty() || route.equals("*") ? "unmatched" : route,
            ctx.statusCode());
    timers.computeIfAbsent(key, this::timer).record(Duration.ofNanos((long) (millis * 1_000_000)));
  }

  /** One timer's tags; routes are templates, so there are as many as routes × methods × codes. */
  private record TimerKey(String method, String route, int code) {}

  private final ConcurrentHashMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();

  private Timer timer(TimerKey k) {
    return Timer.builder("http_server_requests")
        .description("HTTP requests served, by method, matched route and status code.")
        .tags("method", k.method(), "route", k.route(), "code", Integer.toString(k.code()))
        .register(registry);
  }

  /** Reads the gauges' values from the database; a failure keeps the last ones. */
  void refresh(Database db, Connectivity connectivity, Instant now) {
    try {
      Instant since = now.minus(connectivity.offlineAfter());
      db.jdbi()
          .useHandle(
              h -> {
                long all = h.createQuery("SELECT COUNT(*) FROM clusters").mapTo(Long.class).one();
                long live =
                    h.createQuery("SELECT COUNT(*) FROM clusters WHERE last_seen_at > :since")
                        .bind("since", Database.ts(since))
                        .mapTo(Long.class)
                        .one();
                long inProgress =
                    h.createQuery("SELECT COUNT(*) FROM operations WHERE status = 'InProgress'")
                        .mapTo(Long.class)
                        .one();
                connected.set(live);
                stale.set(all - live);
                pending.set(inProgress);
              });
    } catch (RuntimeException e) {
      LOG.debug("cannot read the service's gauges: {}", e.getMessage());
    }
  }
}
