package io.flotilla.server.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Where a rollout is, as stored: its state, its current wave and each wave's progress. */
record RolloutProgress(
    State state,
    int currentWave,
    List<WaveProgress> waves,
    Rollout.Failure failure,
    String message,
    Instant evaluatedAt) {

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
  }

  static RolloutProgress start(int waves) {
    List<WaveProgress> w = new ArrayList<>();
    for (int i = 0; i < waves; i++) {
      w.add(WaveProgress.NOT_STARTED);
    }
    return new RolloutProgress(State.Running, 0, w, null, "Starting wave 1.", null);
  }

  RolloutProgress withState(State s, String why) {
    return new RolloutProgress(s, currentWave, waves, failure, why, evaluatedAt);
  }
}
