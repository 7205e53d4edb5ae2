package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus.Snapshot;
import io.flotilla.helm.Release;
import io.flotilla.helm.ReleaseException;

/**
 * A new revision over the stored one (also how an unmanaged or failed release is taken over). A
 * failure that stored a release counts towards upgrade remediation.
 */
record Upgrade() implements Action {
  static final String FAILURE = "Helm upgrade failed for release %s/%s with chart %s@%s: %s";
  static final String SUCCESS = "Helm upgrade succeeded for release %s with chart %s";

  @Override
  public void run(Request req) throws Retry {
    attempt(
        req,
        r -> r.releases().upgrade(r.chart(), r.releaseRequest(r.settings().upgrade())),
        new Words(
            HelmConditions.ACTION_UPGRADE,
            HelmConditions.UPGRADE_SUCCEEDED,
            SUCCESS,
            HelmConditions.UPGRADE_FAILED,
            FAILURE),
        Remediation.forUpgrade(req.hr().getSpec()));
  }

  /** The action's name, reasons and messages of a release attempt: an install's or an upgrade's. */
  record Words(String action, String succeeded, String success, String failed, String failure) {}

  /** The engine call of a release attempt. */
  interface Call {
    Release run(Request req) throws ReleaseException;
  }

  /**
   * Runs an install or upgrade and records what storage holds after it: on success Released=True
   * ({@link #released}); on failure Released=False ({@link #failed}), retried at once when nothing
   * was stored, else counted towards {@code remediation}.
   */
  static void attempt(Request req, Call call, Words words, Remediation remediation) throws Retry {
    StatusModel s = req.status();
    s.lastAttemptedReleaseAction = words.action();
    // a new release: earlier test and remediation results no longer apply
    s.conditions.delete(HelmConditions.TEST_SUCCESS).delete(HelmConditions.REMEDIATED);
    int before = Action.latestVersion(req);
    try {
      Release r = call.run(req);
      Action.observe(req, before, r);
      released(req, words.succeeded(), words.success());
    } catch (ReleaseException e) {
      boolean stored = Action.observe(req, before, null);
      String msg =
          words
              .failure()
              .formatted(
                  req.names().targetNamespace(),
                  req.names().release(),
                  req.chart().name(),
                  req.chart().version(),
                  Action.message(e));
      failed(req, words.failed(), msg);
      if (!stored) {
        throw new Retry(msg, e);
      }
      remediation.incrementFailureCount(req.status());
    }
  }

  /** Released=True, awaiting tests when enabled, the success event. */
  static void released(Request req, String reason, String format) {
    StatusModel s = req.status();
    Snapshot cur = s.history.latest();
    String msg = format.formatted(History.fullName(cur), History.chart(cur));
    s.conditions.markTrue(HelmConditions.RELEASED, reason, msg);
    Install.awaitTests(req, cur);
    // failures only matter while the release is failed under RetryOnFailure
    if (Remediation.retry(req.hr(), s) != null) {
      s.clearFailures();
    }
    req.events().normal(reason, msg, Action.meta(cur));
  }

  /** Released=False with the failure, counted, and a warning event about the attempted chart. */
  static void failed(Request req, String reason, String msg) {
    Action.failed(
        req,
        HelmConditions.RELEASED,
        reason,
        msg,
        ReleaseEvents.meta(
            req.chart().version(),
            req.valuesDigest(),
            req.chart().appVersion(),
            req.status().lastAttemptedRevisionDigest));
  }
}
