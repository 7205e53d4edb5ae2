package io.flotilla.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.flux.meta.Condition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A failing reconcile is logged once per change of its reason, its recovery once, and the waits
 * every object passes through on a fresh start not at INFO.
 */
class ReadinessLogTest {
  /** The lines logged at INFO. */
  static final class Recording extends AbstractLogger {
    final List<String> info = new ArrayList<>();

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable t) {
      if (level == Level.INFO) {
        info.add(MessageFormatter.basicArrayFormat(pattern, args));
      }
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isTraceEnabled(Marker m) {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled(Marker m) {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled(Marker m) {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled(Marker m) {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled(Marker m) {
      return true;
    }
  }

  private static List<Condition> ready(String status, String reason, String message) {
    return List.of(new Condition("Ready", status, 1L, "2024-01-01T00:00:00Z", reason, message));
  }

  @Test
  void aFailureIsSaidOncePerReasonAndItsRecoveryOnce() {
    Recording log = new Recording();
    ReadinessLog readiness = new ReadinessLog(log, "Kustomization");
    readiness.record("ns", "app", ready("False", "DependencyNotReady", "dependency 'ns/infra'"));
    readiness.record("ns", "app", ready("True", "ReconciliationSucceeded", "Applied revision: a"));
    readiness.record("ns", "app", ready("False", "BuildFailed", "kustomize build failed: x"));
    readiness.record("ns", "app", ready("False", "BuildFailed", "kustomize build failed: y"));
    readiness.record("ns", "app", ready("Unknown", "Progressing", "Building"));
    readiness.record("ns", "app", ready("False", "HealthCheckFailed", "timeout"));
    readiness.record("ns", "app", ready("True", "ReconciliationSucceeded", "Applied revision: b"));
    readiness.record("ns", "app", ready("True", "ReconciliationSucceeded", "Applied revision: c"));
    assertThat(log.info)
        .containsExactly(
            "Kustomization ns/app is not ready: BuildFailed: kustomize build failed: x",
            "Kustomization ns/app is not ready: HealthCheckFailed: timeout",
            "Kustomization ns/app is ready again: Applied revision: b");
  }

  @Test
  void waitingForTheSourcesFirstArtifactIsNoNews() {
    Recording log = new Recording();
    ReadinessLog readiness = new ReadinessLog(log, "Kustomization");
    readiness.record(
        "ns",
        "app",
        ready("False", "ArtifactFailed", "Source artifact not found, retrying in 30s"));
    readiness.record("ns", "app", ready("True", "ReconciliationSucceeded", "Applied revision: a"));
    readiness.record(
        "ns", "app", ready("False", "ArtifactFailed", "failed to download artifact: refused"));
    assertThat(log.info)
        .containsExactly(
            "Kustomization ns/app is not ready: ArtifactFailed: failed to download artifact:"
                + " refused");
  }
}
