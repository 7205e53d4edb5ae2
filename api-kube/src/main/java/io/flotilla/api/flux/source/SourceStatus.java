package io.flotilla.api.flux.source;

import io.flotilla.api.flux.FluxStatus;
import io.flotilla.api.flux.meta.Artifact;

/**
 * The status fields every source kind has, as Flux's source API does: those of any kind, and the
 * artifact.
 */
public interface SourceStatus extends FluxStatus {
  Artifact artifact();
}
