package io.flotilla.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply verb. Per stage: dry-run every object (up to {@link #CONCURRENCY} at once), compare
 * with the live object, then write only the ones that drifted, in Flux's kind order. Unlike Flux,
 * the live object is read only when the dry-run does not already identify it: a dry-run without a
 * resourceVersion means the object does not exist, and one at the resourceVersion last seen (see
 * {@link LastSeen}) means the live object is the one seen, so a reconcile without changes costs one
 * request per object.
 */
final class Applier {
  static final int CONCURRENCY = 4;
  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

  private final Cluster cluster;
  private final HealthWaiter waiter;
  private final Clock clock;
  private final Sleeper sleeper;
  private final LastSeen lastSeen;

  Applier(Cluster cluster, HealthWaiter waiter, Clock clock, Sleeper sleeper, LastSeen lastSeen) {
    this.cluster = cluster;
    this.lastSeen = lastSeen;
    this.waiter = waiter;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** An object ready to apply: its reference and a copy carrying the owner labels. */
  record Desired(ObjectRef ref, GenericKubernetesResource object) {}

  /**
   * The dry-run verdict for one object; {@code observed} is the object as the server showed it (the
   * dry-run result), or null.
   */
  private record Plan(
      Desired desired, Action action, boolean write, GenericKubernetesResource observed) {
    Plan(Desired desired, Action action, boolean write) {
      this(desired, action, write, null);
    }
  }

  /**
   * @param observed filled with each applied object as the server last returned it (write or
   *     dry-run result), which a health check may use as its first poll
   */
  ChangeSet applyAllStaged(
      List<GenericKubernetesResource> objects,
      ApplyOptions options,
      Map<ObjectRef, GenericKubernetesResource> observed)
      throws ApplyException {
    Map<KindOrder.Stage, List<Desired>> stages = new EnumMap<>(KindOrder.Stage.class);
    for (int i = 0; i < objects.size(); i++) {
      Desired d = prepare(objects.get(i), i, options);
      stages.computeIfAbsent(KindOrder.stageOf(d.ref()), s -> new ArrayList<>()).add(d);
    }
    ChangeSet done = ChangeSet.empty();
    for (KindOrder.Stage stage : KindOrder.Stage.values()) {
      List<Desired> batch = stages.getOrDefault(stage, List.of());
      if (batch.isEmpty()) {
        continue;
      }
      done = applyAll(batch, options, done, observed);
      if (stage != KindOrder.Stage.REST) {
        waitForStage(batch, options, done, observed);
      }
      if (batch.stream().anyMatch(d -> KindOrder.isCrd(d.ref()))) {
        cluster.refreshDiscovery();
      }
    }
    return done;
  }

  private static Desired prepare(GenericKubernetesResource source, int index, ApplyOptions options)
      throws ApplyException {
    String where = "object #" + (index + 1);
    if (source == null) {
      throw new ApplyException(where + " is null", null, null);
    }
    if (source.getApiVersion() == null || source.getApiVersion().isBlank()) {
      throw new ApplyException(where + " has no apiVersion; set apiVersion, e.g. v1", null, null);
    }
    if (source.getKind() == null || source.getKind().isBlank()) {
      throw new ApplyException(where + " has no kind; set kind, e.g. ConfigMap", null, null);
    }
    if (source.getMetadata() == null
        || source.getMetadata().getName() == null
        || source.getMetadata().getName().isBlank()) {
      throw new ApplyException(
          where + " (" + source.getKind() + ") has no metadata.name; set metadata.name",
          null,
          null);
    }
    // Work on a copy: the caller's objects stay as they were built.
    GenericKubernetesResource copy = Tree.toResource(Tree.of(source));
    ObjectMeta meta = copy.getMetadata();
    if (!options.ownerLabels().isEmpty()) {
      Map<String, String> labels =
          meta.getLabels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(meta.getLabels());
      labels.putAll(options.ownerLabels());
      meta.setLabels(labels);
    }
    return new Desired(ObjectRef.of(copy), copy);
  }

  private void waitForStage(
      List<Desired> batch,
      ApplyOptions options,
      ChangeSet done,
      Map<ObjectRef, GenericKubernetesResource> observed)
      throws ApplyException {
    try {
      waiter.waitFor(
          batch.stream().map(Desired::ref).toList(),
          options.waitInterval(),
          options.waitInterval(),
          options.waitTimeout(),
          false,
          observed);
    } catch (ApplyException e) {
      throw new ApplyException(e.getMessage(), done, e.health().orElse(null), e);
    }
  }

  private ChangeSet applyAll(
      List<Desired> batch,
      ApplyOptions options,
      ChangeSet done,
      Map<ObjectRef, GenericKubernetesResource> observed)
      throws ApplyException {
    List<Desired> sorted = new ArrayList<>();
    for (Desired d : batch) {
      sorted.add(scoped(d, done));
    }
    sorted.sort((a, b) -> KindOrder.APPLY.compare(a.ref(), b.ref()));

    List<Plan> plans = dryRunAll(sorted, options, done);

    List<ChangeSetEntry> entries = new ArrayList<>();
    for (Plan plan : plans) {
      ObjectRef ref = plan.desired().ref();
      if (plan.write()) {
        try {
          GenericKubernetesResource written =
              cluster.apply(ref, plan.desired().object(), false, options.strictFields());
          lastSeen.remember(ref, written);
          if (written != null) {
            observed.put(ref, written);
          }
        } catch (RuntimeException e) {
          lastSeen.forget(ref);
          throw new ApplyException(
              plan.desired().ref().subject()
                  + " apply failed: "
                  + Errors.serverMessage(plan.desired().ref(), e),
              done.plus(entries),
              e);
        }
        LOG.debug("{} {}", plan.desired().ref().subject(), plan.action());
      } else if (plan.observed() != null) {
        observed.put(ref, plan.observed());
      }
      entries.add(new ChangeSetEntry(plan.desired().ref(), plan.action()));
    }
    return done.plus(entries);
  }

  /** Resolves whether the kind is namespaced, fixing the reference and failing early if unknown. */
  private Desired scoped(Desired d, ChangeSet done) throws ApplyException {
    boolean namespaced;
    try {
      namespaced = cluster.namespaced(d.ref());
    } catch (Cluster.UnknownKindException e) {
      throw new ApplyException(d.ref().subject() + " dry-run failed: " + e.getMessage(), done, e);
    } catch (RuntimeException e) {
      throw new ApplyException(
          d.ref().subject() + " dry-run failed: " + Errors.serverMessage(e), done, e);
    }
    if (namespaced && d.ref().clusterScoped()) {
      throw new ApplyException(
          d.ref().subject()
              + " namespace not specified: "
              + d.ref().kind()
              + " is namespaced, set metadata.namespace",
          done,
          null);
    }
    if (!namespaced && !d.ref().clusterScoped()) {
      // The server ignores a namespace on cluster-scoped kinds; keep ids and messages clean.
      d.object().getMetadata().setNamespace(null);
      return new Desired(d.ref().withNamespace(""), d.object());
    }
    return d;
  }

  private List<Plan> dryRunAll(List<Desired> sorted, ApplyOptions options, ChangeSet done)
      throws ApplyException {
    List<Future<Plan>> futures = new ArrayList<>();
    // Virtual threads: a platform pool per call started three threads for every apply (a Helm
    // install applies a handful of objects); the semaphore keeps the server's load as it was.
    Semaphore permits = new Semaphore(CONCURRENCY);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Desired d : sorted) {
        futures.add(
            pool.submit(
                () -> {
                  permits.acquire();
                  try {
                    return plan(d, options);
                  } finally {
                    permits.release();
                  }
                }));
      }
      List<Plan> plans = new ArrayList<>();
      for (Future<Plan> f : futures) {
        try {
          plans.add(f.get());
        } catch (ExecutionException e) {
          futures.forEach(other -> other.cancel(true));
          Throwable cause = e.getCause();
          if (cause instanceof PlanFailure pf) {
            throw new ApplyException(pf.getMessage(), done, pf.getCause());
          }
          throw new ApplyException("dry-run failed: " + Errors.serverMessage(cause), done, cause);
        } catch (InterruptedException e) {
          futures.forEach(other -> other.cancel(true));
          Thread.currentThread().interrupt();
          throw new ApplyException("interrupted during dry-run", done, e);
        }
      }
      return plans;
    }
  }

  /** A failure that already carries Flux's wording, unwrapped by {@link #dryRunAll}. */
  private static final class PlanFailure extends Exception {
    PlanFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private Plan plan(Desired d, ApplyOptions options) throws PlanFailure {
    ObjectRef ref = d.ref();
    if (FluxMetadata.excluded(d.object())) {
      return new Plan(d, Action.SKIPPED, false);
    }
    if (FluxMetadata.ifNotPresent(d.object())) {
      return planReadingFirst(d, options); // existence decides, not drift
    }
    GenericKubernetesResource dryRun;
    try {
      dryRun = cluster.apply(ref, d.object(), true, options.strictFields());
    } catch (RuntimeException e) {
      // Exclusions and force on the live object decide what the failure means: read it.
      return planReadingFirst(d, options);
    }
    String rv = dryRun == null ? null : dryRun.getMetadata().getResourceVersion();
    if (rv == null || rv.isEmpty()) {
      return new Plan(d, Action.CREATED, true); // the server has no such object
    }
    LastSeen.Seen seen = lastSeen.at(ref, rv);
    if (seen != null) {
      if (seen.excluded()) {
        return new Plan(d, Action.SKIPPED, false);
      }
      return LastSeen.drifted(seen, dryRun)
          ? new Plan(d, Action.CONFIGURED, true)
          : new Plan(d, Action.UNCHANGED, false, dryRun);
    }
    Optional<GenericKubernetesResource> live = read(ref);
    if (live.isEmpty()) {
      return new Plan(d, Action.CREATED, true); // deleted since the dry-run
    }
    return compare(d, live.get(), dryRun);
  }

  /** Flux's order: read the live object, then dry-run; for the cases the dry-run cannot settle. */
  private Plan planReadingFirst(Desired d, ApplyOptions options) throws PlanFailure {
    ObjectRef ref = d.ref();
    Optional<GenericKubernetesResource> live = read(ref);
    if (live.map(FluxMetadata::excluded).orElse(false)) {
      return new Plan(d, Action.SKIPPED, false);
    }
    if (live.isPresent() && FluxMetadata.ifNotPresent(d.object())) {
      return new Plan(d, Action.SKIPPED, false);
    }

    GenericKubernetesResource dryRun;
    try {
      dryRun = cluster.apply(ref, d.object(), true, options.strictFields());
    } catch (RuntimeException e) {
      boolean force =
          options.force()
              || FluxMetadata.forced(d.object())
              || live.map(FluxMetadata::forced).orElse(false);
      if (live.isEmpty() || !force || !Errors.immutable(e)) {
        throw new PlanFailure(dryRunMessage(ref, e), e);
      }
      recreate(ref, options);
      live = Optional.empty();
      try {
        dryRun = cluster.apply(ref, d.object(), true, options.strictFields());
      } catch (RuntimeException again) {
        throw new PlanFailure(dryRunMessage(ref, again), again);
      }
    }

    if (live.isEmpty()) {
      return new Plan(d, Action.CREATED, true);
    }
    return compare(d, live.get(), dryRun);
  }

  private Optional<GenericKubernetesResource> read(ObjectRef ref) throws PlanFailure {
    try {
      return cluster.get(ref);
    } catch (RuntimeException e) {
      throw new PlanFailure(ref.subject() + " query failed: " + Errors.serverMessage(e), e);
    }
  }

  /** The live object against the dry-run result: cleanup, drift, or nothing to do. */
  private Plan compare(Desired d, GenericKubernetesResource live, GenericKubernetesResource dryRun)
      throws PlanFailure {
    ObjectRef ref = d.ref();
    if (FluxMetadata.excluded(live)) {
      return new Plan(d, Action.SKIPPED, false);
    }
    if (cleanup(ref, d.object(), live)) {
      return new Plan(d, Action.CONFIGURED, true);
    }
    if (Drift.drifted(Tree.of(live), Tree.of(dryRun))) {
      return new Plan(d, Action.CONFIGURED, true);
    }
    lastSeen.remember(ref, live);
    return new Plan(d, Action.UNCHANGED, false, dryRun);
  }

  /** Hands kubectl-owned fields to our manager (see {@link MetadataCleanup}); true if patched. */
  private boolean cleanup(
      ObjectRef ref, GenericKubernetesResource desired, GenericKubernetesResource live)
      throws PlanFailure {
    if (FluxMetadata.merge(desired) || FluxMetadata.merge(live)) {
      return false;
    }
    var ops = MetadataCleanup.patch(Tree.of(live), cluster.fieldManager());
    if (ops.isEmpty()) {
      return false;
    }
    try {
      cluster.patchJson(ref, ops.get());
    } catch (RuntimeException e) {
      throw new PlanFailure(
          ref.subject() + " metadata.managedFields cleanup failed: " + Errors.serverMessage(ref, e),
          e);
    }
    return true;
  }

  private static String dryRunMessage(ObjectRef ref, Throwable e) {
    String reason = Errors.reason(e);
    if (Errors.code(e) == 404) {
      return ref.subject() + " not found: " + Errors.serverMessage(ref, e);
    }
    return ref.subject()
        + " dry-run failed"
        + (reason.isEmpty() ? "" : " (" + reason + ")")
        + ": "
        + Errors.serverMessage(ref, e);
  }

  /** Immutable field + force: delete, wait until the object (and its finalizers) are gone. */
  private void recreate(ObjectRef ref, ApplyOptions options) throws PlanFailure {
    LOG.info("{} immutable field detected, recreating", ref.subject());
    try {
      cluster.delete(ref, "Background");
    } catch (RuntimeException e) {
      throw new PlanFailure(
          ref.subject()
              + " immutable field detected, failed to delete object: "
              + Errors.serverMessage(e),
          e);
    }
    Instant deadline = clock.instant().plus(options.waitTimeout());
    try {
      while (cluster.get(ref).isPresent()) {
        if (!clock.instant().isBefore(deadline)) {
          throw new PlanFailure(
              ref.subject()
                  + " immutable field detected, failed to wait for object to be deleted: timeout after "
                  + options.waitTimeout(),
              null);
        }
        sleeper.sleep(min(options.waitInterval(), Duration.between(clock.instant(), deadline)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlanFailure(ref.subject() + " interrupted while waiting for deletion", e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
