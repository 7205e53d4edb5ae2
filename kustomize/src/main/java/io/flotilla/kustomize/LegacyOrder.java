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

    List<Key> keys = new ArrayList<>(resources.size());
    for (Res r : resources) {
      ResId id = r.id();
      keys.add(
          new Key(rank.getOrDefault(id.kind(), 0), id.gvkString(), id.namespace(), id.name(), r));
    }
    keys.sort(Comparator.comparingInt(Key::rank).thenComparing(Key::gvk));
    resources.clear();
    int start = 0;
    while (start < keys.size()) {
      int end = start;
      while (end < keys.size()
          && keys.get(end).rank() == keys.get(start).rank()
          && keys.get(end).gvk().equals(keys.get(start).gvk())) {
        end++;
      }
      List<Key> group = new ArrayList<>(keys.subList(start, end));
      boolean mixed =
          group.stream().anyMatch(k -> k.ns().isEmpty())
              && group.stream().anyMatch(k -> !k.ns().isEmpty());
      if (mixed && group.size() <= 12) {
        // kustomize's comparison is not transitive when namespaced and unnamespaced objects of one
        // kind mix; Go's sort runs an insertion sort on small inputs, so do the same
        for (int i = 1; i < group.size(); i++) {
          for (int j = i; j > 0 && less(group.get(j), group.get(j - 1)); j--) {
            Key t = group.get(j);
            group.set(j, group.get(j - 1));
            group.set(j - 1, t);
          }
        }
      } else {
        group.sort(Comparator.comparing(Key::ns).thenComparing(Key::name));
      }
      for (Key k : group) resources.add(k.res());
      start = end;
    }
  }

  private record Key(int rank, String gvk, String ns, String name, Res res) {}

  private static boolean less(Key a, Key b) {
    if (!a.ns().isEmpty() && !b.ns().isEmpty()) {
      int c = a.ns().compareTo(b.ns());
      return c != 0 ? c < 0 : a.name().compareTo(b.name()) < 0;
    }
    int c = a.name().compareTo(b.name());
    return c != 0 ? c < 0 : a.ns().compareTo(b.ns()) < 0;
  }
}
