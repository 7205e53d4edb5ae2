package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomResourceIT extends KubeTestSupport {

  static CustomResourceDefinition crd(String group, String plural, String kind, String scope) {
    String yaml =
        CrdYaml.crd(group, kind, plural)
            .shortNames(kind.toLowerCase() + "x")
            .scope(scope)
            .storedVersion(
                "v1",
                """
                type: object
                properties:
                  spec:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                  status:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                """,
                CrdYaml.STATUS)
            .yaml();
    return Serialization.unmarshal(yaml, CustomResourceDefinition.class);
  }

  static ResourceDefinitionContext context(
      String group, String plural, String kind, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion("v1")
        .withPlural(plural)
        .withKind(kind)
        .withNamespaced(namespaced)
        .build();
  }

  static GenericKubernetesResource widget(String group, String kind, String ns, String name) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(group + "/v1")
        .withKind(kind)
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withAdditionalProperties(Map.of("spec", Map.of("size", 1)))
        .build();
  }

  /**
   * Creates the CRD of {@code kind} (served as v1) through {@code c}; how to address its objects.
   */
  static ResourceDefinitionContext install(
      KubernetesClient c, String group, String plural, String kind, boolean namespaced) {
    c.apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(crd(group, plural, kind, namespaced ? "Namespaced" : "Cluster"))
        .create();
    return context(group, plural, kind, namespaced);
  }

  /** Creates a {@link #widget} of {@code ctx}'s kind in {@code ns} through {@code c}. */
  static GenericKubernetesResource createWidget(
      KubernetesClient c, ResourceDefinitionContext ctx, String ns, String name) {
    return c.genericKubernetesResources(ctx)
        .inNamespace(ns)
        .resource(widget(ctx.getGroup(), ctx.getKind(), ns, name))
        .create();
  }

  @Test
  void aCreatedCrdIsEstablishedAndServed() {
    CustomResourceDefinition created =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .resource(crd("a.example.com", "widgets", "Widget", "Namespaced"))
            .create();
    assertThat(created.getMetadata().getFinalizers())
        .contains("customresourcecleanup.apiextensions.k8s.io");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              CustomResourceDefinition c =
                  client
                      .apiextensions()
                      .v1()
                      .customResourceDefinitions()
                      .withName("widgets.a.example.com")
                      .get();
              assertThat(c.getStatus().getConditions())
                  .anySatisfy(
                      cond -> {
                        assertThat(cond.getType()).isEqualTo("Established");
                        assertThat(cond.getStatus()).isEqualTo("True");
                      });
              assertThat(c.getStatus().getAcceptedNames().getKind()).isEqualTo("Widget");
            });
    assertThat(client.getApiGroup("a.example.com")).isNotNull();
    var resources = client.getApiResources("a.example.com/v1").getResources();
    assertThat(resources).extracting("name").contains("widgets", "widgets/status");

    String ns = newNamespace();
    GenericKubernetesResource w =
        client.resource(widget("a.example.com", "Widget", ns, "w1")).create();
    assertThat(w.getMetadata().getGeneration()).isEqualTo(1);
    assertThat(
            client
                .genericKubernetesResources("a.example.com/v1", "Widget")
                .inNamespace(ns)
                .list()
                .getItems())
        .hasSize(1);
  }

  @Test
  void clusterScopedCustomResources() {
    var ctx = install(client, "c.example.com", "clusterthings", "ClusterThing", false);
    client
        .genericKubernetesResources(ctx)
        .resource(widget("c.example.com", "ClusterThing", null, "one"))
        .create();
    assertThat(
            client
                .genericKubernetesResources(ctx)
                .withName("one")
                .get()
                .getMetadata()
                .getNamespace())
        .isNull();
  }

  @Test
  void statusSubresourceChangesOnlyStatus() {
    var ctx = install(client, "s.example.com", "gizmos", "Gizmo", true);
    String ns = newNamespace();
    GenericKubernetesResource g = widget("s.example.com", "Gizmo", ns, "g");
    g.setAdditionalProperty("status", Map.of("ignored", true));
    var gizmos = client.genericKubernetesResources(ctx).inNamespace(ns);
    GenericKubernetesResource created = gizmos.resource(g).create();
    assertThat(created.getAdditionalProperties()).doesNotContainKey("status");

    GenericKubernetesResource afterStatus = storedG(gizmos, true, 99).updateStatus();
    assertThat(afterStatus.get("status", "ready").toString()).isEqualTo("true");
    assertThat(afterStatus.get("spec", "size").toString()).isEqualTo("1");
    assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(1);

    GenericKubernetesResource afterMain = storedG(gizmos, false, 2).update();
    assertThat(afterMain.get("status", "ready").toString()).isEqualTo("true");
    assertThat(afterMain.getMetadata().getGeneration()).isEqualTo(2);

    GenericKubernetesResource patched =
        gizmos
            .withName("g")
            .editStatus(
                x -> {
                  x.setAdditionalProperty("status", Map.of("ready", false, "phase", "Done"));
                  return x;
                });
    assertThat(patched.get("status", "phase").toString()).isEqualTo("Done");
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(2);
  }

  /** Gizmo g as stored, given {@code status.ready} and {@code spec.size}, to be written back. */
  private static Resource<GenericKubernetesResource> storedG(
      NonNamespaceOperation<
              GenericKubernetesResource,
              GenericKubernetesResourceList,
              Resource<GenericKubernetesResource>>
          gizmos,
      boolean ready,
      int size) {
    GenericKubernetesResource g = gizmos.withName("g").get();
    g.setAdditionalProperty("status", Map.of("ready", ready));
    g.setAdditionalProperty("spec", Map.of("size", size));
    return gizmos.resource(g);
  }

  @Test
  void objectsOfAnUnregisteredKindAreNotFound() {
    var ctx = context("none.example.com", "ghosts", "Ghost", true);
    assertThatThrownBy(
            () ->
                client
                    .genericKubernetesResources(ctx)
                    .inNamespace("default")
                    .resource(widget("none.example.com", "Ghost", "default", "g"))
                    .create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    assertThat(
            raw("GET", "/apis/none.example.com/v1/namespaces/default/ghosts", null, null)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void deletingACrdDeletesItsObjectsAndStopsServingIt() {
    var ctx = install(client, "d.example.com", "doomeds", "Doomed", true);
    String ns = newNamespace();
    createWidget(client, ctx, ns, "x");
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName("doomeds.d.example.com")
        .delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                client
                        .apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("doomeds.d.example.com")
                        .get()
                    == null);
    assertThat(
            raw("GET", "/apis/d.example.com/v1/namespaces/" + ns + "/doomeds", null, null)
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void aCrdWhoseNameDoesNotMatchIsInvalid() {
    CustomResourceDefinition bad = crd("b.example.com", "things", "Thing", "Namespaced");
    bad.getMetadata().setName("wrong.b.example.com");
    assertThatThrownBy(
            () -> client.apiextensions().v1().customResourceDefinitions().resource(bad).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getMessage())
                  .contains("must be spec.names.plural+\".\"+spec.group");
            });
  }

  @Test
  void customResourcesRejectStrategicMergePatch() {
    var ctx = install(client, "p.example.com", "patchables", "Patchable", true);
    String ns = newNamespace();
    createWidget(client, ctx, ns, "p");
    String path = "/apis/p.example.com/v1/namespaces/" + ns + "/patchables/p";
    String sizeTwo = "{\"spec\":{\"size\":2}}";
    var res = raw("PATCH", path, "application/strategic-merge-patch+json", sizeTwo);
    assertThat(res.statusCode()).isEqualTo(415);
    var merge = raw("PATCH", path, "application/merge-patch+json", sizeTwo);
    assertThat(merge.statusCode()).isEqualTo(200);
    assertThat(merge.body()).contains("\"size\":2");
  }
}
