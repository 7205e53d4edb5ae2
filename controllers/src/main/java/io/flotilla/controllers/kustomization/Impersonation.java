package io.flotilla.controllers.kustomization;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Clients that act as a Kustomization's service account ({@code spec.serviceAccountName}, else the
 * controller's default), so the API server's RBAC decides what a tenant may apply, prune and read.
 * One client per service account, reused across reconciles.
 */
public final class Impersonation implements AutoCloseable {
  private final KubernetesClient base;
  private final String defaultServiceAccount;
  private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

  public Impersonation(KubernetesClient base, String defaultServiceAccount) {
    this.base = base;
    this.defaultServiceAccount = defaultServiceAccount;
  }

  /** The service account the Kustomization acts as, or null for the controller's own identity. */
  String serviceAccount(String specServiceAccount) {
    return specServiceAccount != null && !specServiceAccount.isEmpty()
        ? specServiceAccount
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
          Config config =
              new ConfigBuilder(base.getConfiguration())
                  .withImpersonateUsername(u)
                  .withImpersonateGroups(
                      "system:serviceaccounts",
                      "system:serviceaccounts:" + namespace,
                      "system:authenticated")
                  .build();
          config.setOnlyHttpWatches(true);
          return new KubernetesClientBuilder().withConfig(config).build();
        });
  }

  @Override
  public void close() {
    clients.values().forEach(KubernetesClient::close);
    clients.clear();
  }
}
