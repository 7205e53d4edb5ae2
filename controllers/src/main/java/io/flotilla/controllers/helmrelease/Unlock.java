package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmReleaseStatus.Snapshot;
import io.flotilla.helm.Release;
import io.flotilla.helm.ReleaseException;
import java.util.List;
import java.util.Optional;

/**
 * Marks a release left {@code pending-*} by an interrupted action as failed, so the state machine
 * can go on (remediate or upgrade) instead of "another operation is in progress" forever.
 */
record Unlock() implements Action {
  static final String FAILURE = "Unlock of Helm release %s with chart %s in %s state failed: %s";
  static final String SUCCESS = "Unlocked Helm release %s with chart %s in %s state";

  @Override
  public void run(Request req) throws Retry {
    StatusModel s = req.status();
    Optional<Release> found;
    try {
      found = req.releases().latest(req.names().storageNamespace(), req.names().release());
    } catch (ReleaseException e) {
      throw new Retry(Action.message(e), e);
    }
    if (found.isEmpty() || !found.get().status().pending()) {
      return; // the next state decides
    }
    Release pending = found.get();
    Snapshot cur = History.snapshot(pending, null, null);
    String state = pending.status().helm();
    try {
      Release unlocked = req.releases().unlock(pending);
      s.history.observe(List.of(unlocked), Integer.MAX_VALUE, null);
      String msg = SUCCESS.formatted(History.fullName(cur), History.chart(cur), state);
      s.conditions.markFalse(HelmConditions.RELEASED, HelmConditions.PENDING_RELEASE, msg);
      req.events().normal(HelmConditions.PENDING_RELEASE, msg, Action.meta(cur));
    } catch (ReleaseException e) {
      String msg =
          FAILURE.formatted(History.fullName(cur), History.chart(cur), state, Action.message(e));
      Action.failed(
          req, HelmConditions.RELEASED, HelmConditions.PENDING_RELEASE, msg, Action.meta(cur));
      throw new Retry(msg, e);
    }
  }
}
