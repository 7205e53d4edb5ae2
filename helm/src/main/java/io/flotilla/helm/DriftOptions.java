package io.flotilla.helm;

import java.util.List;

/**
 * HelmRelease {@code driftDetection.ignore}: JSON pointers ignored on the objects a target selects
 * (null target: every object). Objects annotated {@code helm.toolkit.fluxcd.io/driftDetection:
 * disabled} are always skipped.
 */
public record DriftOptions(List<IgnoreRule> ignore) {
  /**
   * {@code target} fields as kustomize's selector: group, version, kind, name, namespace, labels.
   */
  public record IgnoreRule(List<String> paths, Selector target) {}

  public record Selector(
      String group,
      String version,
      String kind,
      String name,
      String namespace,
      String labelSelector,
      String annotationSelector) {}
}
