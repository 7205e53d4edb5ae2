package io.flotilla.app.up;

import java.nio.file.Path;
import java.time.Duration;

/** Settings of `flotilla up`; {@code kubeconfig} null means the embedded Kubernetes API. */
public record UpOptions(
    int port,
    int gitPort,
    Path dataDir,
    String clusterName,
    String resourceGroup,
    Path kubeconfig,
    Duration requeueDependency,
    Duration agentPollWait) {

  public static UpOptions defaults() {
    return new UpOptions(
        8080,
        -1,
        Path.of(".flotilla"),
        "local",
        "local",
        null,
        Duration.ofSeconds(5),
        Duration.ofSeconds(30));
  }

  /** The sample repository's port: {@code --git-port}, else the service port + 1 (any when 0). */
  public int effectiveGitPort() {
    if (gitPort >= 0) {
      return gitPort;
    }
    return port == 0 ? 0 : port + 1;
  }

  public UpOptions withPort(int p) {
    return new UpOptions(
        p,
        gitPort,
        dataDir,
        clusterName,
        resourceGroup,
        kubeconfig,
        requeueDependency,
        agentPollWait);
  }

  public UpOptions withGitPort(int p) {
    return new UpOptions(
        port, p, dataDir, clusterName, resourceGroup, kubeconfig, requeueDependency, agentPollWait);
  }

  public UpOptions withDataDir(Path d) {
    return new UpOptions(
        port, gitPort, d, clusterName, resourceGroup, kubeconfig, requeueDependency, agentPollWait);
  }

  public UpOptions withCluster(String resourceGroup, String clusterName) {
    return new UpOptions(
        port,
        gitPort,
        dataDir,
        clusterName,
        resourceGroup,
        kubeconfig,
        requeueDependency,
        agentPollWait);
  }

  public UpOptions withKubeconfig(Path k) {
    return new UpOptions(
        port, gitPort, dataDir, clusterName, resourceGroup, k, requeueDependency, agentPollWait);
  }

  public UpOptions withAgentPollWait(Duration d) {
    return new UpOptions(
        port, gitPort, dataDir, clusterName, resourceGroup, kubeconfig, requeueDependency, d);
  }
}
