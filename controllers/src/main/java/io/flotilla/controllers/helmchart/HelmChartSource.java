package io.flotilla.controllers.helmchart;

import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.ConditionTypes;
import io.flotilla.api.flux.meta.Reasons;
import io.flotilla.api.flux.source.HelmChart;
import io.flotilla.api.flux.source.HelmChartStatus;
import io.flotilla.controllers.runtime.Conditions;
import io.flotilla.controllers.runtime.Outcome;
import io.flotilla.controllers.runtime.TempDirs;
import io.flotilla.controllers.source.Artifacts;
import io.flotilla.controllers.source.Notices;
import io.flotilla.controllers.source.SourceKind;
import io.flotilla.controllers.source.Step;
import io.flotilla.controllers.source.Stored;
import io.flotilla.source.SourceException;
import io.flotilla.source.helm.ChartBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The HelmChart kind of the source loop, as source-controller does it: build the chart from its
 * source ({@link Builds}: pulled from a HelmRepository, packaged from a GitRepository's or Bucket's
 * artifact), store the {@code .tgz} unless it is the current artifact, wait while the source has no
 * artifact.
 */
final class HelmChartSource
    implements SourceKind<HelmChart, HelmChartStatus, HelmChartSource.State> {
  /** source-controller's reason when a chart's signature cannot be verified. */
  static final String VERIFICATION_ERROR = "VerificationError";

  static final String KIND = "helmchart";

  /** Again after this while the source has no artifact (its artifact's arrival also triggers). */
  static final Duration NO_ARTIFACT_RETRY = Duration.ofSeconds(10);

  /** source-controller's {@code helmChartFailConditions}: their end is a recovery. */
  private static final List<String> FAILURES =
      List.of(
          ConditionTypes.FETCH_FAILED,
          ConditionTypes.BUILD_FAILED,
          ConditionTypes.STORAGE_OPERATION_FAILED);

  private final long maxChartBytes;
  private final IndexCache indexes = new IndexCache(16);
  private final SourceCaches sources;

  HelmChartSource(long maxChartBytes, SourceCaches sources) {
    this.sources = sources;
    this.maxChartBytes = maxChartBytes;
  }

  /** What the status records besides the artifact; filled in as the build goes. */
  static final class State {
    Artifact artifact;
    String chartName;
    String sourceRevision;
    List<String> valuesFiles;
    String waiting;
    boolean packaged;

    State(HelmChartStatus old) {
      if (old != null) {
        artifact = old.artifact();
        chartName = old.observedChartName();
        sourceRevision = old.observedSourceArtifactRevision();
        valuesFiles = old.observedValuesFiles();
      }
    }
  }

  @Override
  public HelmChart newObject() {
    return new HelmChart();
  }

  @Override
  public Outcome reconcile(HelmChart chart, Step<State> step) throws SourceException, IOException {
    if (chart.getSpec().verify() != null && !chart.getSpec().verify().isNull()) {
      // never pull a chart unverified that the user asked to verify
      throw SourceException.terminal(
          VERIFICATION_ERROR,
          "chart verification (spec.verify) is not supported by Flotilla yet: the chart was not"
              + " pulled; remove spec.verify to use it unverified, or verify it before publishing");
    }
    HelmChartStatus old = chart.getStatus();
    State state = new State(old);
    Artifact previous = state.artifact;
    Artifacts artifacts = step.artifacts();
    step.progress(
        artifacts.disappeared(previous) ? "building artifact: disappeared from storage" : null);
    long generation = Conditions.generation(chart);
    boolean force = old == null || !Objects.equals(old.observedGeneration(), generation);
    try (TempDirs.Scratch tmp = step.scratch("helmchart-")) {
      ChartBuilder.Build build =
          new Builds(step.client(), sources, artifacts.storage(), maxChartBytes, indexes)
              .build(chart, state, tmp.path(), force);
      if (build == null) {
        return new Outcome.Waiting(Reasons.NO_SOURCE_ARTIFACT, state.waiting, NO_ARTIFACT_RETRY);
      }
      if (!build.name().equals(state.chartName)
          || previous == null
          || !build.version().equals(previous.revision())) {
        step.building(build.summary(), previous, "NewChart");
      }
      Artifact artifact = store(artifacts, build, previous);
      state.artifact = artifact;
      state.chartName = build.name();
      state.valuesFiles = build.valuesFiles().isEmpty() ? null : build.valuesFiles();
      state.packaged = build.packaged();
      String reason = reason(build.packaged());
      return step.stored(
          artifact,
          build.summary(),
          Notices.of(
              previous,
              artifact,
              old == null ? null : old.conditions(),
              FAILURES,
              reason,
              reason,
              build.summary()),
          state);
    }
  }

  /** The build's artifact: the current one when the build reused it, else newly stored. */
  private static Artifact store(Artifacts artifacts, ChartBuilder.Build build, Artifact previous)
      throws SourceException {
    Path current =
        previous == null ? null : artifacts.storage().localPath(previous.path()).orElse(null);
    if (current != null && current.equals(build.path())) {
      // the URL follows the artifact server's current address, as Flux re-derives it
      return artifacts.find(previous).orElse(previous);
    }
    return artifacts
        .storeFile(build.version(), build.name() + "-" + build.version() + ".tgz", build.path())
        .toApi();
  }

  private static String reason(boolean packaged) {
    return packaged ? Reasons.CHART_PACKAGE_SUCCEEDED : Reasons.CHART_PULL_SUCCEEDED;
  }

  @Override
  public void markStored(Conditions conditions, HelmChart chart, String message, State state) {
    String reason = reason(state.packaged);
    conditions
        .markTrue(ConditionTypes.READY, reason, message)
        .markTrue(ConditionTypes.ARTIFACT_IN_STORAGE, reason, message)
        .delete(ConditionTypes.RECONCILING)
        .delete(ConditionTypes.STALLED)
        .delete(ConditionTypes.FETCH_FAILED)
        .delete(ConditionTypes.BUILD_FAILED)
        .delete(ConditionTypes.ARTIFACT_OUTDATED)
        .delete(ConditionTypes.STORAGE_OPERATION_FAILED);
  }

  /**
   * Build errors (values, metadata, dependencies, packaging) are BuildFailed, others FetchFailed.
   */
  @Override
  public void markFailed(Conditions conditions, String reason, String message) {
    String type =
        switch (reason) {
          case Reasons.VALUES_FILES_ERROR,
              Reasons.METADATA_PATCH_ERROR,
              Reasons.DEPENDENCY_BUILD_ERROR,
              Reasons.CHART_PACKAGE_ERROR ->
              ConditionTypes.BUILD_FAILED;
          case Reasons.STORAGE_OPERATION_FAILED -> ConditionTypes.STORAGE_OPERATION_FAILED;
          default -> ConditionTypes.FETCH_FAILED;
        };
    String other =
        type.equals(ConditionTypes.BUILD_FAILED)
            ? ConditionTypes.FETCH_FAILED
            : ConditionTypes.BUILD_FAILED;
    conditions
        .markFalse(ConditionTypes.READY, reason, message)
        .markTrue(type, reason, message)
        .delete(other);
  }

  @Override
  public HelmChartStatus status(HelmChart chart, Common common, Stored<State> stored) {
    State state = stored != null ? stored.extras() : new State(chart.getStatus());
    return new HelmChartStatus(
        common.observedGeneration(),
        state.sourceRevision,
        state.chartName,
        state.valuesFiles,
        common.conditions(),
        common.url(),
        common.artifact(),
        common.lastHandledReconcileAt());
  }
}
