package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/** Without declared users the server refuses nothing, as before authorization existed. */
class OpenModeIT extends KubeTestSupport {

  @Test
  void anyTokenAndAnyImpersonationIsAllowedWhenNoUsersAreDeclared() {
    String ns = newNamespace();
    client
        .configMaps()
        .inNamespace(ns)
        .resource(CrudIT.configMap(ns, "a", java.util.Map.of()))
        .create();
    var config = new io.fabric8.kubernetes.client.ConfigBuilder(client.getConfiguration()).build();
    config.setImpersonateUsername("system:serviceaccount:" + ns + ":nobody");
    try (KubernetesClient nobody =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(nobody.configMaps().inNamespace(ns).list().getItems()).hasSize(1);
      assertThat(nobody.namespaces().list().getItems()).isNotEmpty();
    }
  }

  @Test
  void theDefaultRolesAndBindingsExistAsOnARealCluster() {
    assertThat(client.rbac().clusterRoles().list().getItems())
        .extracting(r -> r.getMetadata().getName())
        .contains("cluster-admin", "admin", "edit", "view", "system:discovery");
    assertThat(client.rbac().clusterRoleBindings().withName("cluster-admin").get().getSubjects())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo("system:masters"));
  }
}
