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

  // fluxcd/pkg runtime/metrics: prometheus.ExponentialBuckets(10e-9, 10, 10), 1e-8 s to 10 s
  private static Duration[] buckets() {
    Duration[] out = new Duration[10];
    long nanos = 10;
    for (int i = 0; i < out.length; i++, nanos *= 10) {
      out[i] = Duration.ofNanos(nanos);
    }
    return out;
  }
}
