package io.flotilla.apply;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flux's reconcile order (fluxcd/pkg ssa {@code ReconcileOrder}): listed kinds first in this order,
 * then every other kind by group and kind, webhook configurations last; ties by namespace/name.
 */
final class KindOrder {
  static final List<String> FIRST =
      List.of(
          "CustomResourceDefinition",
          "Namespace",
          "ClusterClass",
          "RuntimeClass",
          "PriorityClass",
          "StorageClass",
          "VolumeSnapshotClass",
          "IngressClass",
          "GatewayClass",
          "ResourceQuota",
          "ServiceAccount",
          "Role",
          "ClusterRole",
          "RoleBinding",
          "ClusterRoleBinding",
          "ConfigMap",
          "Secret",
          "Service",
          "LimitRange",
          "Deployment",
          "StatefulSet",
          "CronJob",
          "PodDisruptionBudget");
  static final List<String> LAST =
      List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

  private static final Map<String, Integer> INDEX = index();

  /** Apply order. Reverse it for deletion. */
  static final Comparator<ObjectRef> APPLY =
      Comparator.<ObjectRef>comparingInt(r -> INDEX.getOrDefault(r.kind(), 0))
          .thenComparing(ObjectRef::group)
          .thenComparing(ObjectRef::kind)
          .thenComparing(ObjectRef::namespace)
          .thenComparing(ObjectRef::name);

  private KindOrder() {}

  private static Map<String, Integer> index() {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < FIRST.size(); i++) {
      index.put(FIRST.get(i), -FIRST.size() + i);
    }
    for (int i = 0; i < LAST.size(); i++) {
      index.put(LAST.get(i), 1 + i);
    }
    return Map.copyOf(index);
  }

  /** The apply stages: definitions that others depend on go first and are waited for. */
  enum Stage {
    /** CustomResourceDefinitions, Namespaces, ClusterRoles: applied, then waited for. */
    CLUSTER_DEFINITIONS,
    /** {@code *Class} kinds (StorageClass, IngressClass…): applied, then waited for. */
    CLASSES,
    /** Everything else. */
    REST
  }

  static Stage stageOf(ObjectRef ref) {
    if (isCrd(ref) || isNamespace(ref) || isClusterRole(ref)) {
      return Stage.CLUSTER_DEFINITIONS;
    }
    if (ref.kind().endsWith("Class")) {
      return Stage.CLASSES;
    }
    return Stage.REST;
  }

  static boolean isCrd(ObjectRef ref) {
    return "CustomResourceDefinition".equals(ref.kind())
        && "apiextensions.k8s.io".equals(ref.group());
  }

  static boolean isNamespace(ObjectRef ref) {
    return "Namespace".equals(ref.kind()) && ref.group().isEmpty();
  }

  static boolean isClusterRole(ObjectRef ref) {
    return "ClusterRole".equals(ref.kind()) && "rbac.authorization.k8s.io".equals(ref.group());
  }
}
