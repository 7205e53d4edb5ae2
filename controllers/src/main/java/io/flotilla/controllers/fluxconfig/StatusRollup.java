package io.flotilla.controllers.fluxconfig;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.flotilla.api.arm.ObjectStatusDefinition;
import io.flotilla.api.arm.ObjectStatusDefinition.ObjectStatusConditionDefinition;
import io.flotilla.api.arm.ProvisioningState;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.BucketStatus;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.flux.source.GitRepositoryStatus;
import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.flux.source.OCIRepositoryStatus;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.api.fluxconfig.FluxConfigStatus;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.Outcome;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A configuration's status in the API's terms: the state of each Flux object it owns or its
 * Kustomizations applied, their compliance rolled up, the synced commit and the public key.
 */
final class StatusRollup {
  private final Clock clock;

  StatusRollup(Clock clock) {
    this.clock = clock;
  }

  /**
   * The configuration's status after a run that ended on {@code outcome}: Ready, a wait for a
   * configuration it depends on (Pending), or a failure (Failed, NonCompliant).
   */
  FluxConfigStatus status(
      FluxConfig config, Context<FluxConfig> ctx, Outcome outcome, String publicKey) {
    String provisioning =
        outcome instanceof Outcome.Retry ? ProvisioningState.FAILED : ProvisioningState.SUCCEEDED;
    String error = outcome instanceof Outcome.Retry r ? r.message() : "";
    String waiting = outcome instanceof Outcome.Waiting w ? w.message() : null;
    boolean suspended = Boolean.TRUE.equals(config.getSpec().suspend());
    List<ObjectStatusDefinition> statuses = new ArrayList<>();
    List<String> states = new ArrayList<>();
    String syncedCommit = null;
    String sourceUpdatedAt = null;
    List<SourceView> sources = new ArrayList<>();
    owned(config, ctx, GitRepository.class)
        .forEach(r -> sources.add(view(r, GitRepository.KIND, r.getStatus())));
    owned(config, ctx, Bucket.class).forEach(r -> sources.add(view(r, Bucket.KIND, r.getStatus())));
    owned(config, ctx, OCIRepository.class)
        .forEach(r -> sources.add(view(r, OCIRepository.KIND, r.getStatus())));
    for (SourceView src : sources) {
      List<Condition> conds = src.conditions() == null ? List.of() : src.conditions();
      String state =
          Compliance.ofObject(
              suspended,
              src.object().getMetadata().getGeneration(),
              src.observedGeneration(),
              conds);
      states.add(state);
      statuses.add(objectStatus(src.object(), src.kind(), state, conds));
      if (src.artifact() != null) {
        syncedCommit = Compliance.syncedCommitId(src.artifact().revision());
        sourceUpdatedAt = src.artifact().lastUpdateTime();
      }
    }
    owned(config, ctx, Kustomization.class).stream()
        .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
        .forEach(
            ks -> {
              var st = ks.getStatus();
              List<Condition> conds = st == null ? List.of() : st.conditions();
              String state =
                  Compliance.ofObject(
                      suspended,
                      ks.getMetadata().getGeneration(),
                      st == null ? null : st.observedGeneration(),
                      conds);
              states.add(state);
              statuses.add(objectStatus(ks, Kustomization.KIND, state, conds));
            });
    addApplied(ctx.getClient(), config, ctx, suspended, statuses, states);
    if (ProvisioningState.FAILED.equals(provisioning)) {
      states.add(io.flotilla.api.arm.ComplianceState.NON_COMPLIANT);
    }
    if (waiting != null) {
      states.add(io.flotilla.api.arm.ComplianceState.PENDING);
    }
    String compliance = Compliance.aggregate(suspended, states);
    FluxConfigStatus old = config.getStatus();
    long generation = Conditions.generation(config);
    Conditions conditions =
        new Conditions(old == null ? null : old.conditions(), generation, clock);
    switch (outcome) {
      case Outcome.Ready r ->
          conditions.markTrue(ConditionTypes.READY, Reasons.SUCCEEDED, r.message());
      default -> conditions.markFalse(ConditionTypes.READY, outcome.reason(), outcome.message());
    }
    FluxConfigStatus next =
        new FluxConfigStatus(
            generation,
            config.getSpec().version(),
            conditions.toList(),
            provisioning,
            compliance,
            statuses,
            syncedCommit,
            sourceUpdatedAt,
            old == null ? null : old.statusUpdatedAt(),
            // a failed pass that never got to the key keeps reporting the one it had
            publicKey == null && old != null && ProvisioningState.FAILED.equals(provisioning)
                ? old.repositoryPublicKey()
                : publicKey,
            error.isEmpty() && waiting != null ? waiting : error);
    boolean changed =
        old == null
            || !Objects.equals(old.statuses(), next.statuses())
            || !Objects.equals(old.complianceState(), next.complianceState())
            || !Objects.equals(old.provisioningState(), next.provisioningState())
            || !Objects.equals(old.appliedVersion(), next.appliedVersion())
            || !Objects.equals(old.sourceSyncedCommitId(), next.sourceSyncedCommitId())
            || !Objects.equals(old.repositoryPublicKey(), next.repositoryPublicKey());
    String updatedAt =
        changed
            ? Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString()
            : next.statusUpdatedAt();
    return new FluxConfigStatus(
        next.observedGeneration(),
        next.appliedVersion(),
        next.conditions(),
        next.provisioningState(),
        next.complianceState(),
        next.statuses(),
        next.sourceSyncedCommitId(),
        next.sourceUpdatedAt(),
        updatedAt,
        next.repositoryPublicKey(),
        next.errorMessage());
  }

  /**
   * Adds the Flux objects the configuration's Kustomizations applied (from their inventories), with
   * appliedBy, counting them in the compliance as Azure does. Objects the configuration owns
   * itself, or that cannot be read, are left out.
   */
  private static void addApplied(
      KubernetesClient client,
      FluxConfig config,
      Context<FluxConfig> ctx,
      boolean suspended,
      List<ObjectStatusDefinition> statuses,
      List<String> states) {
    Set<String> seen = new HashSet<>();
    statuses.forEach(s -> seen.add(s.kind() + "/" + s.namespace() + "/" + s.name()));
    List<Kustomization> owners =
        owned(config, ctx, Kustomization.class).stream()
            .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
            .toList();
    for (Kustomization ks : owners) {
      java.util.Deque<AppliedObjects.Ref> refs = new java.util.ArrayDeque<>(AppliedObjects.of(ks));
      while (!refs.isEmpty()) {
        AppliedObjects.Ref ref = refs.poll();
        if (!seen.add(ref.kind() + "/" + ref.namespace() + "/" + ref.name())) {
          continue;
        }
        GenericKubernetesResource object;
        try {
          object =
              client
                  .genericKubernetesResources(ref.apiVersion(), ref.kind())
                  .inNamespace(ref.namespace())
                  .withName(ref.name())
                  .get();
        } catch (KubernetesClientException e) {
          continue; // e.g. the kind is not served here
        }
        if (object == null) {
          continue;
        }
        ObjectStatusDefinition status =
            AppliedObjects.status(
                object,
                ks,
                suspended,
                raw ->
                    raw == null
                        ? List.of()
                        : List.of(
                            client
                                .getKubernetesSerialization()
                                .convertValue(raw, Condition[].class)));
        statuses.add(status);
        states.add(status.complianceState());
        // the HelmChart a release generated comes right after it, applied by the same Kustomization
        AppliedObjects.generatedChart(object).ifPresent(refs::push);
      }
    }
  }

  /**
   * The secondaries the configuration owns; the others are Flux objects its Kustomizations applied
   * (mapped to it so that their changes reach it), reported by {@link #addApplied}.
   */
  private static <R extends HasMetadata> List<R> owned(
      FluxConfig config, Context<FluxConfig> ctx, Class<R> type) {
    String uid = config.getMetadata().getUid();
    return ctx.getSecondaryResources(type).stream()
        .filter(
            r ->
                r.getMetadata().getOwnerReferences() != null
                    && r.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> Objects.equals(o.getUid(), uid)))
        .toList();
  }

  /** What the status roll-up needs of any source kind. */
  private record SourceView(
      HasMetadata object,
      String kind,
      Long observedGeneration,
      List<Condition> conditions,
      io.flotilla.api.flux.meta.Artifact artifact) {}

  /** The roll-up's view of a source of any kind, from its status record (null: none yet). */
  private static SourceView view(HasMetadata source, String kind, Object status) {
    return switch (status) {
      case GitRepositoryStatus s ->
          new SourceView(source, kind, s.observedGeneration(), s.conditions(), s.artifact());
      case BucketStatus s ->
          new SourceView(source, kind, s.observedGeneration(), s.conditions(), s.artifact());
      case OCIRepositoryStatus s ->
          new SourceView(source, kind, s.observedGeneration(), s.conditions(), s.artifact());
      case null, default -> new SourceView(source, kind, null, null, null);
    };
  }

  private static ObjectStatusDefinition objectStatus(
      HasMetadata object, String kind, String state, List<Condition> conds) {
    List<ObjectStatusConditionDefinition> mapped =
        conds.stream()
            .map(
                c ->
                    new ObjectStatusConditionDefinition(
                        c.lastTransitionTime(), c.message(), c.reason(), c.status(), c.type()))
            .toList();
    return new ObjectStatusDefinition(
        object.getMetadata().getName(),
        object.getMetadata().getNamespace(),
        kind,
        state,
        null,
        mapped,
        null);
  }
}
