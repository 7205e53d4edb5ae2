package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus.Snapshot;
import io.flotilla.helm.Release;
import io.flotilla.helm.ReleaseException;
import java.util.Objects;

/** Rolls a failed release back to the previous deployed revision in the history. */
record RollbackRemediation() implements Action {
  static final String FAILURE = "Helm rollback to previous release %s with chart %s failed: %s";
  static final String SUCCESS = "Helm rollback to previous release %s with chart %s succeeded";

  /** There is no revision to roll back to: remediation cannot go on (Stalled). */
  static final class MissingTarget extends RuntimeException {
    MissingTarget(String message) {
      super(message);
    }
  }

  @Override
  public void run(Request req) throws Retry {
    StatusModel s = req.status();
    Snapshot cur = s.history.latest();
    Remediation upgrade = Remediation.forUpgrade(req.hr().getSpec());
    Snapshot prev = s.history.previous(upgrade.mustIgnoreTestFailures(req.testIgnoreFailures()));
    if (prev == null) {
      throw new MissingTarget("missing target release for rollback: required to rollback");
    }
    if (!Objects.equals(prev.name(), cur.name())
        || !Objects.equals(prev.namespace(), cur.namespace())) {
      throw new Retry(
          "release mismatch: previous release name or namespace %s does not match current %s"
              .formatted(History.fullName(prev), History.fullName(cur)),
          null);
    }
    int before = Action.latestVersion(req);
    var meta =
        ReleaseEvents.meta(
            prev.chartVersion(), req.valuesDigest(), prev.appVersion(), prev.ociDigest());
    try {
      Release r =
          req.releases()
              .rollback(
                  req.names().storageNamespace(),
                  prev.name(),
                  prev.version().intValue(),
                  req.settings().rollback());
      Action.observe(req, before, r);
      String msg = SUCCESS.formatted(History.fullName(prev), History.chart(prev));
      Action.succeeded(
          req, HelmConditions.REMEDIATED, HelmConditions.ROLLBACK_SUCCEEDED, msg, meta);
    } catch (ReleaseException e) {
      boolean stored = Action.observe(req, before, null);
      String msg =
          FAILURE.formatted(History.fullName(prev), History.chart(prev), Action.message(e));
      Action.failed(req, HelmConditions.REMEDIATED, HelmConditions.ROLLBACK_FAILED, msg, meta);
      if (!stored) {
        throw new Retry(msg, e);
      }
    }
  }
}
