package io.flotilla.apply;

import java.util.Map;
import java.util.Set;

/**
 * How to prune.
 *
 * @param requiredOwnerLabels a live object is deleted only if it carries every one of these labels
 *     with these values; others are reported {@code skipped}
 * @param propagation Kubernetes deletion propagation: {@code Background} (default), {@code
 *     Foreground} or {@code Orphan}
 */
public record DeleteOptions(Map<String, String> requiredOwnerLabels, String propagation) {
  private static final Set<String> PROPAGATIONS = Set.of("Background", "Foreground", "Orphan");

  public DeleteOptions {
    requiredOwnerLabels = requiredOwnerLabels == null ? Map.of() : Map.copyOf(requiredOwnerLabels);
    propagation = propagation == null ? "Background" : propagation;
    if (!PROPAGATIONS.contains(propagation)) {
      throw new IllegalArgumentException(
          "propagation must be one of Background, Foreground, Orphan; got '" + propagation + "'");
    }
  }

  /** Background propagation, no owner-label requirement. */
  public static DeleteOptions defaults() {
    return new DeleteOptions(Map.of(), "Background");
  }

  public DeleteOptions withRequiredOwnerLabels(Map<String, String> value) {
    return new DeleteOptions(value, propagation);
  }

  public DeleteOptions withPropagation(String value) {
    return new DeleteOptions(requiredOwnerLabels, value);
  }
}
