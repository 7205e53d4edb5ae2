package io.flotilla.server.agent;

import io.flotilla.server.http.ArmException;
import io.flotilla.server.signals.DesiredStateSignals;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One agent's fetch of its desired state with an ETag it already has: answered at once when the
 * state changed, else when its cluster's signal fires or its time is up. While it waits it holds no
 * thread, only a watch and a timer: 10,000 agents' open polls were 10,000 parked virtual threads
 * whose stacks the collector copied at every young collection.
 */
final class LongPoll {
  private final Context ctx;
  private final AgentService service;
  private final DesiredStateSignals signals;
  private final String clusterId;
  private final String ifNoneMatch;
  private final boolean withExtensions;
  private final Instant deadline;
  private final Duration recheck;
  private CompletableFuture<Void> watch;

  LongPoll(
      Context ctx,
      AgentService service,
      DesiredStateSignals signals,
      String ifNoneMatch,
      boolean withExtensions,
      Instant deadline,
      Duration recheck) {
    this.ctx = ctx;
    this.service = service;
    this.signals = signals;
    this.clusterId = ctx.pathParam("clusterId");
    this.ifNoneMatch = ifNoneMatch;
    this.withExtensions = withExtensions;
    this.deadline = deadline;
    this.recheck = recheck;
  }

  /** Answers now if the state changed or the time is up; else the poll waits ({@link #later}). */
  boolean answered() {
    AgentController.refuseWhenShuttingDown(ctx, signals);
    watch = signals.watch(clusterId);
    try {
      Optional<Long> version = service.currentVersion(clusterId);
      if (version.isEmpty()) {
        throw new ArmException(404, "ResourceNotFound", "The cluster no longer exists.");
      }
      String etag = AgentService.etag(version.get());
      if (!AgentController.matches(ifNoneMatch, etag)) {
        AgentController.send(ctx, service.desired(clusterId, withExtensions, version.get()));
        return done();
      }
      if (!Instant.now().isBefore(deadline)) {
        ctx.header("ETag", etag);
        ctx.status(304);
        return done();
      }
      return false;
    } catch (RuntimeException e) {
      done();
      throw e;
    }
  }

  private boolean done() {
    signals.unwatch(clusterId, watch);
    return true;
  }

  /**
   * Completes once the poll has been answered: the watch or a timer (at most {@link #recheck}, a
   * safety net) wakes it, and it looks again on a virtual thread of its own.
   */
  CompletableFuture<Void> later() {
    var answered = new CompletableFuture<Void>();
    waitAgain(answered);
    return answered;
  }

  private void waitAgain(CompletableFuture<Void> answered) {
    Duration left = Duration.between(Instant.now(), deadline);
    long nap = Math.max(1, (left.compareTo(recheck) < 0 ? left : recheck).toMillis());
    var timer =
        CompletableFuture.runAsync(
            () -> {}, CompletableFuture.delayedExecutor(nap, TimeUnit.MILLISECONDS));
    CompletableFuture.anyOf(watch, timer)
        .whenCompleteAsync(
            (x, e) -> {
              try {
                signals.unwatch(clusterId, watch); // a timer that won leaves the watch behind
                if (answered()) {
                  answered.complete(null);
                } else {
                  waitAgain(answered);
                }
              } catch (RuntimeException ex) {
                answered.completeExceptionally(ex);
              }
            },
            command -> Thread.ofVirtual().name("flotilla-poll").start(command));
  }
}
