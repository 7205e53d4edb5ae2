package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus.Snapshot;
import io.flotilla.helm.Release;
import io.flotilla.helm.ReleaseException;

/**
 * A first release. It starts a new lifecycle: the history is cleared (never roll back to something
 * from before the install) and earlier test and remediation results no longer apply. A failure that
 * stored a release counts towards install remediation.
 */
record Install() implements Action {
  static final String FAILURE = "Helm install failed for release %s/%s with chart %s@%s: %s";
  static final String SUCCESS = "Helm install succeeded for release %s with chart %s";
  static final String TEST_PENDING = "Helm release %s with chart %s is awaiting tests";

  @Override
  public void run(Request req) throws Retry {
    StatusModel s = req.status();
    s.lastAttemptedReleaseAction = HelmConditions.ACTION_INSTALL;
    s.history.clear();
    s.conditions.delete(HelmConditions.TEST_SUCCESS).delete(HelmConditions.REMEDIATED);
    int before = Action.latestVersion(req);
    try {
      Release r = req.releases().install(req.chart(), req.releaseRequest(req.settings().install()));
      Action.observe(req, before, r);
      Upgrade.released(req, HelmConditions.INSTALL_SUCCEEDED, SUCCESS);
    } catch (ReleaseException e) {
      boolean stored = Action.observe(req, before, null);
      String msg =
          FAILURE.formatted(
              req.names().targetNamespace(),
              req.names().release(),
              req.chart().name(),
              req.chart().version(),
              Action.message(e));
      Upgrade.failed(req, HelmConditions.INSTALL_FAILED, msg);
      if (!stored) {
        throw new Retry(msg, e);
      }
      Remediation.forInstall(req.hr().getSpec()).incrementFailureCount(s);
    }
  }

  static void awaitTests(Request req, Snapshot cur) {
    if (req.testEnabled() && !History.tested(cur)) {
      req.status()
          .conditions
          .markUnknown(
              HelmConditions.TEST_SUCCESS,
              HelmConditions.AWAITING_TESTS,
              TEST_PENDING.formatted(History.fullName(cur), History.chart(cur)));
    }
  }
}
