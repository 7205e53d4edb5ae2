package io.flotilla.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ConnectivityTest {
  static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void lastSeenIsTheLaterOfTheDatabaseAndThisReplica() {
    var c = new Connectivity(Clock.fixed(T, ZoneOffset.UTC), Duration.ofMinutes(15));
    assertThat(c.lastSeen("a", null)).isNull();
    assertThat(c.lastSeen("a", T.minusSeconds(60))).isEqualTo(T.minusSeconds(60));
    c.heard("a");
    assertThat(c.lastSeen("a", T.minusSeconds(60))).isEqualTo(T);
    assertThat(c.lastSeen("a", T.plusSeconds(5))).isEqualTo(T.plusSeconds(5));
    c.forget("a");
    assertThat(c.lastSeen("a", null)).isNull();
  }

  @Test
  void offlineFromTheThresholdOnAndWhenNeverSeen() {
    var c = new Connectivity(Clock.fixed(T, ZoneOffset.UTC), Duration.ofMinutes(15));
    assertThat(c.offline(null)).isTrue();
    assertThat(c.offline(T.minus(Duration.ofMinutes(15)).plusMillis(1))).isFalse();
    assertThat(c.offline(T.minus(Duration.ofMinutes(15)))).isTrue();
  }

  @Test
  void writesAreSpacedByAFifthOfTheThresholdAtMost30Seconds() {
    var fifteenMinutes = new Connectivity(Clock.systemUTC(), Duration.ofMinutes(15));
    assertThat(fifteenMinutes.writeEvery()).isEqualTo(Duration.ofSeconds(30));
    assertThat(fifteenMinutes.flushEvery()).isEqualTo(Duration.ofSeconds(5));
    var fourSeconds = new Connectivity(Clock.systemUTC(), Duration.ofSeconds(4));
    assertThat(fourSeconds.writeEvery()).isEqualTo(Duration.ofMillis(800));
    assertThat(fourSeconds.flushEvery()).isEqualTo(Duration.ofMillis(800));
    assertThatThrownBy(() -> new Connectivity(Clock.systemUTC(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
