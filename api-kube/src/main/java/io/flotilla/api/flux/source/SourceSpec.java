package io.flotilla.api.flux.source;

/**
 * What every source kind's spec has, as Flux's source API does: {@code suspend}, {@code interval}.
 */
public interface SourceSpec {
  Boolean suspend();

  String interval();
}
