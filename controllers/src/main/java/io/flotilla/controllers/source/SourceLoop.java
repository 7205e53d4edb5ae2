package io.flotilla.controllers.source;

import io.fabric8.kubernetes.client.CustomResource;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.source.SourceSpec;
import io.flotilla.api.flux.source.SourceStatus;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.Finalizers;
import io.flotilla.controllers.runtime.Lifecycle;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.ReadinessLog;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.runtime.StatusPatch;
import io.flotilla.controllers.runtime.Triggers;
import io.flotilla.source.SourceException;
import io.flotilla.source.artifact.ArtifactStorage;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile every source kind shares, as source-controller's: a thin shell around the kind's
 * fetch ({@link SourceKind#reconcile}) whose {@link Outcome} becomes status in one place ({@link
 * OutcomeMapping}), with what it stored handed over through {@link Step#stored}.
 *
 * <p>The loop: an object already gone → nothing; being deleted → remove its artifacts and then the
 * finalizer {@code finalizers.fluxcd.io} (a storage failure → Warning, again in 5 s); no finalizer
 * yet → add it and stop (its watch event starts the next run); suspended → nothing; run the kind;
 * map its outcome (conditions, Warning/Normal events, failure count with {@code Jitter.backoff},
 * the next run); write the status (with {@code lastHandledReconcileAt}) against the version it was
 * computed from; record the duration.
 *
 * <p>Extension points, for the kinds still to come:
 *
 * <ul>
 *   <li>What is stored is the kind's business: a directory tarball ({@code store}), a single file
 *       ({@code storeFile}: a HelmRepository's {@code index-<sha256>.yaml}, a HelmChart's {@code
 *       .tgz}); the kind returns {@link Step#stored} with the artifact, its message and the Normal
 *       event to announce, and the loop only ever removes the kind's folder on deletion.
 *   <li>A kind that depends on another object's artifact (a HelmChart on its HelmRepository,
 *       GitRepository or Bucket) returns {@link Outcome.Waiting} while that is missing: Ready=False
 *       with the kind's reason, again after the given delay, no failure counted, no Warning.
 *   <li>{@link SourceKind#dataOnly} (HelmRepository type {@code oci}): no fetch, no finalizer;
 *       artifacts and a status left from an earlier type are removed.
 *   <li>{@link SourceKind#markStored}/{@link SourceKind#markFailed} add the kind's own conditions
 *       (GitRepository's SourceVerified, IncludeUnavailable); {@link Stored#extras} carries the
 *       kind's own findings to {@link SourceKind#status}.
 *   <li>{@link Step#progress}/{@link Step#report} show Reconciling before slow work.
 *   <li>{@link SourceKind#policy} is {@link FailurePolicy#flux()} unless a kind keeps a difference.
 * </ul>
 */
public abstract class SourceLoop<
        R extends CustomResource<? extends SourceSpec, S>, S extends SourceStatus, X>
    implements Reconciler<R> {
  private static final Logger log = LoggerFactory.getLogger(SourceLoop.class);
  private static final Duration CLEANUP_RETRY = Duration.ofSeconds(5);
  private final SourceKind<R, S, X> kind;
  private final String kindName;
  private final String storageKind;
  private final Wiring wiring;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final ReadinessLog readiness;

  /**
   * What every source reconciler is wired with: the artifact storage, the work dir for scratch
   * space, events, metrics and the clock.
   */
  public record Wiring(
      ArtifactStorage storage,
      Path workDir,
      EventRecorder events,
      ReconcileMetrics metrics,
      Clock clock) {}

  protected SourceLoop(SourceKind<R, S, X> kind, Wiring wiring) {
    this.kind = kind;
    this.kindName = kind.kind();
    this.storageKind = kind.storageKind();
    this.wiring = wiring;
    this.readiness = new ReadinessLog(LoggerFactory.getLogger(kind.getClass()), kindName);
  }

  @Override
  public UpdateControl<R> reconcile(R object, Context<R> ctx) {
    if (!ctx.isPrimaryResourceDeleted() && !object.isMarkedForDeletion() && kind.dataOnly(object)) {
      return dataOnly(object, ctx);
    }
    return Lifecycle.gate(object, ctx, lifecycle).orElseGet(() -> run(object, ctx));
  }

  private final Lifecycle.Hooks<R> lifecycle =
      new Lifecycle.Hooks<>() {
        @Override
        public void forget(R object) {
          readiness.forget(object.getMetadata().getNamespace(), object.getMetadata().getName());
        }

        @Override
        public UpdateControl<R> finalize(R object, Context<R> ctx) {
          if (!cleanUp(object)) {
            return UpdateControl.<R>noUpdate().rescheduleAfter(CLEANUP_RETRY);
          }
          Finalizers.remove(ctx.getClient(), object, Annotations.FINALIZER);
          return UpdateControl.noUpdate();
        }

        @Override
        public boolean suspended(R object) {
          if (kind.suspended(object)) {
            log.debug("{} is suspended", key(object));
            return true;
          }
          return false;
        }
      };

  /**
   * A data-only object: no fetch and no finalizer; artifacts and a status an earlier type left are
   * removed, as Flux does.
   */
  private UpdateControl<R> dataOnly(R object, Context<R> ctx) {
    if (object.hasFinalizer(Annotations.FINALIZER)) {
      if (!cleanUp(object)) {
        return UpdateControl.<R>noUpdate().rescheduleAfter(CLEANUP_RETRY);
      }
      Finalizers.remove(ctx.getClient(), object, Annotations.FINALIZER);
    }
    if (!prior(object).equals(SourceKind.Common.NONE)) {
      object.setStatus(kind.status(object, SourceKind.Common.NONE, null));
      return UpdateControl.patchStatus(StatusPatch.of(object, kind::newObject));
    }
    return UpdateControl.noUpdate();
  }

  private UpdateControl<R> run(R object, Context<R> ctx) {
    Clock clock = wiring.clock();
    Instant start = clock.instant();
    Duration interval = kind.interval(object);
    Step<X> step =
        new Step<>(
            ctx.getClient(),
            object,
            Step.reporter(kind, object, ctx.getClient(), clock),
            new Artifacts(
                wiring.storage(),
                storageKind,
                object.getMetadata().getNamespace(),
                object.getMetadata().getName()),
            wiring.workDir());
    String key = key(object);
    Ran<X> ran = decide(object, step, interval);
    OutcomeMapping.Decision decision = ran.decision();
    if (decision.failures() == 0) {
      failures.remove(key);
    } else {
      failures.put(key, decision.failures());
    }
    readiness.record(
        object.getMetadata().getNamespace(), object.getMetadata().getName(), decision.conditions());
    for (OutcomeMapping.Event e : decision.events()) {
      if (e.warning()) {
        wiring.events().warning(object, e.reason(), e.message());
        log.debug("{}: {} ({})", key, e.message(), e.reason());
      } else {
        wiring.events().normal(object, e.reason(), e.message(), e.annotations());
      }
    }
    object.setStatus(
        kind.status(
            object,
            new SourceKind.Common(
                decision.observedGeneration(),
                decision.conditions(),
                decision.artifact(),
                Triggers.requestedAt(object)),
            ran.stored()));
    wiring.metrics().record(kindName, object, Duration.between(start, clock.instant()));
    // the status reuses the artifact this reconcile read, so the write keeps its resourceVersion
    return StatusPatch.write(StatusPatch.ofVersion(object, kind::newObject), decision.requeue());
  }

  /** A run's decision, and what the kind handed over with a Ready (else null). */
  private record Ran<X>(OutcomeMapping.Decision decision, Stored<X> stored) {}

  /**
   * Runs the kind and maps what it ended on. The prior status is read afterwards: the kind's
   * progress reports changed it.
   */
  private Ran<X> decide(R object, Step<X> step, Duration interval) {
    FailurePolicy policy = kind.policy();
    Clock clock = wiring.clock();
    OutcomeMapping.Marks<X> marks = marks(object);
    Outcome outcome;
    try {
      outcome = kind.reconcile(object, step);
    } catch (SourceException e) {
      outcome = OutcomeMapping.of(e);
    } catch (IllegalArgumentException e) {
      return new Ran<>(
          OutcomeMapping.invalidSpec(policy, before(object, interval), e.getMessage(), clock),
          null);
    } catch (IOException e) {
      return new Ran<>(
          OutcomeMapping.storageFailed(policy, marks, before(object, interval), e, clock), null);
    }
    Stored<X> stored = outcome instanceof Outcome.Ready ? step.stored() : null;
    return new Ran<>(
        OutcomeMapping.decide(policy, marks, before(object, interval), outcome, stored, clock),
        stored);
  }

  private OutcomeMapping.Before before(R object, Duration interval) {
    return new OutcomeMapping.Before(
        prior(object),
        Conditions.generation(object),
        interval,
        failures.getOrDefault(key(object), 0));
  }

  private OutcomeMapping.Marks<X> marks(R object) {
    return new OutcomeMapping.Marks<>() {
      @Override
      public void stored(Conditions c, String message, X extras) {
        kind.markStored(c, object, message, extras);
      }

      @Override
      public void failed(Conditions c, String reason, String message) {
        kind.markFailed(c, reason, message);
      }
    };
  }

  /** Removes the object's artifacts; true when done. */
  private boolean cleanUp(R object) {
    String ns = object.getMetadata().getNamespace();
    String name = object.getMetadata().getName();
    failures.remove(key(object));
    try {
      wiring.storage().remove(storageKind, ns, name);
      return true;
    } catch (SourceException e) {
      wiring.events().warning(object, e.reason(), e.getMessage());
      return false;
    }
  }

  /** The status fields of the object as it is now. */
  static SourceKind.Common prior(CustomResource<?, ? extends SourceStatus> object) {
    SourceStatus status = object.getStatus();
    return status == null ? SourceKind.Common.NONE : SourceKind.Common.of(status);
  }

  private static String key(CustomResource<?, ?> object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }
}
