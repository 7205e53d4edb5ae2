package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus.Snapshot;

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
    req.status().history.clear();
    Upgrade.attempt(
        req,
        r -> r.releases().install(r.chart(), r.releaseRequest(r.settings().install())),
        new Upgrade.Words(
            HelmConditions.ACTION_INSTALL,
            HelmConditions.INSTALL_SUCCEEDED,
            SUCCESS,
            HelmConditions.INSTALL_FAILED,
            FAILURE),
        Remediation.forInstall(req.hr().getSpec()));
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
