package io.flotilla.kustomize;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
      String ns = id.namespace().isEmpty() ? "~X" : id.namespace();
      String name = id.name().isEmpty() ? "~N" : id.name();
      keys.add(new Key(rank.getOrDefault(id.kind(), 0), id.gvkString(), ns + "|" + name, r));
    }
    // kustomize compares "namespace|name" as one string, an empty namespace as "~X": namespaced
    // objects of a kind come first, and the separator can order "ab" before "a"
    keys.sort(
        Comparator.comparingInt(Key::rank)
            .thenComparing(Key::gvk, LegacyOrder::compareUtf8)
            .thenComparing(Key::id, LegacyOrder::compareUtf8));
    resources.clear();
    for (Key k : keys) resources.add(k.res());
  }

  /** Go's string order: by UTF-8 bytes (Java's compareTo orders UTF-16 units). */
  static int compareUtf8(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private record Key(int rank, String gvk, String id, Res res) {}
}
