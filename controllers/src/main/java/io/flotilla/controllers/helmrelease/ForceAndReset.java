package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.controllers.runtime.Triggers;
import java.util.Map;
import java.util.Objects;

/**
 * {@code reconcile.fluxcd.io/forceAt} and {@code /resetAt}: acted on once, when equal to the {@code
 * requestedAt} token and not handled yet; the token is echoed in {@code lastHandledForceAt} /
 * {@code lastHandledResetAt}. Force runs an upgrade (or install) even when in sync or out of
 * retries; reset clears the failure counters.
 */
final class ForceAndReset {
  static final String FORCE_AT = "reconcile.fluxcd.io/forceAt";
  static final String RESET_AT = "reconcile.fluxcd.io/resetAt";

  private ForceAndReset() {}

  static boolean handleForce(HelmRelease hr, StatusModel s) {
    String token = pending(hr, FORCE_AT, s.lastHandledForceAt);
    if (token == null) {
      return false;
    }
    s.lastHandledForceAt = token;
    return true;
  }

  static boolean handleReset(HelmRelease hr, StatusModel s) {
    String token = pending(hr, RESET_AT, s.lastHandledResetAt);
    if (token == null) {
      return false;
    }
    s.lastHandledResetAt = token;
    return true;
  }

  private static String pending(HelmRelease hr, String annotation, String handled) {
    Map<String, String> a = hr.getMetadata().getAnnotations();
    String token = a == null ? null : a.get(annotation);
    String requested = Triggers.requestedAt(hr);
    if (token == null || token.isEmpty() || !token.equals(requested)) {
      return null;
    }
    return Objects.equals(token, handled) ? null : token;
  }
}
