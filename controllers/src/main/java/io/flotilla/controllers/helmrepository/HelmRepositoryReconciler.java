package io.flotilla.controllers.helmrepository;

import io.flotilla.api.flux.source.HelmRepository;
import io.flotilla.api.flux.source.HelmRepositoryStatus;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.source.SourceLoop;
import io.flotilla.source.artifact.ArtifactStorage;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Turns a {@code type: default} HelmRepository into an index artifact ({@link HelmRepositorySource}
 * in the shared source loop); a {@code type: oci} one is data only.
 */
public final class HelmRepositoryReconciler implements Reconciler<HelmRepository> {
  public static final String KIND = HelmRepositorySource.KIND;

  /** source-controller's {@code --helm-index-max-size} default. */
  public static final long DEFAULT_MAX_INDEX_BYTES = 50L << 20;

  private final SourceLoop<HelmRepository, HelmRepositoryStatus, Void> loop;

  public HelmRepositoryReconciler(
      ArtifactStorage storage,
      Path workDir,
      long maxIndexBytes,
      EventRecorder events,
      ReconcileMetrics metrics,
      Clock clock) {
    this.loop =
        new SourceLoop<>(
            new HelmRepositorySource(storage, workDir, maxIndexBytes),
            storage,
            events,
            metrics,
            clock);
  }

  @Override
  public UpdateControl<HelmRepository> reconcile(HelmRepository repo, Context<HelmRepository> ctx) {
    return loop.reconcile(repo, ctx);
  }
}
