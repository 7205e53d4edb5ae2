package io.flotilla.api.flux;

import io.flotilla.api.flux.meta.Condition;
import java.util.List;

/**
 * The status fields every Flux kind with a reconcile loop has (fluxcd/pkg's {@code
 * ObservedGeneration}, {@code Conditions} and {@code ReconcileRequestStatus}), so a controller
 * reads them the same way whatever the kind; each record keeps its own field order on the wire.
 */
public interface FluxStatus {
  Long observedGeneration();

  List<Condition> conditions();

  String lastHandledReconcileAt();
}
