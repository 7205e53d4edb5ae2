package io.flotilla.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObjectRefTest {

  @ParameterizedTest(name = "{0}/{2} {3}/{4} -> {5}")
  @CsvSource({
    "'',v1,Namespace,'',ns1,_ns1__Namespace",
    "'',v1,Service,default,podinfo,default_podinfo__Service",
    "apps,v1,Deployment,apps,podinfo,apps_podinfo_apps_Deployment",
    "rbac.authorization.k8s.io,v1,ClusterRole,'',system:flux,_system__flux_rbac.authorization.k8s.io_ClusterRole",
    "rbac.authorization.k8s.io,v1,RoleBinding,dev,a:b:c,dev_a__b__c_rbac.authorization.k8s.io_RoleBinding",
    "apiextensions.k8s.io,v1,CustomResourceDefinition,'',widgets.example.com,_widgets.example.com_apiextensions.k8s.io_CustomResourceDefinition",
  })
  void inventoryIdsFollowCliUtils(
      String group, String version, String kind, String ns, String name, String id) {
    ObjectRef ref = new ObjectRef(group, version, kind, ns, name);
    assertThat(ref.inventoryId()).isEqualTo(id);
    assertThat(ObjectRef.parseInventoryId(id, version)).isEqualTo(ref);
  }

  @Test
  void colonsAreTranscodedOnlyForRbacKinds() {
    // Other kinds cannot have ':' in their names, so cli-utils leaves them alone.
    assertThat(new ObjectRef("", "v1", "ConfigMap", "ns", "a.b").inventoryId())
        .isEqualTo("ns_a.b__ConfigMap");
  }

  @Test
  void versionTravelsBesideTheId() {
    ObjectRef ref = ObjectRef.parseInventoryId("apps_podinfo_apps_Deployment", "v1");
    assertThat(ref.apiVersion()).isEqualTo("apps/v1");
    assertThat(ObjectRef.parseInventoryId("_ns1__Namespace", "v1").apiVersion()).isEqualTo("v1");
  }

  @Test
  void malformedIdsAreRejectedWithTheExpectedForm() {
    for (String bad : new String[] {"nounderscore", "a_b", "ns_na_me_extra_group_Kind", "__", ""}) {
      assertThatThrownBy(() -> ObjectRef.parseInventoryId(bad, "v1"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("<namespace>_<name>_<group>_<kind>");
    }
  }

  @Test
  void subjectIsKindNamespaceName() {
    assertThat(new ObjectRef("apps", "v1", "Deployment", "apps", "podinfo").subject())
        .isEqualTo("Deployment/apps/podinfo");
    assertThat(new ObjectRef("", "v1", "Namespace", "", "apps").subject())
        .isEqualTo("Namespace/apps");
  }

  @Test
  void refOfAnObjectSplitsApiVersion() {
    var ref =
        ObjectRef.of(
            Yaml.object(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: podinfo, namespace: apps}
                """));
    assertThat(ref).isEqualTo(new ObjectRef("apps", "v1", "Deployment", "apps", "podinfo"));
  }
}
