package io.flotilla.controllers.bucket;

import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.BucketStatus;
import io.flotilla.controllers.runtime.EventRecorder;
import io.flotilla.controllers.runtime.ReconcileMetrics;
import io.flotilla.controllers.source.SourceLoop;
import io.flotilla.source.artifact.ArtifactStorage;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.file.Path;
import java.time.Clock;

/** Turns a {@link Bucket} into an artifact: {@link BucketSource} in the shared source loop. */
public final class BucketReconciler implements Reconciler<Bucket> {
  private final SourceLoop<Bucket, BucketStatus, Void> loop;

  public BucketReconciler(
      ArtifactStorage storage,
      Path workDir,
      long maxBytes,
      EventRecorder events,
      ReconcileMetrics metrics,
      Clock clock) {
    this.loop =
        new SourceLoop<>(
            new BucketSource(storage, workDir, maxBytes), storage, events, metrics, clock);
  }

  @Override
  public UpdateControl<Bucket> reconcile(Bucket bucket, Context<Bucket> ctx) {
    return loop.reconcile(bucket, ctx);
  }
}
