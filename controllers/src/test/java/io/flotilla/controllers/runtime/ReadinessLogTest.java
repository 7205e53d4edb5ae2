package io.flotilla.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.flux.meta.Condition;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.SubstituteLogger;

/**
 * A failing reconcile is logged once per change of its reason, its recovery once, and the waits
 * every object passes through on a fresh start not at INFO.
 */
class ReadinessLogTest {
  /** A logger that records what it is told, and the lines it was told at INFO. */
  static final class Recording {
    final Queue<SubstituteLoggingEvent> events = new ArrayDeque<>();
    final Logger logger = new SubstituteLogger("readiness", events, false);

    List<String> info() {
      return events.stream()
          .filter(e -> e.getLevel() == Level.INFO)
          .map(e -> MessageFormatter.basicArrayFormat(e.getMessage(), e.getArgumentArray()))
          .toList();
    }
  }

  private static List<Condition> ready(String status, String reason, String message) {
    return List.of(new Condition("Ready", status, 1L, "2024-01-01T00:00:00Z", reason, message));
  }

  @Test
  void aFailureIsSaidOncePerReasonAndItsRecoveryOnce() {
    Recording log = new Recording();
    ReadinessLog readiness = new ReadinessLog(log.logger, "Kustomization");
    readiness.record("ns", "app", ready("False", "DependencyNotReady", "dependency 'ns/infra'"));
    readiness.record("ns", "app", ready("True", "ReconciliationSucceeded", "Applied revision: a"));
    readiness.record("ns", "app", ready("False", "BuildFailed", "kustomize build failed: x"));
    readiness.record("ns", "app", ready("False", "BuildFailed", "kustomize build failed: y"));
    readiness.record("ns", "app", ready("Unknown", "Progressing", "Building"));
    readiness.record("ns", "app", ready("False", "HealthCheckFailed", "timeout"));
    readiness.record("ns", "app", ready("True", "ReconciliationSucceeded", "Applied revision: b"));
    readiness.record("ns", "app", ready("True", "ReconciliationSucceeded", "Applied revision: c"));
    assertThat(log.info())
        .containsExactly(
            "Kustomization ns/app is not ready: BuildFailed: kustomize build failed: x",
            "Kustomization ns/app is not ready: HealthCheckFailed: timeout",
            "Kustomization ns/app is ready again: Applied revision: b");
  }

  @Test
  void waitingForTheSourcesFirstArtifactIsNoNews() {
    Recording log = new Recording();
    ReadinessLog readiness = new ReadinessLog(log.logger, "Kustomization");
    readiness.record(
        "ns",
        "app",
        ready("False", "ArtifactFailed", "Source artifact not found, retrying in 30s"));
    readiness.record("ns", "app", ready("True", "ReconciliationSucceeded", "Applied revision: a"));
    readiness.record(
        "ns", "app", ready("False", "ArtifactFailed", "failed to download artifact: refused"));
    assertThat(log.info())
        .containsExactly(
            "Kustomization ns/app is not ready: ArtifactFailed: failed to download artifact:"
                + " refused");
  }
}
