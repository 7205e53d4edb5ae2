package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus.Snapshot;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.GoDuration;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.controllers.runtime.Conditions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * helm-controller's atomic release: determine the state, pick the action for it, run it, and again,
 * until the release is in sync, an action type would run a second time (the next reconcile
 * continues), a remediation ran (stop and look again later), or no retries remain (Stalled). Before
 * each action the status says what runs ({@code Reconciling}); at the end {@code Ready} is
 * summarised from Released, TestSuccess and Remediated.
 */
final class AtomicRelease {
  static final String RUNNING = "Running '%s' action with timeout of %s";

  /** How the run ended, which decides when the controller looks again. */
  sealed interface Outcome {
    /** Nothing left to do: requeue at the interval. */
    record Done() implements Outcome {}

    /** More to do after this reconcile (e.g. after a remediation): requeue at once. */
    record MustRequeue() implements Outcome {}

    /** RetryOnFailure: try again after the strategy's interval. */
    record RetryAfter(Duration interval) implements Outcome {}

    /** An error that changed nothing: retry with backoff. */
    record Failed(String message) implements Outcome {}

    /** No retries remain or remediation is impossible: wait for a change (Stalled). */
    record Stalled(String message) implements Outcome {}
  }

  /** Writes the status in progress, so users see long actions running. */
  interface Progress {
    void report();
  }

  private AtomicRelease() {}

  static Outcome run(Request req, Progress progress) {
    StatusModel s = req.status();
    Conditions c = s.conditions;
    Set<Action.Type> previous = EnumSet.noneOf(Action.Type.class);
    while (true) {
      ReleaseState state;
      try {
        state = ReleaseState.determine(req);
      } catch (ReleaseState.Unknown e) {
        c.markFalse(
            ConditionTypes.READY,
            HelmConditions.STATE_ERROR,
            "Could not determine release state: " + e.getMessage());
        return new Outcome.Failed("cannot determine release state: " + e.getMessage());
      }
      Action next;
      try {
        next = actionFor(req, state);
      } catch (NoRetries e) {
        return stalled(req, HelmConditions.RETRIES_EXCEEDED, exceeded(req));
      } catch (RollbackRemediation.MissingTarget e) {
        return stalled(
            req,
            HelmConditions.MISSING_ROLLBACK_TARGET,
            "Failed to perform remediation: " + e.getMessage());
      }
      if (next == null) {
        c.delete(ConditionTypes.RECONCILING);
        summarize(req);
        if (Conditions.find(c.toList(), ConditionTypes.READY)
            .map(Condition::isTrue)
            .orElse(false)) {
          s.observedPostRenderersDigest = req.postRenderersDigest();
          s.observedCommonMetadataDigest = req.commonMetadataDigest();
        }
        return new Outcome.Done();
      }
      if (previous.contains(next.type())) {
        Remediation remediation = req.activeRemediation();
        Duration retry = Remediation.retry(req.hr(), s);
        if (retry != null && next.type() != Action.Type.TEST) {
          c.delete(ConditionTypes.RECONCILING);
          return new Outcome.RetryAfter(retry);
        }
        if (remediation == null || !remediation.retriesExhausted(s)) {
          c.markTrue(ConditionTypes.RECONCILING, Reasons.PROGRESSING_WITH_RETRY, readyMessage(c));
          return new Outcome.MustRequeue();
        }
        c.delete(ConditionTypes.RECONCILING);
        return new Outcome.Done();
      }
      String running = RUNNING.formatted(next.name(), GoDuration.format(next.timeout(req)));
      c.markTrue(ConditionTypes.RECONCILING, Reasons.PROGRESSING, running);
      if (next.type() == Action.Type.RELEASE) {
        c.markUnknown(ConditionTypes.READY, Reasons.PROGRESSING, running);
        s.readyGeneration = req.generation();
      }
      progress.report();
      try {
        next.run(req);
      } catch (Action.Retry e) {
        summarize(req);
        if (c.get(ConditionTypes.READY).map(Condition::isTrue).orElse(false)) {
          c.markFalse(ConditionTypes.READY, HelmConditions.RECONCILE_ERROR, e.getMessage());
        }
        return new Outcome.Failed(e.getMessage());
      } catch (RollbackRemediation.MissingTarget e) {
        return stalled(
            req,
            HelmConditions.MISSING_ROLLBACK_TARGET,
            "Failed to perform remediation: " + e.getMessage());
      }
      if (next.type() != Action.Type.DRIFT_CORRECTION) {
        summarize(req);
      }
      if (next.type() == Action.Type.REMEDIATE) {
        Remediation remediation = req.activeRemediation();
        if (remediation == null || !remediation.retriesExhausted(s)) {
          c.markTrue(ConditionTypes.RECONCILING, Reasons.PROGRESSING_WITH_RETRY, readyMessage(c));
          return new Outcome.MustRequeue();
        }
        return stalled(req, HelmConditions.RETRIES_EXCEEDED, exceeded(req));
      }
      previous.add(next.type());
      progress.report();
    }
  }

  private static String exceeded(Request req) {
    Remediation r = req.activeRemediation();
    return "Failed to %s after %d attempt(s)"
        .formatted(
            req.status().lastAttemptedReleaseAction, r == null ? 0 : r.failureCount(req.status()));
  }

  private static Outcome stalled(Request req, String reason, String message) {
    Conditions c = req.status().conditions;
    c.markTrue(ConditionTypes.STALLED, reason, message);
    c.delete(ConditionTypes.RECONCILING);
    summarize(req);
    if (c.get(ConditionTypes.READY).map(Condition::isTrue).orElse(false)) {
      c.markFalse(ConditionTypes.READY, reason, message);
    }
    return new Outcome.Stalled(message);
  }

  private static String readyMessage(Conditions c) {
    return c.get(ConditionTypes.READY).map(Condition::message).orElse("");
  }

  /** Out of retries for the action the state calls for. */
  static final class NoRetries extends Exception {
    NoRetries(String message) {
      super(message);
    }
  }

  /** helm-controller's actionForState. */
  static Action actionFor(Request req, ReleaseState state) throws NoRetries {
    StatusModel s = req.status();
    boolean force = ForceAndReset.handleForce(req.hr(), s);
    switch (state.status()) {
      case IN_SYNC -> {
        s.history.truncate(req.ignoreTestFailures());
        if (force) {
          return new Upgrade();
        }
        replaceRemediated(req);
        return null;
      }
      case LOCKED -> {
        return new Unlock();
      }
      case ABSENT -> {
        return unlessExhausted(Remediation.forInstall(req.hr().getSpec()), s, force, new Install());
      }
      case UNMANAGED -> {
        s.history.clear();
        return new Upgrade();
      }
      case OUT_OF_SYNC -> {
        return unlessExhausted(Remediation.forUpgrade(req.hr().getSpec()), s, force, new Upgrade());
      }
      case DRIFTED -> {
        Snapshot cur = s.history.latest();
        req.events()
            .warning(
                HelmConditions.DRIFT_DETECTED,
                "Cluster state of release %s has drifted from the desired state:\n%s"
                    .formatted(History.fullName(cur), CorrectClusterDrift.summary(state.drift())),
                null);
        if ("enabled".equals(req.driftMode())) {
          return new CorrectClusterDrift(state.release(), state.drift());
        }
        return null;
      }
      case UNTESTED -> {
        replaceRemediated(req);
        return new Test();
      }
      case FAILED -> {
        Remediation remediation = req.activeRemediation();
        if (remediation == null || remediation.failureCount(s) <= 0 || force) {
          return new Upgrade();
        }
        if (remediation.retriesExhausted(s) && !remediation.mustRemediateLastFailure()) {
          throw new NoRetries("cannot remediate failed release");
        }
        boolean ignoreTests = remediation.mustIgnoreTestFailures(req.testIgnoreFailures());
        s.history.truncate(ignoreTests);
        if (Remediation.UNINSTALL.equals(remediation.strategyName())) {
          return new UninstallRemediation();
        }
        Snapshot prev = s.history.previous(ignoreTests);
        if (prev == null) {
          throw new RollbackRemediation.MissingTarget(
              "missing target release for rollback: cannot remediate failed release");
        }
        return new RollbackRemediation();
      }
      default -> throw new IllegalStateException("unknown release state " + state.status());
    }
  }

  /** {@code next}, an install or upgrade, unless out of its retries and not forced. */
  private static Action unlessExhausted(
      Remediation remediation, StatusModel s, boolean force, Action next) throws NoRetries {
    if (remediation.retriesExhausted(s) && !force) {
      throw new NoRetries("cannot " + next.traits().name() + " release");
    }
    return next;
  }

  /**
   * A release in sync after a rollback to the same chart and values: Remediated becomes
   * Released=True (UpgradeSucceeded), as helm-controller does.
   */
  private static void replaceRemediated(Request req) {
    Conditions c = req.status().conditions;
    if (c.get(HelmConditions.REMEDIATED).map(Condition::isTrue).orElse(false)) {
      Snapshot cur = req.status().history.latest();
      c.delete(HelmConditions.REMEDIATED);
      c.markTrue(
          HelmConditions.RELEASED,
          HelmConditions.UPGRADE_SUCCEEDED,
          Upgrade.SUCCESS.formatted(History.fullName(cur), History.chart(cur)));
    }
  }

  /**
   * Ready from the summary conditions: the newest (by observed generation) of Remediated,
   * TestSuccess (when tests count) and Released, in that priority; a remediation is never Ready.
   */
  static void summarize(Request req) {
    Conditions c = req.status().conditions;
    List<String> order =
        req.testEnabled() && !req.testIgnoreFailures()
            ? List.of(
                HelmConditions.REMEDIATED, HelmConditions.TEST_SUCCESS, HelmConditions.RELEASED)
            : List.of(HelmConditions.REMEDIATED, HelmConditions.RELEASED);
    if (!req.testEnabled()) {
      c.delete(HelmConditions.TEST_SUCCESS);
    }
    Condition best = null;
    for (String type : order) {
      Condition cond = c.get(type).orElse(null);
      if (cond != null && (best == null || generation(cond) > generation(best))) {
        best = cond;
      }
    }
    if (best == null) {
      return;
    }
    String status = best.status();
    if (best.type().equals(HelmConditions.REMEDIATED)) {
      status = Condition.FALSE;
    }
    if (Condition.TRUE.equals(status)) {
      c.delete(ConditionTypes.STALLED);
    }
    c.set(ConditionTypes.READY, status, best.reason(), best.message());
    req.status().readyGeneration = req.generation();
  }

  private static long generation(Condition c) {
    return c.observedGeneration() == null ? 0 : c.observedGeneration();
  }
}
