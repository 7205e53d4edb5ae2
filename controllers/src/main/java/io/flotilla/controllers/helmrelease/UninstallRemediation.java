package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus.Snapshot;
import io.flotilla.helm.ReleaseException;

/**
 * Remediates a failed release by uninstalling it (the install remediation, or upgrade remediation
 * with strategy {@code uninstall}); the next reconcile installs again.
 */
record UninstallRemediation() implements Action {
  static final String FAILURE =
      "Helm uninstall remediation for release %s with chart %s failed: %s";
  static final String SUCCESS = "Helm uninstall remediation for release %s with chart %s succeeded";

  @Override
  public void run(Request req) throws Retry {
    Snapshot cur = Action.latest(req, "to uninstall");
    try {
      Uninstall.uninstall(req, cur);
      String msg = SUCCESS.formatted(History.fullName(cur), History.chart(cur));
      Action.succeeded(
          req,
          HelmConditions.REMEDIATED,
          HelmConditions.UNINSTALL_SUCCEEDED,
          msg,
          Action.meta(cur));
    } catch (ReleaseException e) {
      String msg = FAILURE.formatted(History.fullName(cur), History.chart(cur), Action.message(e));
      Action.failed(
          req, HelmConditions.REMEDIATED, HelmConditions.UNINSTALL_FAILED, msg, Action.meta(cur));
      throw new Retry(msg, e);
    }
  }
}
