package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.helm.HelmReleaseSpec;
import io.flotilla.api.flux.helm.HelmReleaseSpec.Strategy;
import io.flotilla.api.flux.meta.GoDuration;
import java.time.Duration;

/**
 * {@code install.remediation} / {@code upgrade.remediation} as helm-controller reads them: how
 * often the action may fail before the release is left alone, whether test failures count, whether
 * the last failure is remediated, and how (install: uninstall; upgrade: rollback by default).
 */
record Remediation(
    boolean install,
    long retries,
    Boolean ignoreTestFailures,
    Boolean remediateLastFailure,
    String strategy) {
  static final String ROLLBACK = "rollback";
  static final String UNINSTALL = "uninstall";
  static final String RETRY_ON_FAILURE = "RetryOnFailure";
  static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMinutes(5);

  static Remediation forInstall(HelmReleaseSpec spec) {
    HelmReleaseSpec.Remediation r = spec.install() == null ? null : spec.install().remediation();
    return of(true, r);
  }

  static Remediation forUpgrade(HelmReleaseSpec spec) {
    HelmReleaseSpec.Remediation r = spec.upgrade() == null ? null : spec.upgrade().remediation();
    return of(false, r);
  }

  private static Remediation of(boolean install, HelmReleaseSpec.Remediation r) {
    if (r == null) {
      return new Remediation(install, 0, null, null, null);
    }
    return new Remediation(
        install,
        r.retries() == null ? 0 : r.retries(),
        r.ignoreTestFailures(),
        r.remediateLastFailure(),
        r.strategy());
  }

  /**
   * The remediation of the last attempted release action; null when none applies (no action yet, or
   * the action runs with the RetryOnFailure strategy, which never remediates).
   */
  static Remediation active(HelmRelease hr, StatusModel status) {
    if (HelmConditions.ACTION_INSTALL.equals(status.lastAttemptedReleaseAction)) {
      return retry(hr, status) != null ? null : forInstall(hr.getSpec());
    }
    if (HelmConditions.ACTION_UPGRADE.equals(status.lastAttemptedReleaseAction)) {
      return retry(hr, status) != null ? null : forUpgrade(hr.getSpec());
    }
    return null;
  }

  /** The RetryOnFailure interval of the last attempted action's strategy, or null. */
  static Duration retry(HelmRelease hr, StatusModel status) {
    HelmReleaseSpec spec = hr.getSpec();
    Strategy strategy =
        switch (status.lastAttemptedReleaseAction == null
            ? ""
            : status.lastAttemptedReleaseAction) {
          case HelmConditions.ACTION_INSTALL ->
              spec.install() == null ? null : spec.install().strategy();
          case HelmConditions.ACTION_UPGRADE ->
              spec.upgrade() == null ? null : spec.upgrade().strategy();
          default -> null;
        };
    if (strategy == null || !RETRY_ON_FAILURE.equals(strategy.name())) {
      return null;
    }
    return strategy.retryInterval() == null
        ? DEFAULT_RETRY_INTERVAL
        : GoDuration.parse(strategy.retryInterval());
  }

  boolean mustIgnoreTestFailures(boolean testIgnoreFailures) {
    return ignoreTestFailures == null ? testIgnoreFailures : ignoreTestFailures;
  }

  /** Install: false unless set. Upgrade: true when retries are configured, unless set. */
  boolean mustRemediateLastFailure() {
    if (remediateLastFailure != null) {
      return remediateLastFailure;
    }
    return !install && retries > 0;
  }

  String strategyName() {
    if (install) {
      return UNINSTALL;
    }
    return strategy == null || strategy.isEmpty() ? ROLLBACK : strategy;
  }

  long failureCount(StatusModel s) {
    return install ? s.installFailures : s.upgradeFailures;
  }

  void incrementFailureCount(StatusModel s) {
    if (install) {
      s.installFailures++;
    } else {
      s.upgradeFailures++;
    }
  }

  /** Negative retries retry forever. */
  boolean retriesExhausted(StatusModel s) {
    return retries >= 0 && failureCount(s) > retries;
  }
}
