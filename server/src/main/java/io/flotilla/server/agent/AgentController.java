package io.flotilla.server.agent;

import io.flotilla.api.agent.AgentApi;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.agent.StatusReport;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Preconditions;
import io.flotilla.server.http.RequestBodies;
import io.flotilla.server.signals.DesiredStateSignals;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
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

  /**
   * How many connections the kernel may hold for the service before it accepts them (Linux caps it
   * at {@code net.core.somaxconn}). Java's default is 50: when 10,000 agents connected within 10 s,
   * the queue overflowed while the service was busy, the kernel dropped connections it had
   * half-opened, and some agents' status reports ended without an answer ("header parser received
   * no bytes") although the service had not seen those connections at all.
   */
  static final int ACCEPT_QUEUE = 4096;

  /** A safety net for a waiting poll ({@link LongPoll}): it answers within its wait on its own. */
  public static final Duration ASYNC_TIMEOUT = Duration.ofSeconds(MAX_WAIT_SECONDS + 30L);

  private final AgentService service;
  private final DesiredStateSignals signals;

  /**
   * Gives the server's connectors, those there now and those added later, {@link #CONNECTION_IDLE}
   * and {@link #ACCEPT_QUEUE}.
   */
  public static void keepAgentConnections(Server server) {
    for (Connector c : server.getConnectors()) {
      serveFleet(c);
    }
    server.addEventListener(
        new Container.Listener() {
          @Override
          public void beanAdded(Container parent, Object child) {
            serveFleet(child);
          }

          @Override
          public void beanRemoved(Container parent, Object child) {}
        });
  }

  private static void serveFleet(Object connector) {
    if (connector instanceof ServerConnector c) {
      c.setAcceptQueueSize(ACCEPT_QUEUE);
    }
    if (connector instanceof AbstractConnector c) {
      c.setIdleTimeout(CONNECTION_IDLE.toMillis());
      // Jetty builds a header cache (a 1,024-entry trie) for every new connection; an agent's
      // connection carries a request every 30 s or so, and 10,000 agents reconnecting paid for
      // 10,000 tries that never served a second request worth caching.
      var http = c.getConnectionFactory(HttpConnectionFactory.class);
      if (http != null) {
        http.getHttpConfiguration().setHeaderCacheSize(0);
      }
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

  void desired(Context ctx) {
    String clusterId = ctx.pathParam("clusterId");
    int wait = waitSeconds(ctx.queryParam("waitSeconds"));
    String ifNoneMatch = ctx.header("If-None-Match");
    // Agents that manage extensions themselves opt in; the others' responses stay as they were.
    boolean withExtensions = "true".equalsIgnoreCase(ctx.queryParam("extensions"));
    service.heartbeat(clusterId);
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      // nothing to compare (an agent's first fetch): the state is read with its version at once
      refuseWhenShuttingDown(ctx, signals);
      send(ctx, service.desired(clusterId, withExtensions, null));
      return;
    }
    var poll =
        new LongPoll(
            ctx,
            service,
            signals,
            ifNoneMatch,
            withExtensions,
            Instant.now().plusSeconds(wait),
            RECHECK);
    if (!poll.answered()) {
      ctx.future(poll::later);
    }
  }

  /** A replica shutting down answers 503, so agents retry against a live one. */
  static void refuseWhenShuttingDown(Context ctx, DesiredStateSignals signals) {
    if (signals.isShutdown()) {
      ctx.header("Retry-After", "5");
      throw new ArmException(
          503, "ServiceUnavailable", "The service is shutting down; retry in a few seconds.");
    }
  }

  static void send(Context ctx, Optional<AgentService.Delivery> delivery) {
    if (delivery.isEmpty()) {
      throw new ArmException(404, "ResourceNotFound", "The cluster no longer exists.");
    }
    byte[] json = delivery.get().json();
    ctx.header("ETag", delivery.get().etag());
    ctx.contentType(ContentType.APPLICATION_JSON);
    // Written here rather than as Javalin's result, which copies every result through a new
    // buffer of the response's size (32 KiB) per request.
    ctx.res().setContentLength(json.length);
    try {
      ctx.res().getOutputStream().write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
    return Preconditions.listed(ifNoneMatch, etag);
  }
}
