package io.flotilla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KindOrderTest {
  static ObjectRef ref(String group, String kind, String ns, String name) {
    return new ObjectRef(group, "v1", kind, ns, name);
  }

  @Test
  void sortsByFluxKindOrderThenOthersThenWebhooks() {
    List<ObjectRef> expected =
        List.of(
            ref("apiextensions.k8s.io", "CustomResourceDefinition", "", "widgets.example.com"),
            ref("", "Namespace", "", "apps"),
            ref("storage.k8s.io", "StorageClass", "", "fast"),
            ref("networking.k8s.io", "IngressClass", "", "nginx"),
            ref("", "ResourceQuota", "apps", "quota"),
            ref("", "ServiceAccount", "apps", "podinfo"),
            ref("rbac.authorization.k8s.io", "Role", "apps", "reader"),
            ref("rbac.authorization.k8s.io", "ClusterRole", "", "reader"),
            ref("rbac.authorization.k8s.io", "RoleBinding", "apps", "reader"),
            ref("rbac.authorization.k8s.io", "ClusterRoleBinding", "", "reader"),
            ref("", "ConfigMap", "apps", "a"),
            ref("", "ConfigMap", "apps", "b"),
            ref("", "ConfigMap", "other", "a"),
            ref("", "Secret", "apps", "token"),
            ref("", "Service", "apps", "podinfo"),
            ref("", "LimitRange", "apps", "limits"),
            ref("apps", "Deployment", "apps", "podinfo"),
            ref("apps", "StatefulSet", "apps", "db"),
            ref("batch", "CronJob", "apps", "backup"),
            ref("policy", "PodDisruptionBudget", "apps", "podinfo"),
            // unlisted kinds: by group, then kind
            ref("", "PersistentVolumeClaim", "apps", "data"),
            ref("autoscaling", "HorizontalPodAutoscaler", "apps", "podinfo"),
            ref("example.com", "Widget", "apps", "w"),
            ref("admissionregistration.k8s.io", "MutatingWebhookConfiguration", "", "m"),
            ref("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", "", "v"));
    List<ObjectRef> shuffled = new ArrayList<>(expected);
    Collections.shuffle(shuffled, new java.util.Random(42));
    shuffled.sort(KindOrder.APPLY);
    assertThat(shuffled).containsExactlyElementsOf(expected);
  }

  @ParameterizedTest(name = "{0}/{1} is applied in stage {2}")
  @CsvSource({
    "apiextensions.k8s.io, CustomResourceDefinition, CLUSTER_DEFINITIONS",
    "'', Namespace, CLUSTER_DEFINITIONS",
    "rbac.authorization.k8s.io, ClusterRole, CLUSTER_DEFINITIONS",
    "storage.k8s.io, StorageClass, CLASSES",
    "gateway.networking.k8s.io, GatewayClass, CLASSES",
    "rbac.authorization.k8s.io, ClusterRoleBinding, REST",
    // A kind named Namespace in another group is not a Namespace.
    "example.com, Namespace, REST",
  })
  void stages(String group, String kind, KindOrder.Stage stage) {
    assertThat(KindOrder.stageOf(ref(group, kind, "", "x"))).isEqualTo(stage);
  }
}
