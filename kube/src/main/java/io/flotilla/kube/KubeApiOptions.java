package io.flotilla.kube;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to run the embedded API server.
 *
 * @param host address to bind (loopback by default)
 * @param port TCP port, 0 for an ephemeral one
 * @param dataDir where {@code kube/state.json} is kept; {@code null} keeps everything in memory
 * @param simulateKubelet whether workloads get the status a healthy cluster would give them
 * @param kubeletDelay how long the simulated kubelet waits before reporting status
 * @param users bearer tokens the server accepts; none means every request is allowed
 * @param tls serve HTTPS with a local CA (kept under the data dir) written into the kubeconfig;
 *     kubectl sends bearer tokens only over TLS
 */
public record KubeApiOptions(
    String host,
    int port,
    Path dataDir,
    boolean simulateKubelet,
    Duration kubeletDelay,
    List<User> users,
    boolean tls) {

  /**
   * A static bearer token and the user it authenticates as (groups as given, plus authenticated).
   */
  public record User(String token, String name, List<String> groups) {
    public User {
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException("a user's token must not be empty");
      }
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a user's name must not be empty");
      }
      groups = List.copyOf(groups);
    }
  }

  public KubeApiOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(kubeletDelay, "kubeletDelay");
    users = List.copyOf(users);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    if (kubeletDelay.isNegative()) {
      throw new IllegalArgumentException("kubeletDelay must not be negative");
    }
  }

  public static KubeApiOptions defaults() {
    return new KubeApiOptions("127.0.0.1", 0, null, true, Duration.ZERO, List.of(), false);
  }

  public KubeApiOptions withPort(int port) {
    return new KubeApiOptions(host, port, dataDir, simulateKubelet, kubeletDelay, users, tls);
  }

  public KubeApiOptions withDataDir(Path dataDir) {
    return new KubeApiOptions(host, port, dataDir, simulateKubelet, kubeletDelay, users, tls);
  }

  public KubeApiOptions withSimulateKubelet(boolean simulateKubelet) {
    return new KubeApiOptions(host, port, dataDir, simulateKubelet, kubeletDelay, users, tls);
  }

  public KubeApiOptions withKubeletDelay(Duration kubeletDelay) {
    return new KubeApiOptions(host, port, dataDir, simulateKubelet, kubeletDelay, users, tls);
  }

  /**
   * Accepts {@code token} as user {@code name} in {@code groups}. Once any user is declared,
   * requests without a known token get 401 and RBAC decides the rest; a member of {@code
   * system:masters} may do anything. When no declared user is in {@code system:masters}, the server
   * adds one ({@code kubernetes-admin}) for {@link EmbeddedKubeApi#writeKubeconfig}.
   */
  public KubeApiOptions withUser(String token, String name, String... groups) {
    for (User u : users) {
      if (u.token().equals(token)) {
        throw new IllegalArgumentException("token already declared for user " + u.name());
      }
    }
    List<User> more = new ArrayList<>(users);
    more.add(new User(token, name, List.of(groups)));
    return new KubeApiOptions(host, port, dataDir, simulateKubelet, kubeletDelay, more, tls);
  }

  public KubeApiOptions withTls(boolean tls) {
    return new KubeApiOptions(host, port, dataDir, simulateKubelet, kubeletDelay, users, tls);
  }
}
