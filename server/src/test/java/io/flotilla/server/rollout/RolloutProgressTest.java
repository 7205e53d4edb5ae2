package io.flotilla.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.server.rollout.RolloutProgress.State;
import io.flotilla.server.rollout.RolloutProgress.WaveProgress;
import io.flotilla.server.rollout.RolloutProgress.WaveState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pause stops a wave's bake clock; a resume bakes only what was left. */
class RolloutProgressTest {
  static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

  static RolloutProgress bakingSince(Instant bakeStart) {
    return new RolloutProgress(
        State.Running,
        0,
        List.of(new WaveProgress(WaveState.Baking, T0, bakeStart, null), WaveProgress.NOT_STARTED),
        null,
        "baking",
        bakeStart,
        null);
  }

  @Test
  void aResumedWaveBakesOnlyWhatItHadLeft() {
    RolloutProgress paused = bakingSince(T0).paused(T0.plusSeconds(100), "Paused by u.");
    assertThat(paused.state()).isEqualTo(State.Paused);
    // an hour later, still paused: 500 s of a 600 s bake are left, as at the pause
    Instant later = T0.plusSeconds(3700);
    assertThat(paused.bakeLeft(paused.waves().get(0), 600, later)).hasSeconds(500);

    RolloutProgress resumed = paused.resumed(later, "Resumed by u.");
    assertThat(resumed.state()).isEqualTo(State.Running);
    assertThat(resumed.pausedAt()).isNull();
    WaveProgress w = resumed.waves().get(0);
    assertThat(w.bakeStartedAt()).isEqualTo(T0.plusSeconds(3600));
    assertThat(resumed.bakeLeft(w, 600, later)).hasSeconds(500);
    assertThat(resumed.waves().get(1)).isEqualTo(WaveProgress.NOT_STARTED);
  }

  @Test
  void aWaveThatWasNotBakingIsUnchangedByAPause() {
    RolloutProgress updating =
        new RolloutProgress(
            State.Running,
            0,
            List.of(new WaveProgress(WaveState.Updating, T0, null, null)),
            null,
            "updating",
            T0,
            null);
    RolloutProgress resumed = updating.paused(T0, "p").resumed(T0.plus(Duration.ofHours(2)), "r");
    assertThat(resumed.waves()).isEqualTo(updating.waves());
  }

  @Test
  void aBakeOverdueAtThePauseHasNothingLeft() {
    RolloutProgress paused = bakingSince(T0).paused(T0.plusSeconds(900), "p");
    assertThat(paused.bakeLeft(paused.waves().get(0), 600, T0.plusSeconds(1000))).isZero();
  }
}
