package io.flotilla.kustomize;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
  private static final Map<String, Integer> RANK = new HashMap<>();

  static {
    for (int i = 0; i < FIRST.size(); i++) RANK.put(FIRST.get(i), i - FIRST.size());
    for (int i = 0; i < LAST.size(); i++) RANK.put(LAST.get(i), i + 1);
  }

  static final Comparator<ObjectNode> COMPARATOR =
      Comparator.<ObjectNode>comparingInt(r -> RANK.getOrDefault(ResId.of(r).kind(), 0))
          .thenComparing(r -> ResId.of(r).gvkString())
          .thenComparing(r -> ResId.of(r).namespace())
          .thenComparing(r -> ResId.of(r).name());

  static void sort(List<ObjectNode> resources) {
    resources.sort(COMPARATOR);
  }
}
