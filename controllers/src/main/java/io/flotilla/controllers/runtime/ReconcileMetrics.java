package io.flotilla.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** {@code gotk_reconcile_duration_seconds{kind,name,namespace}}, as Flux records it. */
public final class ReconcileMetrics {
  // fluxcd/pkg runtime/metrics: prometheus.ExponentialBuckets(10e-9, 10, 10), 1e-8 s to 10 s
  static final double[] FLUX_BUCKETS = exponentialBuckets(10e-9, 10, 10);
  private final MeterRegistry registry;

  public ReconcileMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A run over {@code object}, of kind {@code kind}, that took {@code took}. */
  public void record(String kind, HasMetadata object, Duration took) {
    record(kind, object.getMetadata().getNamespace(), object.getMetadata().getName(), took);
  }

  public void record(String kind, String namespace, String name, Duration took) {
    // a summary in seconds rather than a Timer: a Timer's boundaries are whole nanoseconds, and
    // Go's are the products below, so the le labels would differ from Flux's in their last digit
    DistributionSummary.builder("gotk_reconcile_duration")
        .description("The duration in seconds of a GitOps Toolkit resource reconciliation.")
        .baseUnit("seconds")
        .tags("kind", kind, "name", name, "namespace", namespace)
        .serviceLevelObjectives(FLUX_BUCKETS)
        .register(registry)
        .record(took.toNanos() / 1e9);
  }

  /**
   * client_golang's {@code ExponentialBuckets}: each bound the previous times {@code factor}, in
   * floating point as Go computes them (the fourth of Flux's is 9.999999999999999e-06, not 1e-05).
   */
  static double[] exponentialBuckets(double start, double factor, int count) {
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = start;
      start *= factor;
    }
    return out;
  }
}
