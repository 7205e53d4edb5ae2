package io.flotilla.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * Puts the agent and controllers into a cluster for {@code connectedk8s connect --kube-config} and
 * takes them out for {@code connectedk8s delete}. The CLI holds no Kubernetes client: the
 * implementation comes from the {@code deploy} module through {@link ServiceLoader}, so the arrow
 * stays deploy → cli.
 */
public interface ClusterInstaller {
  /** Which cluster: a kubeconfig (null: $KUBECONFIG, then ~/.kube/config) and a context. */
  record Target(Path kubeconfig, String context) {}

  /** The agent's identity in the service, stored in the cluster as a Secret. */
  record AgentIdentity(String server, String clusterId, String token, String caPem) {
    @Override
    public String toString() {
      return "AgentIdentity[server=" + server + ", clusterId=" + clusterId + ", token=***]";
    }
  }

  /** A cluster that cannot be installed into; the message says why and what to do. */
  final class Refused extends RuntimeException {
    public Refused(String message) {
      super(message);
    }
  }

  /**
   * Everything checked before the cluster is registered: reachable, permissions, no other Flux or
   * Flotilla (unless {@code force}).
   */
  void check(CliEnvironment env, Target target, boolean force);

  /** Installs (or upgrades) and waits until ready. */
  void install(
      CliEnvironment env,
      Target target,
      AgentIdentity agent,
      boolean force,
      Consumer<String> progress);

  /** The manifests {@link #install} would apply, as YAML. */
  String export(AgentIdentity agent);

  /** Removes what {@link #install} put there, except the CRDs and their objects. */
  void uninstall(CliEnvironment env, Target target, Consumer<String> progress);

  static Optional<ClusterInstaller> find() {
    return ServiceLoader.load(ClusterInstaller.class).findFirst();
  }
}
