package io.flotilla.api.flux.source;

import io.flotilla.api.flux.meta.Artifact;
import io.flotilla.api.flux.meta.Condition;
import java.util.List;

/** The status fields every source kind has, as Flux's source API does. */
public interface SourceStatus {
  Long observedGeneration();

  List<Condition> conditions();

  Artifact artifact();

  String lastHandledReconcileAt();
}
