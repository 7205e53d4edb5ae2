package io.flotilla.app.ops;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a process's work only while it leads, as controller-runtime's manager does: the work starts
 * when this replica takes the Lease, and when the Lease is lost the work stops and {@code lost}
 * runs (the commands exit, so that a replica never goes on reconciling beside a new leader). A
 * clean stop ends the work first and then releases the Lease, so the next leader starts at once and
 * never beside it.
 */
public final class Leadership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
  private final LeaseSettings settings;
  private final Callable<? extends AutoCloseable> work;
  private final Runnable lost;
  private final AtomicBoolean leading = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final ExecutorService elections =
      Executors.newCachedThreadPool(Thread.ofVirtual().name("leader-election").factory());
  private final CompletableFuture<AutoCloseable> running = new CompletableFuture<>();
  private volatile CompletableFuture<?> election;
  private volatile String leader;
  private final KubernetesClient client;

  private Leadership(
      KubernetesClient client,
      LeaseSettings settings,
      Callable<? extends AutoCloseable> work,
      Runnable lost) {
    this.client = client;
    this.settings = settings;
    this.work = work;
    this.lost = lost;
  }

  /**
   * Starts {@code work} now (no leader election; refused with {@link LeaseHeld} while another
   * replica holds the Lease) or once this replica leads; {@code leader_election_master_status} says
   * which.
   */
  public static Leadership start(
      KubernetesClient client,
      LeaseSettings settings,
      MeterRegistry meters,
      Callable<? extends AutoCloseable> work,
      Runnable lost)
      throws Exception {
    Leadership l = new Leadership(client, settings, work, lost);
    if (!settings.enabled()) {
      refuseIfHeld(client, settings);
      l.leading.set(true);
      l.running.complete(work.call());
      return l;
    }
    Gauge.builder("leader_election_master_status", l, x -> x.leading.get() ? 1 : 0)
        .description(
            "Gauge of if the reporting system is master of the relevant lease, 0 indicates"
                + " backup, 1 indicates master. 'name' is the string used to identify the lease.")
        .tag("name", settings.name())
        .register(meters);
    LeaseLock lock = new LeaseLock(settings.namespace(), settings.name(), settings.identity());
    LeaderElectionConfig config =
        new LeaderElectionConfig(
            lock,
            settings.leaseDuration(),
            settings.renewDeadline(),
            settings.retryPeriod(),
            new LeaderCallbacks(l::startedLeading, l::stoppedLeading, l::newLeader),
            true,
            settings.name());
    LOG.info(
        "waiting to lead: Lease {}/{} as {}",
        settings.namespace(),
        settings.name(),
        settings.identity());
    l.election = new LeaderElectorBuilder(client, l.elections).withConfig(config).build().start();
    return l;
  }

  /**
   * Refuses to run without leader election while an unexpired Lease names a holder: that replica
   * reconciles, and two reconcilers of the same objects fight over them.
   */
  static void refuseIfHeld(KubernetesClient client, LeaseSettings s) {
    Lease lease;
    try {
      lease = client.leases().inNamespace(s.namespace()).withName(s.name()).get();
    } catch (KubernetesClientException e) {
      // not allowed to read Leases: nobody here elects with this account's permissions
      LOG.debug("cannot read Lease {}/{}: {}", s.namespace(), s.name(), e.getMessage());
      return;
    }
    if (lease == null || lease.getSpec() == null) {
      return;
    }
    String holder = lease.getSpec().getHolderIdentity();
    ZonedDateTime renewed = lease.getSpec().getRenewTime();
    Integer seconds = lease.getSpec().getLeaseDurationSeconds();
    if (holder == null || holder.isBlank() || renewed == null || seconds == null) {
      return;
    }
    ZonedDateTime now = ZonedDateTime.now(renewed.getZone());
    if (!renewed.plusSeconds(seconds).isAfter(now)) {
      return;
    }
    long ago = Math.max(0, Duration.between(renewed, now).toSeconds());
    throw new LeaseHeld(
        "will not start reconciling: the Lease "
            + s.namespace()
            + "/"
            + s.name()
            + " is held by "
            + holder
            + " (renewed "
            + ago
            + "s ago, valid for "
            + seconds
            + "s), so another replica runs with --leader-elect and reconciles these objects."
            + " Start this one with --leader-elect too (it then waits as a standby), or stop"
            + " the other first.");
  }

  private void startedLeading() {
    if (closing.get() || !leading.compareAndSet(false, true)) {
      return;
    }
    LOG.info("leading: took Lease {}/{}", settings.namespace(), settings.name());
    // off the elector's thread: a slow start must not hold up the renewals
    Thread.ofVirtual()
        .name("leader-work")
        .start(
            () -> {
              try {
                running.complete(work.call());
              } catch (Exception e) {
                running.completeExceptionally(e);
                LOG.error("cannot start while leading", e);
                if (!closing.get()) {
                  lost.run();
                }
              }
            });
  }

  private void stoppedLeading() {
    if (closing.get() || !leading.compareAndSet(true, false)) {
      return;
    }
    LOG.error(
        "leader election lost: Lease {}/{} (now held by {}); stopping",
        settings.namespace(),
        settings.name(),
        leader);
    stopWork();
    lost.run();
  }

  private void newLeader(String identity) {
    leader = identity;
    if (identity != null && !identity.equals(settings.identity())) {
      LOG.info("Lease {}/{} is held by {}", settings.namespace(), settings.name(), identity);
    }
  }

  /** Whether this replica leads (always, without leader election). */
  public boolean leading() {
    return leading.get();
  }

  /** The holder last seen on the Lease (null: none seen, or no leader election). */
  public String leader() {
    return leader;
  }

  /**
   * Ready while standing by (a standby has nothing to sync, and a rollout of two replicas must
   * complete), and while leading once {@code workReady} says so.
   */
  public BooleanSupplier ready(BooleanSupplier workReady) {
    return () -> !leading.get() || (running.isDone() && workReady.getAsBoolean());
  }

  private void stopWork() {
    if (!running.isDone()) {
      // a start still under way: wait for it, so that what it started is stopped
      running.exceptionally(e -> null).join();
    }
    AutoCloseable w = running.getNow(null);
    if (w != null) {
      try {
        w.close();
      } catch (Exception e) {
        LOG.warn("error while stopping: {}", e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    // the work ends before the Lease is released: the next leader never runs beside it
    if (leading.get()) {
      stopWork();
    }
    CompletableFuture<?> e = election;
    if (e != null) {
      e.cancel(true);
      release();
    }
    leading.set(false);
    elections.shutdown();
  }

  /**
   * Gives the Lease up if this replica still holds it, as client-go's ReleaseOnCancel: no holder
   * and a one-second duration, so a standby takes over at its next retry instead of after the lease
   * duration.
   */
  private void release() {
    try {
      client
          .leases()
          .inNamespace(settings.namespace())
          .withName(settings.name())
          .edit(
              lease -> {
                if (lease.getSpec() != null
                    && settings.identity().equals(lease.getSpec().getHolderIdentity())) {
                  lease.getSpec().setHolderIdentity(null);
                  lease.getSpec().setLeaseDurationSeconds(1);
                  lease.getSpec().setRenewTime(ZonedDateTime.now(java.time.ZoneOffset.UTC));
                }
                return lease;
              });
    } catch (KubernetesClientException ex) {
      // gone, or taken meanwhile: nothing of ours to release
      LOG.debug("cannot release Lease {}: {}", settings.name(), ex.getMessage());
    }
  }
}
