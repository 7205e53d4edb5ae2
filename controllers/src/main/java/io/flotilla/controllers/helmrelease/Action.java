package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus.Snapshot;
import io.flotilla.helm.Release;
import io.flotilla.helm.ReleaseException;
import java.time.Duration;
import java.util.List;

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

  String name();

  Type type();

  Duration timeout(Request req);

  void run(Request req) throws Retry;

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

  static java.util.Map<String, String> meta(Snapshot s) {
    return ReleaseEvents.meta(s.chartVersion(), s.configDigest(), s.appVersion(), s.ociDigest());
  }

  static String message(Throwable e) {
    return e.getMessage() == null ? e.toString() : e.getMessage().strip();
  }
}
