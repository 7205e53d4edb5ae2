package io.flotilla.controllers.helmrelease;

import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.helm.HelmReleaseSpec;
import io.flotilla.api.flux.helm.HelmReleaseStatus;
import io.flotilla.helm.Chart;
import io.flotilla.kustomize.Kustomizer;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The rendering settings of an object (actions, post-rendering and their digests), and Flux's rules
 * on when a spec change means a new release or a fresh failure count.
 */
record HelmReleaseSettings(
    ActionSettings actions, String postRenderersDigest, String commonMetadataDigest) {

  static HelmReleaseSettings of(HelmRelease hr, Kustomizer kustomizer, Path workDir) {
    HelmReleaseSpec spec = hr.getSpec();
    PostRenderer renderer =
        new PostRenderer(kustomizer, workDir, spec.postRenderers(), spec.commonMetadata());
    String prDigest =
        spec.postRenderers() == null || spec.postRenderers().isNull()
            ? null
            : Digests.of(spec.postRenderers());
    String cmDigest = spec.commonMetadata() == null ? null : Digests.of(spec.commonMetadata());
    return new HelmReleaseSettings(
        new ActionSettings(hr, renderer.isIdentity() ? UnaryOperator.identity() : renderer),
        prDigest,
        cmDigest);
  }

  static HelmReleaseSpec.ChartNameChangeStrategy chartNameChangeStrategy(HelmReleaseSpec spec) {
    return spec.upgrade() == null || spec.upgrade().chartNameChangeStrategy() == null
        ? HelmReleaseSpec.ChartNameChangeStrategy.REINSTALL
        : spec.upgrade().chartNameChangeStrategy();
  }

  /**
   * Flux's ReleaseTargetChanged: a new release name, namespace or storage namespace, or a new chart
   * name unless {@code upgrade.chartNameChangeStrategy} is {@code InPlaceUpdate} (then the release
   * is upgraded to the new chart like any other chart change).
   */
  static boolean targetChanged(
      StatusModel s,
      ReleaseNames names,
      Chart chart,
      HelmReleaseSpec.ChartNameChangeStrategy onChartNameChange) {
    HelmReleaseStatus.Snapshot cur = s.history.latest();
    if (s.storageNamespace == null || s.storageNamespace.isEmpty() || cur == null) {
      return false;
    }
    return !s.storageNamespace.equals(names.storageNamespace())
        || !Objects.equals(cur.namespace(), names.targetNamespace())
        || !Objects.equals(cur.name(), names.release())
        || (onChartNameChange == HelmReleaseSpec.ChartNameChangeStrategy.REINSTALL
            && !Objects.equals(cur.chartName(), chart.name()));
  }

  /** Flux's MustResetFailures: a new generation, chart version or values. */
  static boolean mustResetFailures(
      StatusModel s, long generation, String chartVersion, String valuesDigest) {
    return s.lastAttemptedGeneration != generation
        || !Objects.equals(s.lastAttemptedRevision, chartVersion)
        || (s.lastAttemptedConfigDigest != null
            && !s.lastAttemptedConfigDigest.isEmpty()
            && !s.lastAttemptedConfigDigest.equals(valuesDigest));
  }
}
