package io.flotilla.server.rollout;

import io.flotilla.server.cluster.Connectivity;
import io.flotilla.server.context.ServiceContext;
import io.flotilla.server.rollout.RolloutPlan.PlannedWave;
import io.flotilla.server.rollout.RolloutProgress.State;
import io.flotilla.server.rollout.RolloutProgress.WaveProgress;
import io.flotilla.server.rollout.RolloutProgress.WaveState;
import io.flotilla.server.rollout.RolloutSubject.Observed;
import io.flotilla.server.rollout.RolloutSubject.Target;
import io.flotilla.server.store.AuditLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves running rollouts on: each pass, per rollout under its row lock, observes the current wave's
 * clusters, pins the next ones to the new revision (maxUnavailable at a time), starts or finishes
 * the bake, goes on to the next wave, releases the revision after the last one, or halts on a
 * failed cluster (and rolls the started waves back when asked). Time comes from the injected
 * context.clock().
 */
final class RolloutEngine {
  private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);
  static final String ACTOR = "flotilla:rollouts";

  private final ServiceContext context;
  private final Connectivity connectivity;
  private final RolloutSubject subject;
  private final RolloutStore store = new RolloutStore();

  RolloutEngine(ServiceContext context, Connectivity connectivity, RolloutSubject subject) {
    this.context = context;
    this.connectivity = connectivity;
    this.subject = subject;
  }

  /** One pass over every running rollout (the periodic job). */
  void tick() {
    try {
      for (String key : context.withHandle(store::running)) {
        advance(key);
      }
    } catch (RuntimeException e) {
      LOG.warn("Advancing rollouts failed; the next pass retries", e);
    }
  }

  /** Advances one rollout, if it is running. */
  void advance(String key) {
    Optional<String> changed =
        context.inTransaction(
            h -> {
              Optional<RolloutRow> row = store.lock(h, key);
              if (row.isEmpty() || row.get().progress().state() != State.Running) {
                return Optional.empty();
              }
              Optional<Target> target = subject.find(h, row.get().plan().assignmentKey());
              return target.isEmpty() ? Optional.empty() : advance(h, row.get(), target.get());
            });
    changed.ifPresent(subject::changed);
  }

  /** Returns the assignment's key when pins or its released revision changed. */
  private Optional<String> advance(Handle h, RolloutRow row, Target t) {
    RolloutPlan plan = row.plan();
    Instant now = context.clock().instant();
    if (t.releasedRevision() >= plan.targetRevision()) {
      // a PUT with rolloutMode Immediate released this revision (or a later one) to every cluster
      String why =
          "The assignment released revision %d to every cluster itself; this rollout of revision %d has nothing left to do."
              .formatted(t.releasedRevision(), plan.targetRevision());
      store.update(h, row.with(row.progress().withState(State.Aborted, why), row.authorship()));
      AuditLog.record(h, now, ACTOR, "abort", row.resourceId(), why);
      return Optional.empty();
    }
    Map<String, ClusterHealth> health = observe(h, plan, t);
    Set<String> pinned = pinnedToTarget(h, plan);
    List<WaveProgress> waves = new ArrayList<>(row.progress().waves());
    int i = row.progress().currentWave();
    String message = row.progress().message();
    State state = State.Running;
    Rollout.Failure failure = null;
    boolean wrote = false;
    while (i < waves.size()) {
      PlannedWave w = plan.waves().get(i);
      Map<String, ClusterHealth> members = new HashMap<>();
      w.clusterIds().stream()
          .filter(health::containsKey)
          .forEach(id -> members.put(id, health.get(id)));
      WaveGate.Step step =
          WaveGate.evaluate(w, waves.get(i), members, pinned, plan.targetRevision(), now);
      Halt halt =
          step instanceof WaveGate.Fail f
              ? new Halt(
                  f.cluster(),
                  "is %s on revision %d.".formatted(f.cluster().describe(), plan.targetRevision()))
              : null;
      if (step instanceof WaveGate.Advance advance) {
        waves.set(i, advance.progress());
        message = advance.message();
        if (!advance.toPin().isEmpty()) {
          halt = pin(h, t.key(), plan, advance.toPin(), pinned, health);
          wrote = true;
        }
      }
      if (halt != null) {
        ClusterHealth c = halt.cluster();
        waves.set(i, waves.get(i).with(WaveState.Failed));
        message =
            "Wave '%s' failed: cluster '%s' %s The rollout stopped; the waves after it keep revision %d."
                .formatted(w.name(), c.resourceId(), halt.how(), plan.baseRevision());
        failure =
            new Rollout.Failure(
                w.name(), c.resourceId(), c.provisioningState(), c.complianceState(), message);
        state = State.Halted;
        if (plan.rollbackOnFailure()) {
          message += " " + rollback(h, plan, waves);
          state = State.RolledBack;
        }
        AuditLog.record(h, now, ACTOR, "halt", row.resourceId(), message);
        LOG.warn("Rollout {}: {}", row.resourceId(), message);
        wrote = true;
        break;
      }
      if (((WaveGate.Advance) step).progress().state() != WaveState.Succeeded) {
        break;
      }
      i++;
      if (i == waves.size()) {
        subject.release(h, t.key(), plan.targetRevision());
        state = State.Succeeded;
        message =
            "Every wave passed; revision %d is released to every cluster of the assignment."
                .formatted(plan.targetRevision());
        AuditLog.record(h, now, ACTOR, "complete", row.resourceId(), message);
        wrote = true;
      }
    }
    store.update(
        h,
        row.with(
            new RolloutProgress(state, i, waves, failure, message, now, null), row.authorship()));
    return wrote ? Optional.of(t.key()) : Optional.empty();
  }

  /** A wave fails on {@code cluster}, which {@code how} (after its id, in the message). */
  private record Halt(ClusterHealth cluster, String how) {}

  /**
   * Pins {@code ids} to the target revision; returns the first the subject could not write, as the
   * wave's halt (null: it wrote them all).
   */
  private Halt pin(
      Handle h,
      String key,
      RolloutPlan plan,
      List<String> ids,
      Set<String> pinned,
      Map<String, ClusterHealth> health) {
    Map<String, String> refused = subject.pin(h, key, ids, plan.targetRevision());
    Halt halt = null;
    for (String id : ids) {
      if (!refused.containsKey(id)) {
        pinned.add(id);
      } else if (halt == null) {
        halt =
            new Halt(
                health.get(id),
                "could not be given revision %d: %s"
                    .formatted(plan.targetRevision(), refused.get(id)));
      }
    }
    return halt;
  }

  /**
   * Gives the clusters of every started wave the base revision again (unpins them), marks those
   * waves RolledBack and says so.
   */
  String rollback(Handle h, RolloutPlan plan, List<WaveProgress> waves) {
    Set<String> pinned = pinnedToTarget(h, plan);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < waves.size(); i++) {
      if (waves.get(i).state() != WaveState.NotStarted) {
        waves.set(i, waves.get(i).with(WaveState.RolledBack));
        names.add(plan.waves().get(i).name());
      }
    }
    List<String> back = new ArrayList<>();
    for (PlannedWave w : plan.waves()) {
      w.clusterIds().stream().filter(pinned::contains).forEach(back::add);
    }
    Map<String, String> kept = subject.unpin(h, plan.assignmentKey(), back);
    String done = "Rolled waves %s back to revision %d.".formatted(names, plan.baseRevision());
    return kept.isEmpty()
        ? done
        : done
            + " Left %d cluster(s) as they are: changed since the rollout wrote them (see each cluster's rollbackSkipped)."
                .formatted(kept.size());
  }

  private Set<String> pinnedToTarget(Handle h, RolloutPlan plan) {
    Set<String> out = new HashSet<>();
    subject
        .pins(h, plan.assignmentKey())
        .forEach(
            (id, rev) -> {
              if (rev == plan.targetRevision()) {
                out.add(id);
              }
            });
    return out;
  }

  /** The health of every cluster of the rollout's waves that the subject still covers. */
  Map<String, ClusterHealth> observe(Handle h, RolloutPlan plan, Target t) {
    Map<String, Observed> observed = subject.observe(h, t);
    Map<String, ClusterHealth> out = new HashMap<>();
    for (PlannedWave w : plan.waves()) {
      for (String id : w.clusterIds()) {
        Observed o = observed.get(id);
        if (o == null) {
          continue;
        }
        Instant seen = connectivity.lastSeen(id, o.cluster().lastSeenAt());
        boolean stale = seen == null || connectivity.offline(seen);
        out.put(
            id,
            new ClusterHealth(
                id,
                o.cluster().ref().resourceId(),
                o.revision(),
                o.provisioningState(),
                o.complianceState(),
                ClusterHealth.classify(
                    o.revision(),
                    plan.targetRevision(),
                    o.provisioningState(),
                    o.complianceState(),
                    stale)));
      }
    }
    return out;
  }
}
