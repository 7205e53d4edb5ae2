package io.flotilla.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;

/** The {@code kustomize.toolkit.fluxcd.io/*} annotations and labels that steer apply and prune. */
final class FluxMetadata {
  static final String RECONCILE = "kustomize.toolkit.fluxcd.io/reconcile";
  static final String SSA = "kustomize.toolkit.fluxcd.io/ssa";
  static final String FORCE = "kustomize.toolkit.fluxcd.io/force";
  static final String PRUNE = "kustomize.toolkit.fluxcd.io/prune";

  private FluxMetadata() {}

  /** {@code reconcile: disabled} or {@code ssa: Ignore}: leave the object alone. */
  static boolean excluded(HasMetadata object) {
    return has(object, RECONCILE, "disabled") || has(object, SSA, "ignore");
  }

  /** {@code ssa: IfNotPresent}: create it, never update it. */
  static boolean ifNotPresent(HasMetadata object) {
    return has(object, SSA, "ifnotpresent");
  }

  /** {@code ssa: Merge}: keep fields other managers set, skip the cleanup before apply. */
  static boolean merge(HasMetadata object) {
    return has(object, SSA, "merge");
  }

  /** {@code force: Enabled}: recreate on immutable-field errors, whatever the apply options say. */
  static boolean forced(HasMetadata object) {
    return has(object, FORCE, "enabled");
  }

  /** {@code prune: disabled}, {@code reconcile: disabled} or {@code ssa: Ignore}: never delete. */
  static boolean pruneExcluded(HasMetadata object) {
    return has(object, PRUNE, "disabled") || excluded(object);
  }

  /** Like Flux, a key matches as a label or an annotation, values compared ignoring case. */
  static boolean has(HasMetadata object, String key, String value) {
    if (object == null || object.getMetadata() == null) {
      return false;
    }
    return matches(object.getMetadata().getLabels(), key, value)
        || matches(object.getMetadata().getAnnotations(), key, value);
  }

  private static boolean matches(Map<String, String> map, String key, String value) {
    return map != null && map.get(key) != null && map.get(key).equalsIgnoreCase(value);
  }
}
