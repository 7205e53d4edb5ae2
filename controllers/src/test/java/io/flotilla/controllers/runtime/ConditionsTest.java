package io.flotilla.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.flux.meta.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  private static final Clock T1 =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Clock T2 =
      Clock.fixed(Instant.parse("2026-01-01T00:05:00Z"), ZoneOffset.UTC);

  /** The next reconcile's conditions (at {@code generation}, T2) after Ready=True at 1 and T1. */
  private static Conditions afterAReadyReconcile(long generation) {
    List<Condition> first =
        new Conditions(null, 1, T1).markTrue("Ready", "Succeeded", "a").toList();
    return new Conditions(first, generation, T2);
  }

  @Test
  void keepsTheTransitionTimeWhileTheStatusStaysTheSame() {
    List<Condition> second = afterAReadyReconcile(2).markTrue("Ready", "Succeeded", "b").toList();
    assertThat(second.get(0).lastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(second.get(0).message()).isEqualTo("b");
    assertThat(second.get(0).observedGeneration()).isEqualTo(2);
  }

  @Test
  void movesTheTransitionTimeWhenTheStatusFlips() {
    List<Condition> second = afterAReadyReconcile(1).markFalse("Ready", "Failed", "b").toList();
    assertThat(second.get(0).lastTransitionTime()).isEqualTo("2026-01-01T00:05:00Z");
  }

  @Test
  void ordersReadyFirstThenReconcilingAndStalled() {
    List<Condition> list =
        new Conditions(null, 1, T1)
            .markTrue("ArtifactInStorage", "Succeeded", "x")
            .markTrue("Stalled", "Failed", "x")
            .markTrue("Reconciling", "Progressing", "x")
            .markUnknown("Ready", "Progressing", "x")
            .toList();
    assertThat(list)
        .extracting(Condition::type)
        .containsExactly("Ready", "Reconciling", "Stalled", "ArtifactInStorage");
  }
}
