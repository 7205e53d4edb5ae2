package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus.Snapshot;
import io.flotilla.helm.Release;
import io.flotilla.helm.ReleaseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the latest release's test hooks and records their phases on its snapshot. A failure counts
 * towards the active remediation unless test failures are ignored.
 */
record Test() implements Action {
  static final String FAILURE = "Helm test failed for release %s with chart %s: %s";
  static final String SUCCESS = "Helm test succeeded for release %s with chart %s: %s";

  @Override
  public void run(Request req) throws Retry {
    Snapshot cur = Action.latest(req, "for test");
    try {
      Release tested =
          req.releases()
              .test(req.names().storageNamespace(), req.names().release(), req.settings().test());
      if (!History.targets(cur, tested)) {
        throw new Retry(
            "release mismatch: tested release %s/%s.v%d != current release %s"
                .formatted(
                    tested.namespace(), tested.name(), tested.version(), History.fullName(cur)),
            null);
      }
      req.status().history.recordTest(tested);
      success(req);
    } catch (ReleaseException e) {
      // the engine stores the hook phases it saw before failing: record them when it did
      boolean observed = recordStored(req, cur);
      failure(req, e, observed);
      if (!observed) {
        throw new Retry(Action.message(e), e);
      }
    }
  }

  private static boolean recordStored(Request req, Snapshot cur) {
    try {
      Optional<Release> latest =
          req.releases().latest(req.names().storageNamespace(), req.names().release());
      if (latest.isPresent()
          && History.targets(cur, latest.get())
          && !Objects.equals(cur.digest(), Digests.of(latest.get()))) {
        req.status().history.recordTest(latest.get());
        return true;
      }
    } catch (ReleaseException e) {
      // the failure is reported below; without storage there is nothing to record
    }
    return false;
  }

  private static void failure(Request req, ReleaseException e, boolean observed) {
    StatusModel s = req.status();
    Snapshot cur = s.history.latest();
    String msg = FAILURE.formatted(History.fullName(cur), History.chart(cur), Action.message(e));
    Action.failed(
        req, HelmConditions.TEST_SUCCESS, HelmConditions.TEST_FAILED, msg, Action.meta(cur));
    if (observed) {
      Remediation remediation = req.activeRemediation();
      if (remediation != null && !remediation.mustIgnoreTestFailures(req.testIgnoreFailures())) {
        remediation.incrementFailureCount(s);
      }
    }
  }

  private static void success(Request req) {
    StatusModel s = req.status();
    Snapshot cur = s.history.latest();
    int hooks = cur.testHooks() == null ? 0 : cur.testHooks().size();
    String hookMsg =
        hooks == 0
            ? "no test hooks"
            : hooks + " test " + (hooks > 1 ? "hooks" : "hook") + " completed successfully";
    String msg = SUCCESS.formatted(History.fullName(cur), History.chart(cur), hookMsg);
    Action.succeeded(
        req, HelmConditions.TEST_SUCCESS, HelmConditions.TEST_SUCCEEDED, msg, Action.meta(cur));
  }
}
