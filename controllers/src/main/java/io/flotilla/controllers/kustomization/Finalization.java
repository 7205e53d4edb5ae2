package io.flotilla.controllers.kustomization;

import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.KustomizationSpec;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.apply.ApplyException;
import io.flotilla.apply.DeleteOptions;
import io.flotilla.apply.HealthStatus;
import io.flotilla.apply.ObjectRef;
import io.flotilla.apply.ResourceManager;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.Finalizers;
import io.flotilla.controllers.runtime.Impersonation;
import io.flotilla.controllers.runtime.Jitter;
import io.flotilla.controllers.runtime.ReconcileException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What deleting a Kustomization does before its finalizer goes, as kustomize-controller's {@code
 * finalize}: prune what it applied (per {@code deletionPolicy}, as its service account), or, when
 * that account is gone, nothing.
 */
final class Finalization {
  private static final Logger LOG = LoggerFactory.getLogger(Finalization.class);
  private static final Duration MAX_CLEANUP_BACKOFF = Duration.ofMinutes(15);
  private static final Duration WAIT_FOR_TERMINATION_POLL = Duration.ofSeconds(5);
  private final Impersonation impersonation;
  private final EventRecorder events;
  private final Clock clock;
  private final Map<ResourceID, Retry> retries = new ConcurrentHashMap<>();

  Finalization(Impersonation impersonation, EventRecorder events, Clock clock) {
    this.impersonation = impersonation;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Runs the clean-up of a deleted Kustomization and removes the finalizer once it is done. A
   * failed clean-up is retried with a backoff (1 s, doubling to 15 minutes, as Flux's rate limiter)
   * that events on the object do not cut short, so a prune the API keeps refusing costs at most one
   * request per object per step.
   */
  UpdateControl<Kustomization> run(Kustomization ks, Context<Kustomization> ctx) {
    ResourceID id = ResourceID.fromResource(ks);
    Instant now = clock.instant();
    Retry retry = retries.get(id);
    if (retry != null && now.isBefore(retry.notBefore())) {
      return UpdateControl.<Kustomization>noUpdate()
          .rescheduleAfter(Duration.between(now, retry.notBefore()));
    }
    Duration next =
        switch (cleanUp(ks, ctx)) {
          case DONE -> {
            retries.remove(id);
            Finalizers.remove(ctx.getClient(), ks, Annotations.FINALIZER);
            yield null;
          }
          case TERMINATING -> WAIT_FOR_TERMINATION_POLL;
          case FAILED -> {
            int failures = retry == null ? 1 : retry.failures() + 1;
            Duration delay = Jitter.backoff(failures, MAX_CLEANUP_BACKOFF);
            retries.put(id, new Retry(failures, now.plus(delay)));
            yield delay;
          }
        };
    return next == null
        ? UpdateControl.noUpdate()
        : UpdateControl.<Kustomization>noUpdate().rescheduleAfter(next);
  }

  /** Forgets a Kustomization that is gone. */
  void forget(ResourceID id) {
    retries.remove(id);
  }

  /** Consecutive failed clean-ups of one Kustomization and when the next may run. */
  private record Retry(int failures, Instant notBefore) {}

  /** How a clean-up went: the finalizer may go, objects are still terminating, or it failed. */
  enum Cleanup {
    DONE,
    TERMINATING,
    FAILED
  }

  /**
   * Deleting a Kustomization deletes what it applied according to {@code deletionPolicy}
   * (MirrorPrune: when prune is on); nothing when suspended. When the service account it acts as is
   * gone, nothing is pruned (the objects stay, listed in a Warning event), as Flux does: no
   * credentials are left to prune with, and the finalizer must not keep the Kustomization, or its
   * namespace, forever.
   */
  private Cleanup cleanUp(Kustomization ks, Context<Kustomization> ctx) {
    KustomizationSpec spec = ks.getSpec();
    List<ObjectRef> inventory = KustomizationReconciler.inventory(ks.getStatus());
    DeletionPolicy policy;
    try {
      policy = DeletionPolicy.parse(spec.deletionPolicy());
    } catch (ReconcileException e) {
      policy = DeletionPolicy.MIRROR_PRUNE;
    }
    if (Boolean.TRUE.equals(spec.suspend())
        || inventory.isEmpty()
        || !policy.deletes(Boolean.TRUE.equals(spec.prune()))) {
      return Cleanup.DONE;
    }
    String namespace = ks.getMetadata().getNamespace();
    String account = impersonation.serviceAccount(spec.serviceAccountName());
    if (spec.kubeConfig() == null
        && account != null
        && ctx.getClient().serviceAccounts().inNamespace(namespace).withName(account).get()
            == null) {
      String objects = inventory.stream().map(ObjectRef::subject).collect(Collectors.joining("\n"));
      LOG.warn(
          "Kustomization {}/{}: skipping pruning, failed to find account to impersonate ({}); unable"
              + " to prune objects: {}",
          namespace,
          ks.getMetadata().getName(),
          account,
          objects.replace('\n', ' '));
      events.warning(ks, readyReason(ks), "unable to prune objects: \n" + objects);
      return Cleanup.DONE;
    }
    try (Impersonation.Target target =
        impersonation.target(namespace, spec.kubeConfig(), spec.serviceAccountName())) {
      ResourceManager manager = new ResourceManager(target.client(), Kustomization.FIELD_MANAGER);
      manager.delete(
          inventory, new DeleteOptions(KustomizationReconciler.ownerLabels(ks), "Background"));
      if (policy == DeletionPolicy.WAIT_FOR_TERMINATION
          && !manager.checkHealth(inventory).objects().stream()
              .allMatch(h -> h.status() == HealthStatus.NOT_FOUND)) {
        return Cleanup.TERMINATING;
      }
      return Cleanup.DONE;
    } catch (ApplyException e) {
      events.warning(ks, Reasons.PRUNE_FAILED, e.getMessage());
      return Cleanup.FAILED;
    } catch (ReconcileException e) {
      // e.g. the remote cluster's kubeconfig is unreadable: retried, as Flux does
      events.warning(ks, e.reason(), e.getMessage());
      return Cleanup.FAILED;
    }
  }

  /** Flux names a finalizer's events after the Ready reason, or {@code error} without one. */
  private static String readyReason(Kustomization ks) {
    List<Condition> conditions = ks.getStatus() == null ? null : ks.getStatus().conditions();
    return conditions == null
        ? "error"
        : conditions.stream()
            .filter(c -> ConditionTypes.READY.equals(c.type()))
            .map(Condition::reason)
            .filter(r -> r != null && !r.isEmpty())
            .findFirst()
            .orElse("error");
  }
}
