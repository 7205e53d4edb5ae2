package io.flotilla.controllers.kustomization;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.apply.ResourceManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link ResourceManager} per client, kept across reconciles: a manager holds the API discovery
 * and the last applied state of each object, which spare three discovery requests and a GET per
 * object on every reconcile. Bounded, since clients for remote clusters may come and go.
 */
final class ResourceManagers {
  private static final int MAX = 64;
  private final Map<KubernetesClient, ResourceManager> byClient =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<KubernetesClient, ResourceManager> eldest) {
          return size() > MAX;
        }
      };

  synchronized ResourceManager forClient(KubernetesClient client) {
    return byClient.computeIfAbsent(
        client, c -> new ResourceManager(c, Kustomization.FIELD_MANAGER));
  }
}
