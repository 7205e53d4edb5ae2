package io.flotilla.app.up;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

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
    return with(b -> b.port = p);
  }

  public UpOptions withGitPort(int p) {
    return with(b -> b.gitPort = p);
  }

  public UpOptions withArtifactPort(int p) {
    return with(b -> b.artifactPort = p);
  }

  public UpOptions withDataDir(Path d) {
    return with(b -> b.dataDir = d);
  }

  /** The cluster to serve; either may be null (the remembered one's, else {@code local}). */
  public UpOptions withCluster(String resourceGroup, String clusterName) {
    return with(
        b -> {
          b.resourceGroup = resourceGroup;
          b.clusterName = clusterName;
        });
  }

  /** Serve the named cluster although the data dir remembers another (nothing is deleted). */
  public UpOptions withReplaceCluster(boolean replace) {
    return with(b -> b.replaceCluster = replace);
  }

  public UpOptions withKubeconfig(Path k) {
    return with(b -> b.kubeconfig = k);
  }

  public UpOptions withAgentPollWait(Duration d) {
    return with(b -> b.agentPollWait = d);
  }

  private UpOptions with(Consumer<Builder> edit) {
    Builder b = new Builder(this);
    edit.accept(b);
    return b.build();
  }

  /** The options' fields to change: the one place that copies them all. */
  private static final class Builder {
    int port;
    int gitPort;
    int artifactPort;
    Path dataDir;
    String clusterName;
    String resourceGroup;
    boolean replaceCluster;
    Path kubeconfig;
    Duration requeueDependency;
    Duration agentPollWait;

    private Builder(UpOptions s) {
      port = s.port;
      gitPort = s.gitPort;
      artifactPort = s.artifactPort;
      dataDir = s.dataDir;
      clusterName = s.clusterName;
      resourceGroup = s.resourceGroup;
      replaceCluster = s.replaceCluster;
      kubeconfig = s.kubeconfig;
      requeueDependency = s.requeueDependency;
      agentPollWait = s.agentPollWait;
    }

    private UpOptions build() {
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
  }
}
