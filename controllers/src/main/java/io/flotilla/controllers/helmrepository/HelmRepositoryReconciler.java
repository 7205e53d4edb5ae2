package io.flotilla.controllers.helmrepository;

import io.flotilla.api.flux.source.HelmRepository;
import io.flotilla.api.flux.source.HelmRepositoryStatus;
import io.flotilla.controllers.source.SourceLoop;

/**
 * Turns a {@code type: default} HelmRepository into an index artifact ({@link HelmRepositorySource}
 * in the shared source loop); a {@code type: oci} one is data only.
 */
public final class HelmRepositoryReconciler
    extends SourceLoop<HelmRepository, HelmRepositoryStatus, Void> {
  public static final String KIND = HelmRepositorySource.KIND;

  /** source-controller's {@code --helm-index-max-size} default. */
  public static final long DEFAULT_MAX_INDEX_BYTES = 50L << 20;

  public HelmRepositoryReconciler(Wiring wiring, long maxIndexBytes) {
    super(new HelmRepositorySource(maxIndexBytes), wiring);
  }
}
