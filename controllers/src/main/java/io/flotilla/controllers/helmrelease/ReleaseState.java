package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus.Snapshot;
import io.flotilla.helm.DriftReport;
import io.flotilla.helm.Release;
import io.flotilla.helm.ReleaseException;
import io.flotilla.helm.ReleaseStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * The state of a release compared with its HelmRelease, as helm-controller's DetermineReleaseState:
 * storage first (absent, pending = locked, someone else's), then the last snapshot against storage
 * (changed behind our back = unmanaged), then the release against the desired chart, values and
 * rendering (out of sync), tests, and the cluster (drifted).
 */
record ReleaseState(Status status, String reason, Release release, DriftReport drift) {
  enum Status {
    ABSENT,
    UNMANAGED,
    OUT_OF_SYNC,
    DRIFTED,
    LOCKED,
    UNTESTED,
    IN_SYNC,
    FAILED
  }

  /** The state could not be determined; the message says why. */
  static final class Unknown extends Exception {
    Unknown(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static ReleaseState of(Status s, String reason, Release r) {
    return new ReleaseState(s, reason, r, null);
  }

  static ReleaseState determine(Request req) throws Unknown {
    Optional<Release> found;
    try {
      found = req.releases().latest(req.names().storageNamespace(), req.names().release());
    } catch (ReleaseException e) {
      throw new Unknown("failed to retrieve last release from storage: " + e.getMessage(), e);
    }
    if (found.isEmpty()) {
      return of(Status.ABSENT, "no release in storage for object", null);
    }
    Release rls = found.get();
    if (rls.status().pending()) {
      return of(Status.LOCKED, "release with status '" + rls.status().helm() + "'", rls);
    }
    History history = req.status().history;
    if (history.isEmpty()) {
      if (rls.status() == ReleaseStatus.UNINSTALLED) {
        return of(Status.ABSENT, "found uninstalled release in storage", rls);
      }
      return of(Status.UNMANAGED, "found existing release in storage", rls);
    }
    Snapshot cur = history.latest();
    if (!History.targets(cur, rls)) {
      return of(
          Status.UNMANAGED,
          "release not observed to be made for object: latest release %s/%s.v%d != %s"
              .formatted(rls.namespace(), rls.name(), rls.version(), History.fullName(cur)),
          rls);
    }
    if (!Objects.equals(cur.digest(), Digests.of(rls))) {
      return of(
          Status.UNMANAGED,
          "release digest verification error: stored release does not match the observed one",
          rls);
    }
    switch (rls.status()) {
      case FAILED:
        return of(Status.FAILED, null, rls);
      case UNINSTALLED:
        return of(Status.ABSENT, "found uninstalled release in storage", rls);
      case DEPLOYED:
        break;
      default:
        throw new Unknown(
            "unable to determine state for release with status '" + rls.status().helm() + "'",
            null);
    }
    String outOfSync = outOfSync(req, rls, cur);
    if (outOfSync != null) {
      return of(Status.OUT_OF_SYNC, outOfSync, rls);
    }
    if (req.testEnabled()) {
      if (!History.tested(cur)) {
        return of(Status.UNTESTED, null, rls);
      }
      Remediation remediation = req.activeRemediation();
      if (remediation != null
          && !remediation.mustIgnoreTestFailures(req.testIgnoreFailures())
          && History.hasTestInPhase(cur, History.TEST_FAILED)) {
        return of(Status.FAILED, "release has test in failed phase", rls);
      }
    }
    String mode = req.driftMode();
    if ("enabled".equals(mode) || "warn".equals(mode)) {
      DriftReport report;
      try {
        report = req.releases().diff(rls, req.settings().drift());
      } catch (ReleaseException e) {
        throw new Unknown("unable to determine cluster state: " + e.getMessage(), e);
      }
      if (report.drifted()) {
        return new ReleaseState(Status.DRIFTED, null, rls, report);
      }
    }
    return of(Status.IN_SYNC, null, rls);
  }

  /** Flux's VerifyRelease and rendering checks: chart, values, post-renderers, common metadata. */
  private static String outOfSync(Request req, Release rls, Snapshot cur) {
    if (!Objects.equals(rls.chartName(), req.chart().name())
        || !Objects.equals(rls.chartVersion(), req.chart().version())) {
      return "release chart changed";
    }
    if (!Objects.equals(cur.configDigest(), req.valuesDigest())) {
      return "release config values changed";
    }
    // as helm-controller: the observed digests are recorded at the end of a successful reconcile,
    // so they are compared only for a generation Ready has not been reported for yet (else a
    // release with post-renderers would be upgraded again and again)
    if (req.status().readyGeneration == req.generation()) {
      return null;
    }
    if (!Objects.equals(
        blankToNull(req.status().observedPostRenderersDigest),
        blankToNull(req.postRenderersDigest()))) {
      return "postrenderers digest has changed";
    }
    if (!Objects.equals(
        blankToNull(req.status().observedCommonMetadataDigest),
        blankToNull(req.commonMetadataDigest()))) {
      return "common metadata digest has changed";
    }
    return null;
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
