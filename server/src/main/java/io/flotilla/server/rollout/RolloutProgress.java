package io.flotilla.server.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a rollout is, as stored: its state, its current wave and each wave's progress; {@code
 * pausedAt}: when a pause began (the bake clock stands still until the resume).
 */
record RolloutProgress(
    State state,
    int currentWave,
    List<WaveProgress> waves,
    Rollout.Failure failure,
    String message,
    Instant evaluatedAt,
    Instant pausedAt) {

  enum State {
    /** Waves are being updated and baked. */
    Running,
    /** Stopped by the user; resume goes on where it stopped. */
    Paused,
    /** A wave failed; the finished waves keep the new revision (no automatic rollback). */
    Halted,
    /** The clusters of the started waves were given the base revision again. */
    RolledBack,
    /** Stopped by the user for good; every cluster keeps what it has. */
    Aborted,
    /** Every wave passed; the revision is released to every cluster of the assignment. */
    Succeeded;

    /** A rollout in these states still owns its assignment's revisions (one at a time). */
    boolean active() {
      return this == Running || this == Paused;
    }
  }

  enum WaveState {
    NotStarted,
    Updating,
    Baking,
    Succeeded,
    Failed,
    RolledBack
  }

  record WaveProgress(
      WaveState state, Instant startedAt, Instant bakeStartedAt, Instant completedAt) {
    static final WaveProgress NOT_STARTED =
        new WaveProgress(WaveState.NotStarted, null, null, null);

    WaveProgress with(WaveState s) {
      return new WaveProgress(s, startedAt, bakeStartedAt, completedAt);
    }

    WaveProgress shiftedBake(Duration pause) {
      return state != WaveState.Baking || bakeStartedAt == null
          ? this
          : new WaveProgress(state, startedAt, bakeStartedAt.plus(pause), completedAt);
    }
  }

  static RolloutProgress start(int waves) {
    List<WaveProgress> w = new ArrayList<>();
    for (int i = 0; i < waves; i++) {
      w.add(WaveProgress.NOT_STARTED);
    }
    return new RolloutProgress(State.Running, 0, w, null, "Starting wave 1.", null, null);
  }

  RolloutProgress withState(State s, String why) {
    return new RolloutProgress(s, currentWave, waves, failure, why, evaluatedAt, pausedAt);
  }

  RolloutProgress paused(Instant at, String why) {
    return new RolloutProgress(State.Paused, currentWave, waves, failure, why, evaluatedAt, at);
  }

  /**
   * Running again: a wave that was baking when paused bakes only the time it had left, so its bake
   * start moves on by the length of the pause.
   */
  RolloutProgress resumed(Instant at, String why) {
    List<WaveProgress> w = new ArrayList<>(waves);
    if (pausedAt != null && currentWave < w.size()) {
      w.set(currentWave, w.get(currentWave).shiftedBake(Duration.between(pausedAt, at)));
    }
    return new RolloutProgress(State.Running, currentWave, w, failure, why, evaluatedAt, null);
  }

  /** How long the current wave's bake still has to run, as of {@code now} (or of the pause). */
  Duration bakeLeft(WaveProgress w, long bakeSeconds, Instant now) {
    Instant end = w.bakeStartedAt().plusSeconds(bakeSeconds);
    Duration left = Duration.between(pausedAt != null ? pausedAt : now, end);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
