package io.flotilla.server.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DesiredStateSignalsTest {
  final DesiredStateSignals signals = new DesiredStateSignals();

  /** A read change feed that has seen cluster c at version 1, and a poll waiting on c. */
  private CompletableFuture<Void> aPollOnClusterCAtVersion1() {
    signals.markFresh();
    signals.advance("c", 1);
    return signals.watch("c");
  }

  @Test
  void nothingIsTrustedUntilTheChangeFeedHasBeenRead() {
    signals.rememberVersion("c", 3, 0);
    assertThat(signals.cachedVersion("c")).isEmpty();
    signals.markFresh();
    assertThat(signals.cachedVersion("c")).contains(3L);
  }

  @Test
  void aSlowReadNeverReplacesANewerVersion() {
    signals.markFresh();
    signals.advance("c", 5);
    signals.rememberVersion("c", 4, signals.generation("c"));
    assertThat(signals.cachedVersion("c")).contains(5L);
  }

  @Test
  void aReadThatRacedALocalChangeIsNotCached() {
    signals.markFresh();
    signals.rememberVersion("c", 1, 0);
    long before = signals.generation("c");
    signals.changed("c"); // committed while the read was in flight
    signals.rememberVersion("c", 1, before);
    assertThat(signals.cachedVersion("c")).isEmpty();
    signals.rememberVersion("c", 2, signals.generation("c"));
    assertThat(signals.cachedVersion("c")).contains(2L);
  }

  @Test
  void theFeedWakesPollsOnlyForNews() {
    var watch = aPollOnClusterCAtVersion1();
    assertThat(signals.advance("c", 1)).isFalse();
    assertThat(watch).isNotDone();
    assertThat(signals.advance("c", 2)).isTrue();
    assertThat(watch).isDone();
    assertThat(signals.cachedVersion("c")).contains(2L);
  }

  @Test
  void aForgottenClusterWakesItsPollsAndHasNoVersion() {
    var watch = aPollOnClusterCAtVersion1();
    signals.forget("c");
    assertThat(watch).isDone();
    assertThat(signals.cachedVersion("c")).isEmpty();
  }

  @Test
  void aChangeHandedItsVersionWakesPollsThatNeedNoRead() {
    var watch = aPollOnClusterCAtVersion1();
    long before = signals.generation("c");
    signals.changed("c", 2);
    assertThat(watch).isDone();
    assertThat(signals.cachedVersion("c")).contains(2L);
    // a read that started before the change is not cached over it
    signals.rememberVersion("c", 1, before);
    assertThat(signals.cachedVersion("c")).contains(2L);
    // nor does a change handed an older version than one already known move it back
    signals.advance("c", 4);
    signals.changed("c", 3);
    assertThat(signals.cachedVersion("c")).contains(4L);
  }

  @Test
  void aChangeHandedItsVersionKeepsAnUnreadLocalChangeUnknown() {
    signals.markFresh();
    signals.advance("c", 1);
    signals.changed("c"); // committed, its version not read yet: it may be newer than 2
    signals.changed("c", 2);
    assertThat(signals.cachedVersion("c")).isEmpty();
  }

  @Test
  void aChangeHandedItsVersionForAClusterNotSeenYetIsKnown() {
    signals.markFresh();
    signals.changed("d", 7);
    assertThat(signals.cachedVersion("d")).contains(7L);
  }

  @Test
  void aPollThatEndsWithoutAChangeLeavesNoWatchBehind() {
    var first = signals.watch("c");
    var second = signals.watch("c");
    signals.unwatch("c", first);
    assertThat(signals.watching("c")).isEqualTo(1);
    signals.unwatch("c", second);
    assertThat(signals.watching("c")).isZero();
    // a change wakes only the polls still waiting, each once
    var third = signals.watch("c");
    signals.changed("c");
    assertThat(third).isDone();
    assertThat(first).isNotDone();
    assertThat(signals.watching("c")).isZero();
  }

  @Test
  void shutdownReleasesEveryWaitingPoll() {
    var a = signals.watch("a");
    var b = signals.watch("b");
    signals.shutdown();
    assertThat(a).isDone();
    assertThat(b).isDone();
    assertThat(signals.isShutdown()).isTrue();
  }
}
