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
    StatusModel s = req.status();
    s.lastAttemptedReleaseAction = HelmConditions.ACTION_UPGRADE;
    s.conditions.delete(HelmConditions.TEST_SUCCESS).delete(HelmConditions.REMEDIATED);
    int before = Action.latestVersion(req);
    try {
      Release r = req.releases().upgrade(req.chart(), req.releaseRequest(req.settings().upgrade()));
      Action.observe(req, before, r);
      released(req, HelmConditions.UPGRADE_SUCCEEDED, SUCCESS);
    } catch (ReleaseException e) {
      boolean stored = Action.observe(req, before, null);
      String msg =
          FAILURE.formatted(
              req.names().targetNamespace(),
              req.names().release(),
              req.chart().name(),
              req.chart().version(),
              Action.message(e));
      failed(req, HelmConditions.UPGRADE_FAILED, msg);
      if (!stored) {
        throw new Retry(msg, e);
      }
      Remediation.forUpgrade(req.hr().getSpec()).incrementFailureCount(s);
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
    StatusModel s = req.status();
    s.failures++;
    s.conditions.markFalse(HelmConditions.RELEASED, reason, msg);
    req.events()
        .warning(
            reason,
            msg,
            ReleaseEvents.meta(
                req.chart().version(),
                req.valuesDigest(),
                req.chart().appVersion(),
                req.status().lastAttemptedRevisionDigest));
  }
}
