package io.flotilla.server.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs requests that arrive together in one transaction: when 10,000 agents reconnect at once,
 * their token checks, state reads and status reports wait for a few dozen commits instead of
 * queueing 10,000 transactions each for a 16-connection pool. A request is answered only after its
 * group committed; a group that fails is run again request by request, so one bad request fails
 * alone.
 *
 * <p>Workers are virtual threads started while requests wait and gone when the queue is empty, so
 * an idle instance holds no thread and needs no closing; {@link #close()} only waits for what is
 * queued.
 *
 * @param <T> a request
 * @param <R> its answer
 */
public final class GroupedTransactions<T, R> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupedTransactions.class);

  /** Runs one group inside its transaction; answers in the group's order. */
  @FunctionalInterface
  public interface Work<T, R> {
    List<R> run(Handle h, List<T> group);
  }

  private record Pending<T, R>(T request, CompletableFuture<R> done) {}

  private final Jdbi jdbi;
  private final String name;
  private final int workers;
  private final int maxGroup;
  private final Work<T, R> work;
  private final ConcurrentLinkedQueue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger active = new AtomicInteger();

  /**
   * @param workers groups in flight at once (two keep one group's round trips overlapping the next
   *     one's)
   * @param maxGroup requests per transaction at most
   */
  public GroupedTransactions(Jdbi jdbi, String name, int workers, int maxGroup, Work<T, R> work) {
    this.jdbi = jdbi;
    this.name = name;
    this.workers = workers;
    this.maxGroup = maxGroup;
    this.work = work;
  }

  /** Queues the request and waits until its group committed; rethrows what running it threw. */
  public R submit(T request) {
    var done = new CompletableFuture<R>();
    queue.add(new Pending<>(request, done));
    if (acquire()) {
      Thread.ofVirtual().name("flotilla-" + name).start(this::drain);
    }
    try {
      return done.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private boolean acquire() {
    if (active.incrementAndGet() <= workers) {
      return true;
    }
    active.decrementAndGet();
    return false;
  }

  private void drain() {
    // A request queued while this worker was leaving found every worker busy: take it too.
    do {
      for (List<Pending<T, R>> group = take(); !group.isEmpty(); group = take()) {
        run(group);
      }
      active.decrementAndGet();
    } while (!queue.isEmpty() && acquire());
  }

  private List<Pending<T, R>> take() {
    List<Pending<T, R>> group = new ArrayList<>();
    for (Pending<T, R> p = queue.poll();
        p != null;
        p = group.size() < maxGroup ? queue.poll() : null) {
      group.add(p);
    }
    return group;
  }

  private void run(List<Pending<T, R>> group) {
    List<R> results;
    try {
      List<T> requests = group.stream().map(Pending::request).toList();
      results = jdbi.inTransaction(h -> work.run(h, requests));
    } catch (RuntimeException e) {
      // one by one only helps against a bad request, not against a database that is away
      if (group.size() == 1 || DatabaseTimeouts.unavailable(e).isPresent()) {
        group.forEach(p -> p.done().completeExceptionally(e));
        return;
      }
      LOG.debug("A group of {} {} failed; running them one by one", group.size(), name, e);
      for (Pending<T, R> p : group) {
        run(List.of(p));
      }
      return;
    } catch (Error e) {
      group.forEach(p -> p.done().completeExceptionally(e));
      throw e;
    }
    for (int i = 0; i < group.size(); i++) {
      group.get(i).done().complete(results.get(i));
    }
  }

  /** Requests waiting for a group (for tests that need a group to form). */
  int queued() {
    return queue.size();
  }

  /** Waits (at most 10 s) until every queued request has been run. */
  @Override
  public void close() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((active.get() > 0 || !queue.isEmpty()) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }
}
