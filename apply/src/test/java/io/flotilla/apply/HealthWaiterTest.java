package io.flotilla.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waiting, with a fake clock that advances when the waiter sleeps: no real waiting. */
class HealthWaiterTest {
  static final ObjectRef DEPLOY = new ObjectRef("apps", "v1", "Deployment", "apps", "podinfo");
  static final ObjectRef CM = new ObjectRef("", "v1", "ConfigMap", "apps", "settings");

  final FakeCluster cluster = new FakeCluster();
  final List<Duration> sleeps = new ArrayList<>();
  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  Runnable onSleep = () -> {};
  final ResourceManager manager =
      new ResourceManager(
          cluster,
          clock,
          d -> {
            sleeps.add(d);
            clock.advance(d);
            onSleep.run();
          });

  @Test
  void timesOutNamingEveryObjectNotReadyAndWhy() {
    cluster.put(Yaml.object(PodinfoRollout.unavailable()));
    assertThatThrownBy(
            () ->
                manager.waitForHealth(
                    List.of(DEPLOY, CM), Duration.ofSeconds(10), Duration.ofSeconds(3)))
        .isInstanceOf(ApplyException.class)
        .hasMessage(
            "timeout waiting for: [Deployment/apps/podinfo status: 'InProgress': Available: 0/1, "
                + "ConfigMap/apps/settings status: 'NotFound': Resource not found]");
    // 3 + 3 + 3 + the remaining 1: the last sleep never overshoots the deadline
    assertThat(sleeps)
        .containsExactly(
            Duration.ofSeconds(3),
            Duration.ofSeconds(3),
            Duration.ofSeconds(3),
            Duration.ofSeconds(1));
  }

  @Test
  void returnsOnceAllAreCurrent() throws Exception {
    cluster.put(Yaml.object(PodinfoRollout.unavailable()));
    cluster.put(
        Yaml.object(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: apps}\n"));
    onSleep =
        () -> {
          if (sleeps.size() == 2) {
            cluster.put(Yaml.object(PodinfoRollout.done()));
          }
        };
    HealthResult result =
        manager.waitForHealth(List.of(DEPLOY, CM), Duration.ofMinutes(1), Duration.ofSeconds(5));
    assertThat(result.healthy()).isTrue();
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void failsFastOnAFailedObject() {
    cluster.put(
        Yaml.object(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: podinfo, namespace: apps}
            spec: {replicas: 1}
            status:
              conditions: [{type: Progressing, status: "False", reason: ProgressDeadlineExceeded}]
            """));
    assertThatThrownBy(() -> manager.waitForHealth(List.of(DEPLOY), Duration.ofMinutes(5)))
        .isInstanceOfSatisfying(
            ApplyException.class,
            e -> {
              assertThat(e)
                  .hasMessage(
                      "failed early due to stalled resources: [Deployment/apps/podinfo status: 'Failed': Progress deadline exceeded]");
              assertThat(e.health()).isPresent();
            });
    assertThat(sleeps).isEmpty();
  }

  @Test
  void checkHealthIsOnePoll() {
    cluster.put(Yaml.object(PodinfoRollout.done()));
    HealthResult result = manager.checkHealth(List.of(DEPLOY, CM));
    assertThat(result.objects())
        .extracting(ObjectHealth::status)
        .containsExactly(HealthStatus.CURRENT, HealthStatus.NOT_FOUND);
    assertThat(result.message())
        .isEqualTo("ConfigMap/apps/settings status: 'NotFound': Resource not found");
    assertThat(sleeps).isEmpty();
  }
}
