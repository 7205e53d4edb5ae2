package io.flotilla.helm;

import java.time.Clock;

/**
 * How the engine talks to its cluster.
 *
 * @param fieldManager server-side apply field manager (Flux: {@code helm-controller})
 * @param kubeVersion {@code .Capabilities.KubeVersion} for rendering; null asks the cluster
 * @param clock time of release records and storage labels
 */
public record EngineOptions(String fieldManager, String kubeVersion, Clock clock) {
  public EngineOptions {
    if (fieldManager == null || fieldManager.isBlank()) fieldManager = "helm-controller";
    if (clock == null) clock = Clock.systemUTC();
  }

  public static EngineOptions defaults() {
    return new EngineOptions("helm-controller", null, Clock.systemUTC());
  }

  public EngineOptions withKubeVersion(String value) {
    return new EngineOptions(fieldManager, value, clock);
  }

  public EngineOptions withClock(Clock value) {
    return new EngineOptions(fieldManager, kubeVersion, value);
  }
}
