package io.flotilla.server.agent;

import io.flotilla.api.agent.AgentApi;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.agent.StatusReport;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.RequestBodies;
import io.flotilla.server.signals.DesiredStateSignals;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.Container;

/**
 * HTTP for the agent protocol. The long-poll blocks its request thread, which is a virtual thread
 * (Javalin's {@code useVirtualThreads}), so a waiting agent costs no platform thread.
 */
public final class AgentController {
  static final int MAX_WAIT_SECONDS = 60;

  /**
   * A waiting poll wakes on its cluster's signal: local changes raise it at once, and {@link
   * AgentService#refreshVersions()} raises it within a second for other replicas' changes. This
   * re-check is only a safety net, so an idle poll costs no database work while it waits.
   */
  static final Duration RECHECK = Duration.ofSeconds(15);

  /**
   * How long an HTTP connection may sit idle before the service closes it: well above the agents'
   * cadence (a long-poll of up to {@link #MAX_WAIT_SECONDS}, a heartbeat or status report every 30
   * s). At Jetty's default of 30 s, the service closed a kept-alive connection just as an agent
   * sent its next 30-second heartbeat or report on it; the client saw the connection end without an
   * answer ("header parser received no bytes") and does not resend a POST on its own.
   */
  static final Duration CONNECTION_IDLE = Duration.ofSeconds(2L * MAX_WAIT_SECONDS + 30);

  private final AgentService service;
  private final DesiredStateSignals signals;

  /**
   * Gives the server's connectors, those there now and those added later, {@link #CONNECTION_IDLE}.
   */
  public static void keepAgentConnections(Server server) {
    for (Connector c : server.getConnectors()) {
      idle(c);
    }
    server.addEventListener(
        new Container.Listener() {
          @Override
          public void beanAdded(Container parent, Object child) {
            idle(child);
          }

          @Override
          public void beanRemoved(Container parent, Object child) {}
        });
  }

  private static void idle(Object connector) {
    if (connector instanceof AbstractConnector c) {
      c.setIdleTimeout(CONNECTION_IDLE.toMillis());
    }
  }

  public AgentController(AgentService service, DesiredStateSignals signals) {
    this.service = service;
    this.signals = signals;
  }

  public void routes(Javalin app) {
    String base = AgentApi.PREFIX + "{clusterId}";
    app.get(base + "/desired", this::desired);
    app.post(base + "/status", this::status);
    app.post(base + "/heartbeat", this::heartbeat);
  }

  void desired(Context ctx) throws InterruptedException {
    String clusterId = ctx.pathParam("clusterId");
    int wait = waitSeconds(ctx.queryParam("waitSeconds"));
    String ifNoneMatch = ctx.header("If-None-Match");
    // Agents that manage extensions themselves opt in; the others' responses stay as they were.
    boolean withExtensions = "true".equalsIgnoreCase(ctx.queryParam("extensions"));
    service.heartbeat(clusterId);
    Instant deadline = Instant.now().plusSeconds(wait);
    while (true) {
      if (signals.isShutdown()) {
        ctx.header("Retry-After", "5");
        throw new ArmException(
            503, "ServiceUnavailable", "The service is shutting down; retry in a few seconds.");
      }
      var watch = signals.watch(clusterId);
      Optional<Long> version = service.currentVersion(clusterId);
      if (version.isEmpty()) {
        throw new ArmException(404, "ResourceNotFound", "The cluster no longer exists.");
      }
      Optional<String> etag = version.map(AgentService::etag);
      if (!matches(ifNoneMatch, etag.get())) {
        var delivery = service.desired(clusterId, withExtensions, version.get()).orElse(null);
        if (delivery == null) {
          throw new ArmException(404, "ResourceNotFound", "The cluster no longer exists.");
        }
        ctx.header("ETag", delivery.etag());
        ctx.contentType(ContentType.APPLICATION_JSON).result(delivery.json());
        return;
      }
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || left.isZero()) {
        ctx.header("ETag", etag.get());
        ctx.status(304);
        return;
      }
      DesiredStateSignals.await(watch, left.compareTo(RECHECK) < 0 ? left : RECHECK);
    }
  }

  void status(Context ctx) {
    var body = RequestBodies.object(ctx, java.util.Set.of("configurations", "extensions"));
    var extensions = body.remove("extensions");
    StatusReport report = RequestBodies.convert(body, StatusReport.class);
    List<ExtensionStatus> extensionStatuses =
        extensions == null || extensions.isNull()
            ? List.of()
            : List.of(RequestBodies.convert(extensions, ExtensionStatus[].class));
    service.report(ctx.pathParam("clusterId"), report, extensionStatuses);
    ctx.status(204);
  }

  void heartbeat(Context ctx) {
    service.heartbeat(ctx.pathParam("clusterId"));
    ctx.status(204);
  }

  static int waitSeconds(String raw) {
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      int wait = Integer.parseInt(raw.strip());
      if (wait < 0) {
        throw new NumberFormatException("negative");
      }
      // a longer wait is answered after the longest one the service holds a poll for
      return Math.min(MAX_WAIT_SECONDS, wait);
    } catch (NumberFormatException e) {
      throw ArmException.badRequest(
          "InvalidParameter",
          "waitSeconds must be a whole number of seconds (0-"
              + MAX_WAIT_SECONDS
              + "), got '"
              + raw
              + "'.",
          "waitSeconds");
    }
  }

  /**
   * If-None-Match may list several tags, quoted or not, weak or strong ("*" is not useful here).
   */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    String bare = unquote(etag);
    return Arrays.stream(ifNoneMatch.split(","))
        .map(String::strip)
        .map(t -> t.startsWith("W/") ? t.substring(2) : t)
        .anyMatch(t -> unquote(t).equals(bare));
  }

  private static String unquote(String t) {
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")
        ? t.substring(1, t.length() - 1)
        : t;
  }
}
