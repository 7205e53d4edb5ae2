package io.flotilla.server.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.server.assignment.ClusterSelector;
import io.flotilla.server.rollout.RolloutPlan.PlannedWave;
import io.flotilla.server.rollout.RolloutProgress.State;
import io.flotilla.server.rollout.RolloutProgress.WaveProgress;
import io.flotilla.server.rollout.RolloutProgress.WaveState;
import io.flotilla.server.rollout.RolloutSubject.Target;
import io.flotilla.server.store.ClusterRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/** A rollout as the API answers it: its plan, and every wave's clusters as they are now. */
final class RolloutView {
  private final Clock clock;
  private final RolloutEngine engine;
  private final RolloutSubjects subjects;

  RolloutView(Clock clock, RolloutEngine engine, RolloutSubjects subjects) {
    this.clock = clock;
    this.engine = engine;
    this.subjects = subjects;
  }

  /** The resource with every wave's clusters as they are now. */
  Rollout render(Handle h, RolloutRow row, Target t) {
    RolloutPlan plan = row.plan();
    RolloutProgress p = row.progress();
    Map<String, ClusterHealth> health = engine.observe(h, plan, t);
    Map<String, Long> pins = subjects.pins(h, t.key());
    Map<String, RolloutSubject.Notes> notes = subjects.notes(h, t.key());
    Map<String, String> names = new java.util.HashMap<>();
    for (ClusterRow c : subjects.clusters(h, t.key())) {
      names.put(c.id(), c.ref().resourceId());
    }
    long released = t.releasedRevision();
    List<Rollout.Wave> waves = new ArrayList<>();
    List<Rollout.WaveStatus> statuses = new ArrayList<>();
    for (int i = 0; i < plan.waves().size(); i++) {
      PlannedWave w = plan.waves().get(i);
      WaveProgress wp = p.waves().get(i);
      boolean baking = wp.state() == WaveState.Baking && wp.bakeStartedAt() != null;
      waves.add(
          new Rollout.Wave(
              w.name(),
              w.clusters(),
              w.matchTags() == null ? null : new ClusterSelector(w.matchTags()),
              maxUnavailableNode(w.maxUnavailable()),
              w.bakeTimeInSeconds()));
      List<Rollout.ClusterStatus> clusters = new ArrayList<>();
      for (String id : w.clusterIds()) {
        ClusterHealth c = health.get(id);
        long desired = pins.getOrDefault(id, released);
        RolloutSubject.Notes n = notes.getOrDefault(id, RolloutSubject.Notes.NONE);
        clusters.add(
            c == null
                ? new Rollout.ClusterStatus(
                    names.getOrDefault(id, id),
                    null,
                    desired,
                    null,
                    null,
                    "LeftScope",
                    n.rollbackSkipped(),
                    n.rebased())
                : new Rollout.ClusterStatus(
                    c.resourceId(),
                    c.revision(),
                    desired,
                    c.provisioningState(),
                    c.complianceState(),
                    wp.state() == WaveState.NotStarted ? null : c.health().name(),
                    n.rollbackSkipped(),
                    n.rebased()));
      }
      statuses.add(
          new Rollout.WaveStatus(
              w.name(),
              wp.state().name(),
              ts(wp.startedAt()),
              ts(wp.bakeStartedAt()),
              // paused: the end is not known until the resume; what is left is
              wp.bakeStartedAt() == null || baking && p.pausedAt() != null
                  ? null
                  : ts(wp.bakeStartedAt().plus(Duration.ofSeconds(w.bakeTimeInSeconds()))),
              baking ? p.bakeLeft(wp, w.bakeTimeInSeconds(), clock.instant()).toSeconds() : null,
              ts(wp.completedAt()),
              clusters));
    }
    String current =
        p.currentWave() < plan.waves().size() && p.state() != State.Succeeded
            ? plan.waves().get(p.currentWave()).name()
            : null;
    return new Rollout(
        row.resourceId(),
        row.name(),
        plan.configurationName() == null ? Rollout.TYPE : Rollout.CONFIGURATION_TYPE,
        row.authorship().systemData(),
        new Rollout.Properties(
            plan.configurationName(),
            plan.patch(),
            plan.targetRevision(),
            plan.rollbackOnFailure(),
            waves,
            plan.baseRevision(),
            "Succeeded",
            new Rollout.Status(
                p.state().name(),
                current,
                p.message(),
                p.failure(),
                ts(p.evaluatedAt()),
                ts(p.pausedAt()),
                statuses)));
  }

  private static JsonNode maxUnavailableNode(String s) {
    return s.endsWith("%")
        ? com.fasterxml.jackson.databind.node.TextNode.valueOf(s)
        : com.fasterxml.jackson.databind.node.IntNode.valueOf(Integer.parseInt(s));
  }

  private static String ts(Instant t) {
    return t == null ? null : t.toString();
  }
}
