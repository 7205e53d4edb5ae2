package io.flotilla.apply;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to apply.
 *
 * @param force recreate objects whose change hits an immutable field (Flux {@code spec.force})
 * @param waitInterval how often to poll while waiting for CRDs, Namespaces and Classes
 * @param waitTimeout how long to wait for them before failing
 * @param ownerLabels set on every object before applying, e.g. {@code
 *     kustomize.toolkit.fluxcd.io/name}; prune later deletes only objects still carrying them
 */
public record ApplyOptions(
    boolean force,
    Duration waitInterval,
    Duration waitTimeout,
    Map<String, String> ownerLabels,
    boolean strictFields) {

  public ApplyOptions {
    Objects.requireNonNull(waitInterval, "waitInterval");
    Objects.requireNonNull(waitTimeout, "waitTimeout");
    if (waitInterval.isNegative() || waitInterval.isZero()) {
      throw new IllegalArgumentException("waitInterval must be positive, got " + waitInterval);
    }
    if (waitTimeout.isNegative()) {
      throw new IllegalArgumentException("waitTimeout must not be negative, got " + waitTimeout);
    }
    ownerLabels = ownerLabels == null ? Map.of() : Map.copyOf(ownerLabels);
  }

  /** Flux's defaults: no force, poll every 2s for up to 60s, no owner labels. */
  public static ApplyOptions defaults() {
    return new ApplyOptions(false, Duration.ofSeconds(2), Duration.ofSeconds(60), Map.of(), false);
  }

  public ApplyOptions withForce(boolean value) {
    return new ApplyOptions(value, waitInterval, waitTimeout, ownerLabels, strictFields);
  }

  public ApplyOptions withWaitInterval(Duration value) {
    return new ApplyOptions(force, value, waitTimeout, ownerLabels, strictFields);
  }

  public ApplyOptions withWaitTimeout(Duration value) {
    return new ApplyOptions(force, waitInterval, value, ownerLabels, strictFields);
  }

  public ApplyOptions withOwnerLabels(Map<String, String> value) {
    return new ApplyOptions(force, waitInterval, waitTimeout, value, strictFields);
  }

  /**
   * Apply with {@code fieldValidation=Strict}: a field the object's schema does not declare fails
   * the apply (and its dry-run) instead of being dropped with a warning, as Helm validates a
   * release's manifest unless {@code disableOpenAPIValidation} is set.
   */
  public ApplyOptions withStrictFields(boolean value) {
    return new ApplyOptions(force, waitInterval, waitTimeout, ownerLabels, value);
  }
}
