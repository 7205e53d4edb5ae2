package io.flotilla.app.up;

import io.flotilla.api.RecordBuilder;
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

  /** A copy with {@code change} applied: each wither names only the field it sets. */
  private UpOptions with(Consumer<Copy> change) {
    return RecordBuilder.edit(new Copy(this), change);
  }

  /** The fields of a copy while it is being changed. */
  private static final class Copy extends RecordBuilder<UpOptions> {
    private int port;
    private int gitPort;
    private int artifactPort;
    private Path dataDir;
    private String clusterName;
    private String resourceGroup;
    private boolean replaceCluster;
    private Path kubeconfig;
    private Duration requeueDependency;
    private Duration agentPollWait;

    private Copy(UpOptions o) {
      super(o);
    }
  }
}
