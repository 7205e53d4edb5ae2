package io.flotilla.controllers.helmrelease;

import java.time.Duration;

/**
 * How the helm-controller runs: {@code requeueDependency} (Flux's {@code --requeue-dependency}),
 * {@code noCrossNamespaceRefs} (multi-tenancy), {@code detectDrift} (the extension's {@code
 * helm-controller.detectDrift}: drift detection for releases whose {@code driftDetection.mode} is
 * unset), and how many packaged charts are kept on disk.
 */
public record HelmControllerOptions(
    Duration requeueDependency, boolean noCrossNamespaceRefs, boolean detectDrift, int keepCharts) {

  public static HelmControllerOptions defaults() {
    return new HelmControllerOptions(Duration.ofSeconds(30), false, false, 64);
  }

  public HelmControllerOptions withRequeueDependency(Duration d) {
    return new HelmControllerOptions(d, noCrossNamespaceRefs, detectDrift, keepCharts);
  }

  public HelmControllerOptions withNoCrossNamespaceRefs(boolean b) {
    return new HelmControllerOptions(requeueDependency, b, detectDrift, keepCharts);
  }

  public HelmControllerOptions withDetectDrift(boolean b) {
    return new HelmControllerOptions(requeueDependency, noCrossNamespaceRefs, b, keepCharts);
  }
}
