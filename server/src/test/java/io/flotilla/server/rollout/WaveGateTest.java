package io.flotilla.server.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.server.rollout.ClusterHealth.Health;
import io.flotilla.server.rollout.RolloutPlan.PlannedWave;
import io.flotilla.server.rollout.RolloutProgress.WaveProgress;
import io.flotilla.server.rollout.RolloutProgress.WaveState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaveGateTest {
  static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
  static final PlannedWave WAVE =
      new PlannedWave("ring-1", List.of("a", "b", "c"), List.of("a", "b", "c"), null, "1", 600);

  static Map<String, ClusterHealth> health(Health a, Health b, Health c) {
    Map<String, ClusterHealth> m = new HashMap<>();
    m.put("a", cluster("a", a));
    m.put("b", cluster("b", b));
    m.put("c", cluster("c", c));
    return m;
  }

  static ClusterHealth cluster(String id, Health h) {
    return new ClusterHealth(
        id,
        "/clusters/" + id,
        h == Health.PENDING ? 1L : 2L,
        h == Health.FAILED ? "Failed" : "Succeeded",
        h == Health.HEALTHY ? "Compliant" : "Pending",
        h);
  }

  static WaveGate.Advance advance(WaveGate.Step s) {
    assertThat(s).isInstanceOf(WaveGate.Advance.class);
    return (WaveGate.Advance) s;
  }

  @Test
  void aNewWaveStartsAndMovesAtMostMaxUnavailableClustersAtOnce() {
    var pending = health(Health.PENDING, Health.PENDING, Health.PENDING);
    var first =
        advance(WaveGate.evaluate(WAVE, WaveProgress.NOT_STARTED, pending, Set.of(), 2, T0));
    assertThat(first.toPin()).containsExactly("a");
    assertThat(first.progress().state()).isEqualTo(WaveState.Updating);
    assertThat(first.progress().startedAt()).isEqualTo(T0);
    // a is pinned but not yet Compliant: nothing more moves
    var waiting = advance(WaveGate.evaluate(WAVE, first.progress(), pending, Set.of("a"), 2, T0));
    assertThat(waiting.toPin()).isEmpty();
    assertThat(waiting.message()).contains("waiting for /clusters/a");
    // a is Compliant on the revision: b moves
    var next =
        advance(
            WaveGate.evaluate(
                WAVE,
                first.progress(),
                health(Health.HEALTHY, Health.PENDING, Health.PENDING),
                Set.of("a"),
                2,
                T0));
    assertThat(next.toPin()).containsExactly("b");
  }

  @Test
  void aPinnedClusterThatFailsFailsTheWave() {
    var s =
        WaveGate.evaluate(
            WAVE,
            new WaveProgress(WaveState.Updating, T0, null, null),
            health(Health.HEALTHY, Health.FAILED, Health.PENDING),
            Set.of("a", "b"),
            2,
            T0);
    assertThat(s).isInstanceOf(WaveGate.Fail.class);
    assertThat(((WaveGate.Fail) s).cluster().clusterId()).isEqualTo("b");
  }

  @Test
  void aHealthyWaveBakesForItsBakeTimeBeforeItPasses() {
    var all = Set.of("a", "b", "c");
    var healthy = health(Health.HEALTHY, Health.HEALTHY, Health.HEALTHY);
    var updating = new WaveProgress(WaveState.Updating, T0, null, null);
    var baking = advance(WaveGate.evaluate(WAVE, updating, healthy, all, 2, T0.plusSeconds(10)));
    assertThat(baking.progress().state()).isEqualTo(WaveState.Baking);
    assertThat(baking.progress().bakeStartedAt()).isEqualTo(T0.plusSeconds(10));
    var early =
        advance(WaveGate.evaluate(WAVE, baking.progress(), healthy, all, 2, T0.plusSeconds(609)));
    assertThat(early.progress().state()).isEqualTo(WaveState.Baking);
    var done =
        advance(WaveGate.evaluate(WAVE, baking.progress(), healthy, all, 2, T0.plusSeconds(610)));
    assertThat(done.progress().state()).isEqualTo(WaveState.Succeeded);
    assertThat(done.progress().completedAt()).isEqualTo(T0.plusSeconds(610));
  }

  @Test
  void aClusterThatGoesStaleDuringTheBakeStartsTheBakeAgain() {
    var all = Set.of("a", "b", "c");
    var baking = new WaveProgress(WaveState.Baking, T0, T0, null);
    var stale =
        advance(
            WaveGate.evaluate(
                WAVE,
                baking,
                health(Health.HEALTHY, Health.STALE, Health.HEALTHY),
                all,
                2,
                T0.plusSeconds(700)));
    assertThat(stale.progress().state()).isEqualTo(WaveState.Updating);
    assertThat(stale.progress().bakeStartedAt()).isNull();
    assertThat(stale.message()).contains("/clusters/b").contains("stale");
  }

  @Test
  void maxUnavailableAsAPercentageRoundsDownToAtLeastOne() {
    assertThat(
            new PlannedWave("w", List.of("a", "b", "c"), null, null, "50%", 0)
                .maxUnavailableClusters())
        .isEqualTo(1);
    assertThat(
            new PlannedWave("w", List.of("a", "b", "c", "d"), null, null, "50%", 0)
                .maxUnavailableClusters())
        .isEqualTo(2);
    assertThat(new PlannedWave("w", List.of("a"), null, null, "1%", 0).maxUnavailableClusters())
        .isEqualTo(1);
  }
}
