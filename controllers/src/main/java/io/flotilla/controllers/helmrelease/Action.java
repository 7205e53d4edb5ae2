package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus.Snapshot;
import io.flotilla.helm.Release;
import io.flotilla.helm.ReleaseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One step of the release state machine (helm-controller's ActionReconciler). {@link #run} records
 * its outcome on the request's status (conditions, history, counters, events); it throws {@link
 * Retry} only when nothing was written to storage, so the reconcile should simply be retried.
 */
sealed interface Action
    permits Install,
        Upgrade,
        Test,
        Unlock,
        RollbackRemediation,
        UninstallRemediation,
        CorrectClusterDrift {

  /** Flux's ReconcilerType: the state machine runs each type at most once per reconcile. */
  enum Type {
    RELEASE,
    REMEDIATE,
    TEST,
    UNLOCK,
    DRIFT_CORRECTION
  }

  /** What the state machine reads of an action besides running it: its name, type and timeout. */
  record Traits(String name, Type type, Function<ActionSettings, Duration> timeout) {}

  /** The traits of each action, in one place. */
  default Traits traits() {
    return switch (this) {
      case Install a -> new Traits("install", Type.RELEASE, ActionSettings::installTimeout);
      case Upgrade a -> new Traits("upgrade", Type.RELEASE, ActionSettings::upgradeTimeout);
      case Test a -> new Traits("test", Type.TEST, ActionSettings::testTimeout);
      case Unlock a -> new Traits("unlock", Type.UNLOCK, ActionSettings::timeout);
      case RollbackRemediation a ->
          new Traits("rollback", Type.REMEDIATE, ActionSettings::rollbackTimeout);
      case UninstallRemediation a ->
          new Traits("uninstall", Type.REMEDIATE, ActionSettings::uninstallTimeout);
      case CorrectClusterDrift a ->
          new Traits("correct cluster drift", Type.DRIFT_CORRECTION, ActionSettings::timeout);
    };
  }

  default String name() {
    return traits().name();
  }

  default Type type() {
    return traits().type();
  }

  default Duration timeout(Request req) {
    return traits().timeout().apply(req.settings());
  }

  void run(Request req) throws Retry;

  /** The latest release, which the action needs ({@code purpose}); none is a {@link Retry}. */
  static Snapshot latest(Request req, String purpose) throws Retry {
    Snapshot cur = req.status().history.latest();
    if (cur == null) {
      throw new Retry("no latest release: required " + purpose, null);
    }
    return cur;
  }

  /** An action failed without changing storage: retry with backoff. */
  final class Retry extends Exception {
    Retry(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The newest stored version, 0 when there is none or storage cannot be read. */
  static int latestVersion(Request req) {
    try {
      return req.releases()
          .latest(req.names().storageNamespace(), req.names().release())
          .map(Release::version)
          .orElse(0);
    } catch (ReleaseException e) {
      return 0;
    }
  }

  /**
   * Records what storage holds after an action (Flux observes each write; we read the history
   * once): true when a revision above {@code before} appeared.
   */
  static boolean observe(Request req, int before, Release returned) {
    List<Release> stored;
    try {
      stored = req.releases().history(req.names().storageNamespace(), req.names().release());
    } catch (ReleaseException e) {
      stored = returned == null ? List.of() : List.of(returned);
    }
    req.status().history.observe(stored, before, req.ociDigest());
    return stored.stream().anyMatch(r -> r.version() > before);
  }

  /** A step that worked: {@code condition} True with {@code reason}, and its Normal event. */
  static void succeeded(
      Request req, String condition, String reason, String msg, Map<String, String> meta) {
    req.status().conditions.markTrue(condition, reason, msg);
    req.events().normal(reason, msg, meta);
  }

  /** A step that failed: counted, {@code condition} False with {@code reason}, a Warning event. */
  static void failed(
      Request req, String condition, String reason, String msg, Map<String, String> meta) {
    StatusModel s = req.status();
    s.failures++;
    s.conditions.markFalse(condition, reason, msg);
    req.events().warning(reason, msg, meta);
  }

  static Map<String, String> meta(Snapshot s) {
    return ReleaseEvents.meta(s.chartVersion(), s.configDigest(), s.appVersion(), s.ociDigest());
  }

  static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage().strip();
  }
}
