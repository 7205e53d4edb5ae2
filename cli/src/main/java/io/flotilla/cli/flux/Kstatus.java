package io.flotilla.cli.flux;

/**
 * kstatus as the flux CLI computes it for Flux objects: in progress while the controller has not
 * observed the latest generation or says Reconciling, failed when Stalled, current otherwise.
 */
sealed interface Kstatus {
  record Current() implements Kstatus {}

  record InProgress() implements Kstatus {}

  record Failed(String message) implements Kstatus {}

  static Kstatus of(FluxObject o) {
    if (o.status().has("observedGeneration") && o.observedGeneration() != o.generation()) {
      return new InProgress();
    }
    if (o.conditionTrue("Reconciling")) {
      return new InProgress();
    }
    if (o.conditionTrue("Stalled")) {
      return new Failed(o.condition("Stalled").get().path("message").asText(""));
    }
    return new Current();
  }
}
