package io.flotilla.kube;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the embedded API server.
 *
 * @param host address to bind (loopback by default)
 * @param port TCP port, 0 for an ephemeral one
 * @param dataDir where {@code kube/state.json} is kept; {@code null} keeps everything in memory
 * @param simulateKubelet whether workloads get the status a healthy cluster would give them
 * @param kubeletDelay how long the simulated kubelet waits before reporting status
 */
public record KubeApiOptions(
    String host, int port, Path dataDir, boolean simulateKubelet, Duration kubeletDelay) {

  public KubeApiOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(kubeletDelay, "kubeletDelay");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    if (kubeletDelay.isNegative()) {
      throw new IllegalArgumentException("kubeletDelay must not be negative");
    }
  }

  public static KubeApiOptions defaults() {
    return new KubeApiOptions("127.0.0.1", 0, null, true, Duration.ZERO);
  }

  public KubeApiOptions withPort(int port) {
    return new KubeApiOptions(host, port, dataDir, simulateKubelet, kubeletDelay);
  }

  public KubeApiOptions withDataDir(Path dataDir) {
    return new KubeApiOptions(host, port, dataDir, simulateKubelet, kubeletDelay);
  }

  public KubeApiOptions withSimulateKubelet(boolean simulateKubelet) {
    return new KubeApiOptions(host, port, dataDir, simulateKubelet, kubeletDelay);
  }

  public KubeApiOptions withKubeletDelay(Duration kubeletDelay) {
    return new KubeApiOptions(host, port, dataDir, simulateKubelet, kubeletDelay);
  }
}
