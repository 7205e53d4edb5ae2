package io.flotilla.controllers.ocirepository;

import io.flotilla.api.flux.source.OCIRepository;
import io.flotilla.api.flux.source.OCIRepositoryStatus;
import io.flotilla.controllers.source.SourceLoop;

/**
 * Turns an {@link OCIRepository} into an artifact: {@link OCIRepositorySource} in the shared source
 * loop.
 */
public final class OCIRepositoryReconciler
    extends SourceLoop<OCIRepository, OCIRepositoryStatus, Void> {
  public OCIRepositoryReconciler(Wiring wiring, long maxBytes) {
    super(new OCIRepositorySource(maxBytes), wiring);
  }
}
