package io.flotilla.controllers.ocirepository;

import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.flux.source.OCIRepositoryStatus;
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
 * Turns an {@link OCIRepository} into an artifact: {@link OCIRepositorySource} in the shared source
 * loop.
 */
public final class OCIRepositoryReconciler implements Reconciler<OCIRepository> {
  private final SourceLoop<OCIRepository, OCIRepositoryStatus, Void> loop;

  public OCIRepositoryReconciler(
      ArtifactStorage storage,
      Path workDir,
      long maxBytes,
      EventRecorder events,
      ReconcileMetrics metrics,
      Clock clock) {
    this.loop =
        new SourceLoop<>(
            new OCIRepositorySource(storage, workDir, maxBytes), storage, events, metrics, clock);
  }

  @Override
  public UpdateControl<OCIRepository> reconcile(OCIRepository repo, Context<OCIRepository> ctx) {
    return loop.reconcile(repo, ctx);
  }
}
