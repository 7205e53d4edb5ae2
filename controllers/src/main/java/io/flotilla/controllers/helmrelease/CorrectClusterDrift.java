package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus.Snapshot;
import io.flotilla.helm.DriftReport;
import io.flotilla.helm.Release;
import io.flotilla.helm.ReleaseException;
import java.util.stream.Collectors;

/**
 * Re-applies the drifted objects of a release ({@code driftDetection.mode: enabled}); reports the
 * corrections as an event, as helm-controller does. A failure is reported, not retried at once.
 */
record CorrectClusterDrift(Release release, DriftReport drift) implements Action {
  static final String CORRECTED = "Cluster state of release %s has been corrected:\n%s";
  static final String FAILED = "Failed to correct cluster state of release %s:\n%s";

  @Override
  public void run(Request req) {
    if (!"enabled".equals(req.driftMode()) || !drift.drifted()) {
      return;
    }
    Snapshot cur = req.status().history.latest();
    var meta = ReleaseEvents.meta(cur.chartVersion(), cur.configDigest(), null, null);
    try {
      req.releases().correctDrift(release, drift, req.settings().driftCorrection());
      req.events()
          .normal(
              HelmConditions.DRIFT_CORRECTED,
              CORRECTED.formatted(History.fullName(cur), changes(drift)),
              meta);
    } catch (ReleaseException e) {
      req.events()
          .warning(
              HelmConditions.DRIFT_CORRECTION_FAILED,
              FAILED.formatted(History.fullName(cur), Action.message(e)),
              meta);
    }
  }

  /** One line per object: {@code Kind/namespace/name created|configured}. */
  static String changes(DriftReport drift) {
    return lines(drift, "created", "configured");
  }

  /** Flux's diff summary: {@code Kind/namespace/name removed|changed}. */
  static String summary(DriftReport drift) {
    return lines(drift, "removed", "changed");
  }

  /** One line per object, its subject and {@code created} or {@code other} for its change. */
  private static String lines(DriftReport drift, String created, String other) {
    return drift.entries().stream()
        .map(
            e ->
                e.object().subject()
                    + " "
                    + (e.change() == DriftReport.Change.CREATED ? created : other))
        .collect(Collectors.joining("\n"));
  }
}
