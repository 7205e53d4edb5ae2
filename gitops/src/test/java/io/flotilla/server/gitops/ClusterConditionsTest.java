package io.flotilla.server.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.flux.meta.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ready and ClusterConnectivity after a probe, Flux-style transition times. */
class ClusterConditionsTest {
  static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");
  static final Instant T1 = T0.plusSeconds(60);

  @Test
  void connectedIsReadyWithWgesConnectivityCondition() {
    List<Condition> c =
        ClusterConditions.next(null, new Reach.Connected("https://h:6443"), false, 1L, T0);
    assertThat(c)
        .extracting(Condition::type, Condition::status, Condition::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Ready", "True", "ClusterConnected"),
            org.assertj.core.groups.Tuple.tuple(
                "ClusterConnectivity", "True", "ClusterConnectionSucceeded"));
    assertThat(c.get(0).observedGeneration()).isEqualTo(1L);
  }

  /**
   * The next conditions after {@code previous} when the cluster refused the connection at {@code
   * now}.
   */
  private static List<Condition> refused(List<Condition> previous, Instant now) {
    return ClusterConditions.next(
        previous,
        new Reach.NotConnected("ClusterNotConnected", "connection refused"),
        true,
        1L,
        now);
  }

  @Test
  void aFailureIsReadyFalseWithItsReasonAndTheTransitionTimeMovesOnlyOnChange() {
    List<Condition> ready =
        ClusterConditions.next(null, new Reach.Connected("https://h"), true, 1L, T0);
    assertThat(ready).extracting(Condition::type).contains("ClusterProvisioned");
    List<Condition> down = refused(ready, T1);
    assertThat(down.get(0))
        .extracting(
            Condition::status, Condition::reason, Condition::message, Condition::lastTransitionTime)
        .containsExactly("False", "ClusterNotConnected", "connection refused", T1.toString());
    assertThat(down.get(1).reason()).isEqualTo("ClusterConnectionFailed");
    // still down a minute later: same conditions, same transition time, nothing to write
    List<Condition> stillDown = refused(down, T1.plusSeconds(60));
    assertThat(ClusterConditions.same(down, stillDown)).isTrue();
    assertThat(stillDown.get(0).lastTransitionTime()).isEqualTo(T1.toString());
    // the provisioned condition kept its time throughout
    assertThat(stillDown.get(2).lastTransitionTime()).isEqualTo(T0.toString());
  }
}
