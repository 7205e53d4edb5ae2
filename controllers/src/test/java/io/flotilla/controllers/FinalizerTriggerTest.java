package io.flotilla.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.Annotations;
import io.flotilla.controllers.runtime.Triggers;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reconcile that adds the Flux finalizer is not followed by a second one for that edit. */
class FinalizerTriggerTest {
  final OnUpdateFilter<Kustomization> filter =
      Controllers.notWhenOnlyFinalizerAdded(
          Triggers.<Kustomization>specOrRequest(), Annotations.FINALIZER);

  static Kustomization ks(long generation, List<String> finalizers, String requestedAt) {
    Kustomization ks = new Kustomization();
    ks.setMetadata(
        new ObjectMetaBuilder()
            .withName("apps")
            .withNamespace("flux-system")
            .withGeneration(generation)
            .withFinalizers(finalizers)
            .withAnnotations(
                requestedAt == null
                    ? Map.of()
                    : Map.of(Annotations.RECONCILE_REQUESTED_AT, requestedAt))
            .build());
    return ks;
  }

  @Test
  void addingTheFluxFinalizerAloneTriggersNothing() {
    assertThat(filter.accept(ks(1, List.of(Annotations.FINALIZER), null), ks(1, List.of(), null)))
        .isFalse();
  }

  @Test
  void theFinalizerAddedWithANewGenerationStillTriggers() {
    assertThat(filter.accept(ks(2, List.of(Annotations.FINALIZER), null), ks(1, List.of(), null)))
        .isTrue();
  }

  @Test
  void theFinalizerAddedWithAReconcileRequestStillTriggers() {
    assertThat(filter.accept(ks(1, List.of(Annotations.FINALIZER), "now"), ks(1, List.of(), null)))
        .isTrue();
  }

  @Test
  void theFluxFinalizerRemovedByHandTriggersSoItIsAddedBack() {
    assertThat(filter.accept(ks(1, List.of(), null), ks(1, List.of(Annotations.FINALIZER), null)))
        .isTrue();
  }

  @Test
  void anotherFinalizerAddedTriggersAsBefore() {
    assertThat(
            filter.accept(
                ks(1, List.of(Annotations.FINALIZER, "example.com/keep"), null),
                ks(1, List.of(Annotations.FINALIZER), null)))
        .isTrue();
  }
}
