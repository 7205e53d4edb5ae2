package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus.Snapshot;
import io.flotilla.helm.Release;
import io.flotilla.helm.ReleaseException;
import io.flotilla.helm.ReleaseStatus;
import io.flotilla.helm.Releases;
import io.flotilla.helm.UninstallOptions;
import java.util.List;
import java.util.Optional;

/**
 * Uninstalls the release a HelmRelease made: when the object is deleted, and before a release moves
 * to another name or namespace. A release that is already gone is fine.
 */
final class Uninstall {
  static final String FAILURE = "Helm uninstall failed for release %s with chart %s: %s";
  static final String SUCCESS = "Helm uninstall succeeded for release %s with chart %s";

  private Uninstall() {}

  /** Uninstalls {@code cur} for a remediation; the history shows it uninstalled. */
  static void uninstall(Request req, Snapshot cur) throws ReleaseException {
    run(req.releases(), req.status(), cur, req.settings().uninstall());
  }

  /**
   * Uninstalls the latest release in the status' history with Released=False and an event; true
   * when the release is gone (or was already), false when the uninstall failed.
   */
  static boolean forDeletion(
      Releases releases, StatusModel s, UninstallOptions options, ReleaseEvents events) {
    Snapshot cur = s.history.latest();
    if (cur == null) {
      return true; // nothing was released by this object
    }
    try {
      Optional<Release> stored = releases.latest(s.storageNamespace, cur.name());
      if (stored.isEmpty()) {
        s.conditions.markFalse(
            HelmConditions.RELEASED,
            HelmConditions.UNINSTALL_SUCCEEDED,
            "Release " + History.fullName(cur) + " was not found, assuming it is uninstalled");
        return true;
      }
      if (stored.get().status() == ReleaseStatus.UNINSTALLED && options.keepHistory()) {
        s.conditions.markFalse(
            HelmConditions.RELEASED,
            HelmConditions.UNINSTALL_SUCCEEDED,
            "Release " + History.fullName(cur) + " was already uninstalled");
        return true;
      }
      run(releases, s, cur, options);
      String msg = SUCCESS.formatted(History.fullName(cur), History.chart(cur));
      s.conditions.markFalse(HelmConditions.RELEASED, HelmConditions.UNINSTALL_SUCCEEDED, msg);
      events.normal(HelmConditions.UNINSTALL_SUCCEEDED, msg, Action.meta(cur));
      return true;
    } catch (ReleaseException e) {
      String msg = FAILURE.formatted(History.fullName(cur), History.chart(cur), Action.message(e));
      s.failures++;
      s.conditions.markFalse(HelmConditions.RELEASED, HelmConditions.UNINSTALL_FAILED, msg);
      s.conditions.markFalse(
          io.flotilla.api.flux.meta.ConditionTypes.READY, HelmConditions.UNINSTALL_FAILED, msg);
      events.warning(HelmConditions.UNINSTALL_FAILED, msg, Action.meta(cur));
      return false;
    }
  }

  private static void run(Releases releases, StatusModel s, Snapshot cur, UninstallOptions options)
      throws ReleaseException {
    String storage = s.storageNamespace == null ? cur.namespace() : s.storageNamespace;
    releases.uninstall(storage, cur.name(), options);
    List<Release> left = releases.history(storage, cur.name());
    if (left.isEmpty()) {
      s.history.markUninstalled(cur);
    } else {
      s.history.observe(left, Integer.MAX_VALUE, null);
    }
  }
}
