package io.flotilla.api.flux.meta;

/** Annotations and labels the Flux controllers read or write. */
public final class Annotations {
  public static final String RECONCILE_REQUESTED_AT = "reconcile.fluxcd.io/requestedAt";
  public static final String FINALIZER = "finalizers.fluxcd.io";

  private Annotations() {}
}
