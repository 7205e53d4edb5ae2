package io.flotilla.controllers.bucket;

import io.flotilla.api.flux.source.Bucket;
import io.flotilla.api.flux.source.BucketStatus;
import io.flotilla.controllers.source.SourceLoop;

/** Turns a {@link Bucket} into an artifact: {@link BucketSource} in the shared source loop. */
public final class BucketReconciler extends SourceLoop<Bucket, BucketStatus, Void> {
  public BucketReconciler(Wiring wiring, long maxBytes) {
    super(new BucketSource(maxBytes), wiring);
  }
}
