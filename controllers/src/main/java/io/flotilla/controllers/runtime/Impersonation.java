package io.flotilla.controllers.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.flotilla.api.flux.meta.KubeConfigReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clients that act as a Kustomization's or HelmRelease's service account ({@code
 * spec.serviceAccountName}, else the controller's default), so the API server's RBAC decides what a
 * tenant may apply, prune and read. One client per service account, reused across reconciles.
 */
public final class Impersonation implements AutoCloseable {
  private final KubernetesClient base;
  private final String defaultServiceAccount;
  private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

  public Impersonation(KubernetesClient base, String defaultServiceAccount) {
    this.base = base;
    this.defaultServiceAccount = defaultServiceAccount;
  }

  /** The service account the object acts as, or null for the controller's own identity. */
  public String serviceAccount(String specServiceAccount) {
    return specServiceAccount != null && !specServiceAccount.isEmpty()
        ? specServiceAccount
        : defaultServiceAccount == null || defaultServiceAccount.isEmpty()
            ? null
            : defaultServiceAccount;
  }

  KubernetesClient clientFor(String namespace, String specServiceAccount) {
    String sa = serviceAccount(specServiceAccount);
    if (sa == null) {
      return base;
    }
    String user = "system:serviceaccount:" + namespace + ":" + sa;
    return clients.computeIfAbsent(
        user,
        u -> {
          Config config = new ConfigBuilder(base.getConfiguration()).build();
          impersonate(config, namespace, sa);
          config.setOnlyHttpWatches(true);
          return new KubernetesClientBuilder().withConfig(config).build();
        });
  }

  /** Acts as {@code system:serviceaccount:<namespace>:<name>} with the service-account groups. */
  static void impersonate(Config config, String namespace, String serviceAccount) {
    config.setImpersonateUsername("system:serviceaccount:" + namespace + ":" + serviceAccount);
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
  }

  /**
   * The cluster a Kustomization or HelmRelease applies to, as Flux decides: with {@code
   * spec.kubeConfig} the remote cluster (as the service account, if one applies, over there);
   * otherwise this cluster, impersonating the service account if one applies.
   */
  public Target target(String namespace, KubeConfigReference kubeConfig, String serviceAccountName)
      throws ReconcileException {
    if (kubeConfig != null) {
      return new Target(
          RemoteCluster.client(base, namespace, kubeConfig, serviceAccount(serviceAccountName)),
          true);
    }
    return new Target(clientFor(namespace, serviceAccountName), false);
  }

  /** A client to apply with; a remote one is closed after the reconcile, a local one is shared. */
  public record Target(KubernetesClient client, boolean remote) implements AutoCloseable {
    @Override
    public void close() {
      if (remote) {
        client.close();
      }
    }
  }

  @Override
  public void close() {
    clients.values().forEach(KubernetesClient::close);
    clients.clear();
  }
}
