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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply verb. Per stage: dry-run every object (up to {@link #CONCURRENCY} at once), compare
 * with the live object, then write only the ones that drifted, in Flux's kind order.
 */
final class Applier {
  static final int CONCURRENCY = 4;
  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

  private final Cluster cluster;
  private final HealthWaiter waiter;
  private final Clock clock;
  private final Sleeper sleeper;

  Applier(Cluster cluster, HealthWaiter waiter, Clock clock, Sleeper sleeper) {
    this.cluster = cluster;
    this.waiter = waiter;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** An object ready to apply: its reference and a copy carrying the owner labels. */
  record Desired(ObjectRef ref, GenericKubernetesResource object) {}

  /** The dry-run verdict for one object. */
  private record Plan(Desired desired, Action action, boolean write) {}

  ChangeSet applyAllStaged(List<GenericKubernetesResource> objects, ApplyOptions options)
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
      done = applyAll(batch, options, done);
      if (stage != KindOrder.Stage.REST) {
        waitForStage(batch, options, done);
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

  private void waitForStage(List<Desired> batch, ApplyOptions options, ChangeSet done)
      throws ApplyException {
    try {
      waiter.waitFor(
          batch.stream().map(Desired::ref).toList(),
          options.waitInterval(),
          options.waitTimeout(),
          false);
    } catch (ApplyException e) {
      throw new ApplyException(e.getMessage(), done, e.health().orElse(null), e);
    }
  }

  private ChangeSet applyAll(List<Desired> batch, ApplyOptions options, ChangeSet done)
      throws ApplyException {
    List<Desired> sorted = new ArrayList<>();
    for (Desired d : batch) {
      sorted.add(scoped(d, done));
    }
    sorted.sort((a, b) -> KindOrder.APPLY.compare(a.ref(), b.ref()));

    List<Plan> plans = dryRunAll(sorted, options, done);

    List<ChangeSetEntry> entries = new ArrayList<>();
    for (Plan plan : plans) {
      if (plan.write()) {
        try {
          cluster.apply(plan.desired().ref(), plan.desired().object(), false);
        } catch (RuntimeException e) {
          throw new ApplyException(
              plan.desired().ref().subject()
                  + " apply failed: "
                  + Errors.serverMessage(plan.desired().ref(), e),
              done.plus(entries),
              e);
        }
        LOG.debug("{} {}", plan.desired().ref().subject(), plan.action());
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
    try (ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Math.min(CONCURRENCY, sorted.size())))) {
      for (Desired d : sorted) {
        futures.add(pool.submit(() -> plan(d, options)));
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
    Optional<GenericKubernetesResource> live;
    try {
      live = cluster.get(ref);
    } catch (RuntimeException e) {
      throw new PlanFailure(ref.subject() + " query failed: " + Errors.serverMessage(e), e);
    }
    if (FluxMetadata.excluded(d.object()) || live.map(FluxMetadata::excluded).orElse(false)) {
      return new Plan(d, Action.SKIPPED, false);
    }
    if (live.isPresent() && FluxMetadata.ifNotPresent(d.object())) {
      return new Plan(d, Action.SKIPPED, false);
    }

    GenericKubernetesResource dryRun;
    try {
      dryRun = cluster.apply(ref, d.object(), true);
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
        dryRun = cluster.apply(ref, d.object(), true);
      } catch (RuntimeException again) {
        throw new PlanFailure(dryRunMessage(ref, again), again);
      }
    }

    if (live.isEmpty()) {
      return new Plan(d, Action.CREATED, true);
    }
    if (cleanup(ref, d.object(), live.get())) {
      return new Plan(d, Action.CONFIGURED, true);
    }
    if (Drift.drifted(Tree.of(live.get()), Tree.of(dryRun))) {
      return new Plan(d, Action.CONFIGURED, true);
    }
    return new Plan(d, Action.UNCHANGED, false);
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
