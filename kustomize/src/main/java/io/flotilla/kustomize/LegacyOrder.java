package io.flotilla.kustomize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** kustomize's legacy output order: by kind rank, then GVK string, namespace and name. */
final class LegacyOrder {
  private LegacyOrder() {}

  private static final List<String> FIRST =
      List.of(
          "Namespace",
          "ResourceQuota",
          "StorageClass",
          "CustomResourceDefinition",
          "ServiceAccount",
          "PodSecurityPolicy",
          "Role",
          "ClusterRole",
          "RoleBinding",
          "ClusterRoleBinding",
          "ConfigMap",
          "Secret",
          "Endpoints",
          "Service",
          "LimitRange",
          "PriorityClass",
          "PersistentVolume",
          "PersistentVolumeClaim",
          "Deployment",
          "StatefulSet",
          "CronJob",
          "PodDisruptionBudget");
  private static final List<String> LAST =
      List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

  static void sort(List<Res> resources, List<String> first, List<String> last) {
    List<String> f = first == null ? FIRST : first;
    List<String> l = last == null ? LAST : last;
    Map<String, Integer> rank = new HashMap<>();
    for (int i = 0; i < f.size(); i++) rank.putIfAbsent(f.get(i), i - f.size());
    for (int i = 0; i < l.size(); i++) rank.putIfAbsent(l.get(i), i + 1);
    record Key(int rank, String gvk, String ns, String name, Res res) {}
    List<Key> keys = new ArrayList<>(resources.size());
    for (Res r : resources) {
      ResId id = r.id();
      keys.add(
          new Key(rank.getOrDefault(id.kind(), 0), id.gvkString(), id.namespace(), id.name(), r));
    }
    keys.sort(
        Comparator.comparingInt(Key::rank)
            .thenComparing(Key::gvk)
            .thenComparing(Key::ns)
            .thenComparing(Key::name));
    resources.clear();
    for (Key k : keys) resources.add(k.res());
  }
}
