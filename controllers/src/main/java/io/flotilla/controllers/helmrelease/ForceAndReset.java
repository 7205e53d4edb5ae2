package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.controllers.runtime.Triggers;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

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
    return handle(hr, FORCE_AT, s.lastHandledForceAt, token -> s.lastHandledForceAt = token);
  }

  static boolean handleReset(HelmRelease hr, StatusModel s) {
    return handle(hr, RESET_AT, s.lastHandledResetAt, token -> s.lastHandledResetAt = token);
  }

  /** True when {@code annotation} asks for a new run: its token then goes to {@code handled}. */
  private static boolean handle(
      HelmRelease hr, String annotation, String lastHandled, Consumer<String> handled) {
    String token = pending(hr, annotation, lastHandled);
    if (token == null) {
      return false;
    }
    handled.accept(token);
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
