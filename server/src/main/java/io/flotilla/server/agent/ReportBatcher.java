package io.flotilla.server.agent;

import io.flotilla.api.agent.ConfigurationStatus;
import io.flotilla.api.agent.ExtensionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes agents' status reports in groups: reports that arrive together share one transaction (one
 * connection, one commit), so that 10,000 agents reconnecting at once wait for a few hundred
 * commits instead of queueing 10,000 transactions for a 16-connection pool. A report is answered
 * only after its group committed; a group that fails is written again report by report, so one bad
 * report fails alone.
 */
final class ReportBatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReportBatcher.class);

  /** Reports per transaction at most. */
  static final int MAX_GROUP = 500;

  /** Writers draining the queue: two keep a group's round trips overlapping the next one's. */
  static final int WRITERS = 2;

  record Report(
      String clusterId,
      List<ConfigurationStatus> statuses,
      List<ExtensionStatus> extensionStatuses,
      Instant at) {}

  @FunctionalInterface
  interface Applier {
    AgentService.Applied apply(Handle h, Report r);
  }

  private record Pending(Report report, CompletableFuture<AgentService.Applied> done) {}

  private static final Pending STOP = new Pending(null, null);

  private final Jdbi jdbi;
  private final Applier applier;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final List<Thread> writers = new ArrayList<>();

  ReportBatcher(Jdbi jdbi, Applier applier) {
    this.jdbi = jdbi;
    this.applier = applier;
    for (int i = 0; i < WRITERS; i++) {
      Thread t = new Thread(this::run, "flotilla-status-writer-" + i);
      t.setDaemon(true);
      t.start();
      writers.add(t);
    }
  }

  /** Queues the report and waits until it is committed; rethrows what writing it threw. */
  AgentService.Applied submit(Report report) {
    var done = new CompletableFuture<AgentService.Applied>();
    queue.add(new Pending(report, done));
    try {
      return done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private void run() {
    List<Pending> group = new ArrayList<>();
    while (true) {
      try {
        Pending first = queue.take();
        if (first == STOP) {
          return;
        }
        group.clear();
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        boolean stop = group.remove(STOP);
        write(group);
        if (stop) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void write(List<Pending> group) {
    // by cluster (stable: one cluster's reports keep their order), so that two writers' groups
    // lock rows in the same order
    List<Pending> ordered = new ArrayList<>(group);
    ordered.sort(Comparator.comparing(p -> p.report().clusterId()));
    List<AgentService.Applied> results;
    try {
      results =
          jdbi.inTransaction(
              h -> {
                List<AgentService.Applied> out = new ArrayList<>(ordered.size());
                for (Pending p : ordered) {
                  out.add(applier.apply(h, p.report()));
                }
                return out;
              });
    } catch (RuntimeException e) {
      if (ordered.size() == 1) {
        ordered.get(0).done().completeExceptionally(e);
        return;
      }
      LOG.debug("A group of {} status reports failed; writing them one by one", ordered.size(), e);
      for (Pending p : ordered) {
        write(List.of(p));
      }
      return;
    }
    for (int i = 0; i < ordered.size(); i++) {
      ordered.get(i).done().complete(results.get(i));
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < writers.size(); i++) {
      queue.add(STOP);
    }
    for (Thread t : writers) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
