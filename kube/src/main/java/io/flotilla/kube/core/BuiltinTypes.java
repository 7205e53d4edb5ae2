package io.flotilla.kube.core;

import io.flotilla.kube.base.ResourceType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The built-in kinds this server knows, as data: one line per resource. */
final class BuiltinTypes {
  private BuiltinTypes() {}

  // groupVersion plural Kind scope subresource shortNames categories
  private static final String TABLE =
      """
      v1 namespaces Namespace cluster status ns -
      v1 configmaps ConfigMap ns - cm -
      v1 secrets Secret ns - - -
      v1 serviceaccounts ServiceAccount ns - sa -
      v1 services Service ns status svc all
      v1 endpoints Endpoints ns - ep -
      v1 pods Pod ns status po all
      v1 events Event ns - ev -
      v1 persistentvolumeclaims PersistentVolumeClaim ns status pvc -
      v1 persistentvolumes PersistentVolume cluster status pv -
      v1 nodes Node cluster status no -
      v1 resourcequotas ResourceQuota ns status quota -
      v1 limitranges LimitRange ns - limits -
      apps/v1 deployments Deployment ns status deploy all
      apps/v1 replicasets ReplicaSet ns status rs all
      apps/v1 statefulsets StatefulSet ns status sts all
      apps/v1 daemonsets DaemonSet ns status ds all
      apps/v1 controllerrevisions ControllerRevision ns - - -
      batch/v1 jobs Job ns status - all
      batch/v1 cronjobs CronJob ns status cj all
      networking.k8s.io/v1 ingresses Ingress ns status ing -
      networking.k8s.io/v1 networkpolicies NetworkPolicy ns - netpol -
      networking.k8s.io/v1 ingressclasses IngressClass cluster - - -
      rbac.authorization.k8s.io/v1 roles Role ns - - -
      rbac.authorization.k8s.io/v1 rolebindings RoleBinding ns - - -
      rbac.authorization.k8s.io/v1 clusterroles ClusterRole cluster - - -
      rbac.authorization.k8s.io/v1 clusterrolebindings ClusterRoleBinding cluster - - -
      apiextensions.k8s.io/v1 customresourcedefinitions CustomResourceDefinition cluster status crd,crds -
      coordination.k8s.io/v1 leases Lease ns - - -
      events.k8s.io/v1 events Event ns - ev -
      policy/v1 poddisruptionbudgets PodDisruptionBudget ns status pdb -
      autoscaling/v2 horizontalpodautoscalers HorizontalPodAutoscaler ns status hpa all
      storage.k8s.io/v1 storageclasses StorageClass cluster - sc -
      scheduling.k8s.io/v1 priorityclasses PriorityClass cluster - pc -
      """;

  static List<ResourceType> all() {
    List<ResourceType> out = new ArrayList<>();
    for (String line : TABLE.strip().split("\n")) {
      String[] c = line.strip().split("\\s+");
      String gv = c[0];
      int slash = gv.indexOf('/');
      String group = slash < 0 ? "" : gv.substring(0, slash);
      String version = slash < 0 ? gv : gv.substring(slash + 1);
      out.add(
          new ResourceType(
              group,
              version,
              c[1],
              c[2].toLowerCase(Locale.ROOT),
              c[2],
              c[3].equals("ns"),
              list(c[5]),
              list(c[6]),
              c[4].equals("status"),
              null,
              null));
    }
    return out;
  }

  private static List<String> list(String cell) {
    return cell.equals("-") ? List.of() : Arrays.asList(cell.split(","));
  }
}
