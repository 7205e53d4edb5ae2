package io.flotilla.server.assignment;

import static java.util.stream.Collectors.toSet;

import com.fasterxml.jackson.core.type.TypeReference;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.server.assignment.AssignmentPlan.Action;
import io.flotilla.server.assignment.AssignmentPlan.Revisions;
import io.flotilla.server.assignment.AssignmentPlan.Step;
import io.flotilla.server.context.ServiceContext;
import io.flotilla.server.fluxconfig.ConfigurationLifecycle;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.lifecycle.ResourceLifecycle;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRepository;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.OwnerRepository;
import io.flotilla.server.store.OwnerRepository.Owned;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the fluxConfigurations of every cluster match the assignments over it: creates the
 * configuration where a selected cluster has none, rewrites one its assignment owns when the
 * template's revision or the cluster's rendering changed (or, with driftPolicy Revert, when it was
 * edited by hand), and deletes an owned one whose cluster left the scope. A configuration it does
 * not own is never touched. Work is queued (assignments and clusters that changed) and drained by
 * one thread, coalescing bursts; a periodic full pass catches what another replica changed.
 */
public final class AssignmentReconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AssignmentReconciler.class);

  /** Clusters written per transaction: one commit per chunk rather than per cluster. */
  static final int CHUNK = 250;

  /** Chunks in flight at once: one chunk's round trips overlap the next one's. */
  static final int WRITERS = 2;

  private final ServiceContext context;
  private final ConfigurationLifecycle lifecycle;
  private final AssignmentStore store = new AssignmentStore();
  private final ClusterRepository clusters = new ClusterRepository();
  private final ConfigurationRepository configs = new ConfigurationRepository();
  private final OwnerRepository owners = new OwnerRepository();
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "flotilla-assignments");
            t.setDaemon(true);
            return t;
          });
  private final Set<String> pendingAssignments = ConcurrentHashMap.newKeySet();
  private final Set<String> pendingClusters = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean everything = new AtomicBoolean();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /** The last write a cluster refused, per assignment key and cluster id (shown in compliance). */
  private final Map<String, Map<String, String>> refusals = new ConcurrentHashMap<>();

  AssignmentReconciler(ServiceContext context, ConfigurationLifecycle lifecycle) {
    this.context = context;
    this.lifecycle = lifecycle;
  }

  /** The assignment (its template, its released revision or its pins) changed. */
  public void assignmentChanged(String key) {
    pendingAssignments.add(key);
    kick();
  }

  /** A cluster was registered, its tags changed, or one of its configurations was written. */
  public void clusterChanged(String clusterId) {
    pendingClusters.add(clusterId);
    kick();
  }

  /** Reconciles every assignment over every cluster (the periodic pass). */
  public void all() {
    everything.set(true);
    kick();
  }

  /** The assignment is gone: its configurations are deleted from their clusters. */
  void deleted(AssignmentRow a) {
    refusals.remove(a.key());
    all(); // the pass deletes what no assignment owns any more
  }

  Map<String, String> refusals(String key) {
    return refusals.getOrDefault(key, Map.of());
  }

  private void kick() {
    if (scheduled.compareAndSet(false, true)) {
      try {
        worker.execute(this::drain);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        scheduled.set(false); // closing
      }
    }
  }

  private void drain() {
    scheduled.set(false);
    boolean full = everything.getAndSet(false);
    Set<String> assignmentKeys = take(pendingAssignments);
    Set<String> clusterIds = take(pendingClusters);
    try {
      List<AssignmentRow> rows = context.withHandle(store::all);
      for (AssignmentRow a : rows) {
        if (full || assignmentKeys.contains(a.key())) {
          reconcile(a, null);
        } else if (!clusterIds.isEmpty()) {
          reconcile(a, clusterIds);
        }
      }
      if (full) {
        deleteOrphans(rows.stream().map(AssignmentRow::resourceId).collect(toSet()));
      }
    } catch (RuntimeException e) {
      LOG.warn("Reconciling assignments failed; the next pass retries", e);
      pendingAssignments.addAll(assignmentKeys);
      pendingClusters.addAll(clusterIds);
    }
  }

  private static Set<String> take(Set<String> pending) {
    Set<String> out = new java.util.HashSet<>();
    for (var it = pending.iterator(); it.hasNext(); ) {
      out.add(it.next());
      it.remove();
    }
    return out;
  }

  /** Reconciles one assignment over its scope ({@code only}: just these clusters, null: all). */
  void reconcile(AssignmentRow a, Set<String> only) {
    String name = a.spec().configurationName();
    List<Step> steps =
        context.withHandle(
            h -> {
              List<ClusterRow> inScope =
                  clusters.listInScope(h, a.scope().subscription(), a.scope().resourceGroup());
              Map<String, Owned> owned = new HashMap<>();
              for (Owned o : owners.ownedBy(h, a.resourceId())) {
                owned.put(o.clusterId(), o);
              }
              Map<String, String> holders = owners.holdersOf(h, a.scope().subscription(), name);
              Revisions revisions = Revisions.load(h, store, a);
              List<Step> out = new ArrayList<>();
              for (ClusterRow c : inScope) {
                if (only != null && !only.contains(c.id())) {
                  continue;
                }
                Owned o = owned.remove(c.id());
                AssignmentPlan.decide(a, revisions, c, a.spec().selects(c), holders.get(c.id()), o)
                    .ifPresent(out::add);
              }
              // owned configurations on clusters no longer in the scope at all
              for (Owned o : owned.values()) {
                if ((only == null || only.contains(o.clusterId()))
                    && !ProvisioningState.DELETING.equals(o.provisioningState())) {
                  clusters.findById(h, o.clusterId()).ifPresent(c -> out.add(Step.delete(c)));
                }
              }
              return out;
            });
    if (steps.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    Map<Long, Map<String, String>> secrets = decrypt(a, steps);
    int written = run(steps, (h, chunk) -> applyChunk(h, a, chunk, secrets));
    LOG.info(
        "Assignment {} (revision {}): {} of {} cluster(s) written in {} ms",
        a.resourceId(),
        a.revision(),
        written,
        steps.size(),
        (System.nanoTime() - start) / 1_000_000);
  }

  /** Deletes the configurations of assignments that were deleted (without keepConfigurations). */
  private void deleteOrphans(Set<String> live) {
    List<String> gone =
        context.withHandle(
            h ->
                h.createQuery(
                        "SELECT DISTINCT owner_id FROM flux_configurations"
                            + " WHERE owner_id IS NOT NULL AND provisioning_state <> :deleting")
                    .bind("deleting", ProvisioningState.DELETING)
                    .mapTo(String.class)
                    .list());
    for (String ownerId : gone) {
      if (live.contains(ownerId)) {
        continue;
      }
      List<Step> steps =
          context.withHandle(
              h -> {
                List<Step> out = new ArrayList<>();
                for (Owned o : owners.ownedBy(h, ownerId)) {
                  if (!ProvisioningState.DELETING.equals(o.provisioningState())) {
                    clusters.findById(h, o.clusterId()).ifPresent(c -> out.add(Step.delete(c)));
                  }
                }
                return out;
              });
      if (steps.isEmpty()) {
        continue;
      }
      run(
          steps,
          (h, chunk) -> {
            Map<String, Long> written = new java.util.LinkedHashMap<>();
            chunk.stream()
                .filter(s -> deleteOwned(h, ownerId, s.cluster()))
                .forEach(s -> written.put(s.cluster().id(), null));
            return written;
          });
    }
  }

  private boolean deleteOwned(Handle h, String ownerId, ClusterRow c) {
    long version = clusters.bumpStateVersion(h, c.id());
    for (ConfigurationRow row : configs.all(h, c.id())) {
      Optional<OwnerRepository.Owner> owner = owners.find(h, c.id(), row.name());
      if (owner.isPresent()
          && owner.get().ownerId().equals(ownerId)
          && !ProvisioningState.DELETING.equals(row.provisioningState())) {
        lifecycle.markDeleting(
            h,
            c,
            row,
            new ResourceLifecycle.Stamp(
                "assignment:" + ownerId, context.clock().instant(), version),
            "assignment " + ownerId + " was deleted");
        return true;
      }
    }
    return false;
  }

  /**
   * Runs steps in chunks, one transaction each, {@link #WRITERS} at a time (chunks hold disjoint
   * clusters, each locked in id order), then wakes each chunk's clusters' agents as soon as it
   * committed, handing over the committed state versions so that a woken agent's poll need not read
   * them. A chunk that fails fails the pass (the next pass retries what is left); the others are
   * still written.
   */
  private int run(List<Step> steps, StepWriter writer) {
    List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
    try (var pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            WRITERS, Thread.ofVirtual().name("flotilla-assignment-writer").factory())) {
      for (int i = 0; i < steps.size(); i += CHUNK) {
        List<Step> chunk = steps.subList(i, Math.min(steps.size(), i + CHUNK));
        done.add(pool.submit(() -> write(chunk, writer)));
      }
    }
    int total = 0;
    RuntimeException failed = null;
    for (var f : done) {
      try {
        total += f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        if (failed == null) {
          failed =
              e.getCause() instanceof RuntimeException r
                  ? r
                  : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while writing an assignment", e);
      }
    }
    if (failed != null) {
      throw failed;
    }
    return total;
  }

  private int write(List<Step> chunk, StepWriter writer) {
    Map<String, Long> written = context.inTransaction(h -> writer.apply(h, chunk));
    written.forEach(
        (id, version) -> {
          if (version == null) {
            context.signals().changed(id);
          } else {
            context.signals().changed(id, version);
          }
        });
    return written.size();
  }

  @FunctionalInterface
  private interface StepWriter {
    /**
     * Writes a chunk of steps; returns the clusters written, each with the state version it
     * committed (null: not known).
     */
    Map<String, Long> apply(Handle h, List<Step> chunk);
  }

  /**
   * Applies a chunk of steps inside one transaction, each statement batched over the chunk; returns
   * the clusters written with their new state versions. Every decision is made again under the
   * clusters' row locks.
   */
  private Map<String, Long> applyChunk(
      Handle h, AssignmentRow a, List<Step> chunk, Map<Long, Map<String, String>> sealed) {
    String name = a.spec().configurationName();
    List<String> ids = chunk.stream().map(s -> s.cluster().id()).toList();
    Map<String, Long> versions = clusters.bumpStateVersions(h, ids); // locks the cluster rows
    Map<String, ConfigurationRow> existing = configs.findAll(h, name, ids);
    Map<String, OwnerRepository.Owner> owner = owners.findAll(h, name, ids);
    Map<String, Long> written = new java.util.LinkedHashMap<>();
    List<ConfigurationLifecycle.Change> changes = new ArrayList<>();
    Map<String, String> digests = new HashMap<>();
    Map<String, Long> revisions = new HashMap<>();
    for (Step s : chunk) {
      ClusterRow c = s.cluster();
      Long version = versions.get(c.id());
      if (version == null) {
        continue; // deleted meanwhile
      }
      Optional<ConfigurationRow> row = Optional.ofNullable(existing.get(c.id()));
      OwnerRepository.Owner o = owner.get(c.id());
      boolean ours = o != null && o.ownerId().equals(a.resourceId());
      var write = new ResourceLifecycle.Stamp(a.actor(), context.clock().instant(), version);
      if (s.action() == Action.DELETE) {
        if (row.isPresent()
            && ours
            && !ProvisioningState.DELETING.equals(row.get().provisioningState())) {
          lifecycle.markDeleting(h, c, row.get(), write, "the cluster left " + a.resourceId());
          written.put(c.id(), version);
        }
        continue;
      }
      if ((row.isPresent() && !ours) || (s.action() == Action.WRITE && row.isEmpty())) {
        continue; // made by hand (or by another assignment) meanwhile: never taken over
      }
      Map<String, String> secrets = sealed.get(s.revision()); // the revision's own settings
      try {
        FluxConfigurationProperties desired = AssignmentPlan.render(s.spec(), c);
        digests.put(c.id(), AssignmentPlan.digest(desired));
        revisions.put(c.id(), s.revision());
        changes.add(
            new ConfigurationLifecycle.Change(
                c,
                row,
                name,
                desired,
                row.isEmpty() ? secrets : (secrets == null ? Map.of() : secrets),
                write));
      } catch (ArmException e) {
        refuse(a, c.id(), e);
      }
    }
    Map<String, OwnerRepository.Owner> owned = new HashMap<>();
    for (var outcome : lifecycle.saveAll(h, changes)) {
      switch (outcome) {
        case ConfigurationLifecycle.Saved saved -> {
          String id = saved.row().clusterId();
          owned.put(
              id,
              new OwnerRepository.Owner(
                  a.resourceId(), revisions.get(id), digests.get(id), saved.row().version()));
          written.put(id, versions.get(id));
          Map<String, String> refused = refusals.get(a.key());
          if (refused != null) {
            refused.remove(id);
          }
        }
        // e.g. the flux extension is being removed from this cluster: retried on the next pass
        case ConfigurationLifecycle.Refused r -> refuse(a, r.change().cluster().id(), r.error());
      }
    }
    owners.setAll(h, name, owned);
    return written;
  }

  private void refuse(AssignmentRow a, String clusterId, ArmException e) {
    refusals
        .computeIfAbsent(a.key(), k -> new ConcurrentHashMap<>())
        .put(clusterId, e.getMessage());
  }

  /** The protected settings of each template revision the steps write (none: absent). */
  private Map<Long, Map<String, String>> decrypt(AssignmentRow a, List<Step> steps) {
    Set<Long> revisions =
        steps.stream()
            .filter(s -> s.action() != Action.DELETE)
            .map(Step::revision)
            .collect(toSet());
    Map<Long, String> sealed = context.withHandle(h -> store.sealedAt(h, a.key(), revisions));
    Map<Long, Map<String, String>> out = new HashMap<>();
    sealed.forEach(
        (revision, text) ->
            out.put(
                revision,
                Json.MAPPER.convertValue(
                    Json.tree(context.cipher().decrypt(text, AssignmentService.aad(a.key()))),
                    new TypeReference<Map<String, String>>() {})));
    return out;
  }

  @Override
  public void close() {
    worker.shutdown();
    try {
      worker.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
