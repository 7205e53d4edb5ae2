package io.flotilla.controllers.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** {@code gotk_reconcile_duration_seconds{kind,name,namespace}}, as Flux records it. */
public final class ReconcileMetrics {
  private final MeterRegistry registry;

  public ReconcileMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(String kind, String namespace, String name, Duration took) {
    Timer.builder("gotk_reconcile_duration")
        .description("The duration in seconds of a GitOps Toolkit resource reconciliation.")
        .tags("kind", kind, "name", name, "namespace", namespace)
        .serviceLevelObjectives(buckets())
        .register(registry)
        .record(took);
  }

  // Flux: 10 exponential buckets from 10ms, factor ~2.3, up to 1800s.
  private static Duration[] buckets() {
    Duration[] out = new Duration[10];
    double start = 0.01;
    double factor = Math.pow(1800 / 0.01, 1.0 / 9);
    for (int i = 0; i < out.length; i++) {
      out[i] = Duration.ofNanos((long) (start * Math.pow(factor, i) * 1e9));
    }
    return out;
  }
}
