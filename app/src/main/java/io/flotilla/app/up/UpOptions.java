package io.flotilla.app.up;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of `flotilla up`; {@code kubeconfig} null means the embedded Kubernetes API. {@code
 * clusterName} and {@code resourceGroup} null mean the cluster the data dir remembers (else {@code
 * local}); naming another one needs {@code replaceCluster}. {@code artifactPort} -1 means the port
 * the data dir remembers, else the service port + 2 (any when the service port is 0).
 */
public record UpOptions(
    int port,
    int gitPort,
    int artifactPort,
    Path dataDir,
    String clusterName,
    String resourceGroup,
    boolean replaceCluster,
    Path kubeconfig,
    Duration requeueDependency,
    Duration agentPollWait) {

  public static UpOptions defaults() {
    return new UpOptions(
        8080,
        -1,
        -1,
        Path.of(".flotilla"),
        null,
        null,
        false,
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

  /** The artifact server's port when the data dir remembers none. */
  int defaultArtifactPort() {
    return port == 0 ? 0 : port + 2;
  }

  public UpOptions withPort(int p) {
    return new UpOptions(
        p,
        gitPort,
        artifactPort,
        dataDir,
        clusterName,
        resourceGroup,
        replaceCluster,
        kubeconfig,
        requeueDependency,
        agentPollWait);
  }

  public UpOptions withGitPort(int p) {
    return new UpOptions(
        port,
        p,
        artifactPort,
        dataDir,
        clusterName,
        resourceGroup,
        replaceCluster,
        kubeconfig,
        requeueDependency,
        agentPollWait);
  }

  public UpOptions withArtifactPort(int p) {
    return new UpOptions(
        port,
        gitPort,
        p,
        dataDir,
        clusterName,
        resourceGroup,
        replaceCluster,
        kubeconfig,
        requeueDependency,
        agentPollWait);
  }

  public UpOptions withDataDir(Path d) {
    return new UpOptions(
        port,
        gitPort,
        artifactPort,
        d,
        clusterName,
        resourceGroup,
        replaceCluster,
        kubeconfig,
        requeueDependency,
        agentPollWait);
  }

  /** The cluster to serve; either may be null (the remembered one's, else {@code local}). */
  public UpOptions withCluster(String resourceGroup, String clusterName) {
    return new UpOptions(
        port,
        gitPort,
        artifactPort,
        dataDir,
        clusterName,
        resourceGroup,
        replaceCluster,
        kubeconfig,
        requeueDependency,
        agentPollWait);
  }

  /** Serve the named cluster although the data dir remembers another (nothing is deleted). */
  public UpOptions withReplaceCluster(boolean replace) {
    return new UpOptions(
        port,
        gitPort,
        artifactPort,
        dataDir,
        clusterName,
        resourceGroup,
        replace,
        kubeconfig,
        requeueDependency,
        agentPollWait);
  }

  public UpOptions withKubeconfig(Path k) {
    return new UpOptions(
        port,
        gitPort,
        artifactPort,
        dataDir,
        clusterName,
        resourceGroup,
        replaceCluster,
        k,
        requeueDependency,
        agentPollWait);
  }

  public UpOptions withAgentPollWait(Duration d) {
    return new UpOptions(
        port,
        gitPort,
        artifactPort,
        dataDir,
        clusterName,
        resourceGroup,
        replaceCluster,
        kubeconfig,
        requeueDependency,
        d);
  }
}
