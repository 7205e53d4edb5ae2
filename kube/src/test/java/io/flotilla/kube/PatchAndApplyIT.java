package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PatchAndApplyIT extends KubeTestSupport {

  private static ConfigMap cm(String ns, String name, Map<String, String> data) {
    return configMap(ns, name, null, data);
  }

  private static ConfigMap apply(String ns, String name, String manager, Map<String, String> data) {
    return apply(cm(ns, name, data), manager);
  }

  private static ConfigMap apply(ConfigMap object, String manager) {
    return client
        .configMaps()
        .inNamespace(object.getMetadata().getNamespace())
        .resource(object)
        .fieldManager(manager)
        .serverSideApply();
  }

  private static ConfigMap applyForced(
      String ns, String name, String manager, Map<String, String> data) {
    return client
        .configMaps()
        .inNamespace(ns)
        .resource(cm(ns, name, data))
        .fieldManager(manager)
        .forceConflicts()
        .serverSideApply();
  }

  private static ConfigMap patch(String ns, String name, PatchType type, String body) {
    return client.configMaps().inNamespace(ns).withName(name).patch(PatchContext.of(type), body);
  }

  /**
   * A server-side apply of a Deployment as raw YAML/JSON, by {@code manager} (query suffixes
   * allowed).
   */
  private static int applyDeployment(String ns, String manager, String body) {
    return raw(
            "PATCH",
            "/apis/apps/v1/namespaces/" + ns + "/deployments/lists?fieldManager=" + manager,
            "application/apply-patch+yaml",
            body)
        .statusCode();
  }

  private static List<String> containerNames(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().stream()
        .map(Container::getName)
        .toList();
  }

  @Test
  void jsonPatchAddsReplacesRemovesAndTests() {
    String ns = newNamespace();
    client.configMaps().inNamespace(ns).resource(cm(ns, "j", Map.of("a", "1", "b", "2"))).create();
    ConfigMap patched =
        patch(
            ns,
            "j",
            PatchType.JSON,
            """
                [{"op":"test","path":"/data/a","value":"1"},
                 {"op":"replace","path":"/data/a","value":"one"},
                 {"op":"remove","path":"/data/b"},
                 {"op":"add","path":"/data/c","value":"3"}]
                """);
    assertThat(patched.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "one", "c", "3"));
    assertThatThrownBy(
            () ->
                patch(
                    ns,
                    "j",
                    PatchType.JSON,
                    "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"x\"}]"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }

  @Test
  void mergePatchMergesMapsAndDeletesNulls() {
    String ns = newNamespace();
    client.configMaps().inNamespace(ns).resource(cm(ns, "m", Map.of("a", "1", "b", "2"))).create();
    ConfigMap patched = patch(ns, "m", PatchType.JSON_MERGE, "{\"data\":{\"a\":null,\"c\":\"3\"}}");
    assertThat(patched.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("b", "2", "c", "3"));
  }

  @Test
  void strategicMergePatchMergesContainersByName() {
    String ns = newNamespace();
    Deployment d = CrudIT.deployment(ns, "smp", "nginx:1");
    d.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .add(
            new io.fabric8.kubernetes.api.model.ContainerBuilder()
                .withName("side")
                .withImage("busybox:1")
                .build());
    client.apps().deployments().inNamespace(ns).resource(d).create();
    var smp = client.apps().deployments().inNamespace(ns).withName("smp");
    Deployment patched =
        smp.patch(
            PatchContext.of(PatchType.STRATEGIC_MERGE),
            """
                {"spec":{"template":{"spec":{"containers":[
                  {"name":"main","image":"nginx:2","env":[{"name":"A","value":"1"}]}]}}}}
                """);
    assertThat(containerNames(patched)).containsExactly("main", "side");
    var containers = patched.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers.get(0).getImage()).isEqualTo("nginx:2");
    assertThat(containers.get(0).getEnv()).hasSize(1);
    assertThat(containers.get(1).getImage()).isEqualTo("busybox:1");
    Deployment deleted =
        smp.patch(
            PatchContext.of(PatchType.STRATEGIC_MERGE),
            "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"side\",\"$patch\":\"delete\"}]}}}}");
    assertThat(containerNames(deleted)).containsExactly("main");
  }

  @Test
  void serverSideApplyCreatesThenMergesAndRecordsManagedFields() {
    String ns = newNamespace();
    ConfigMap applied = apply(ns, "ssa", "alice", Map.of("a", "1"));
    assertThat(applied.getData()).containsEntry("a", "1");
    ManagedFieldsEntry entry = applied.getMetadata().getManagedFields().get(0);
    assertThat(entry.getManager()).isEqualTo("alice");
    assertThat(entry.getOperation()).isEqualTo("Apply");
    assertThat(entry.getFieldsType()).isEqualTo("FieldsV1");
    assertThat(entry.getFieldsV1().getAdditionalProperties()).containsKey("f:data");

    ConfigMap second = apply(ns, "ssa", "bob", Map.of("b", "2"));
    assertThat(second.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
    assertThat(second.getMetadata().getManagedFields())
        .extracting("manager")
        .containsExactlyInAnyOrder("alice", "bob");
  }

  @Test
  void reapplyingTheSameObjectIsANoOpThatKeepsTheResourceVersion() {
    String ns = newNamespace();
    ConfigMap first = apply(ns, "same", "alice", Map.of("a", "1"));
    // Managed-field times have second resolution: let the clock move so a bumped time would show.
    String firstTime = first.getMetadata().getManagedFields().get(0).getTime();
    org.awaitility.Awaitility.await()
        .until(
            () ->
                !java.time.Instant.now()
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    .toString()
                    .equals(firstTime));
    ConfigMap again = apply(ns, "same", "alice", Map.of("a", "1"));
    assertThat(again.getMetadata().getResourceVersion())
        .isEqualTo(first.getMetadata().getResourceVersion());
    assertThat(again.getMetadata().getManagedFields().get(0).getTime())
        .isEqualTo(first.getMetadata().getManagedFields().get(0).getTime());

    ConfigMap changed = apply(ns, "same", "alice", Map.of("a", "2"));
    assertThat(changed.getMetadata().getResourceVersion())
        .isNotEqualTo(first.getMetadata().getResourceVersion());
  }

  @Test
  void serverSideApplyWithoutFieldManagerIsRejected() {
    String ns = newNamespace();
    var res =
        raw(
            "PATCH",
            "/api/v1/namespaces/" + ns + "/configmaps/nofm",
            "application/apply-patch+yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nofm\n");
    assertThat(res.statusCode()).isEqualTo(422);
    assertThat(res.body()).contains("fieldManager: Required value: is required for apply patch");
  }

  @Test
  void applyingAFieldAnotherManagerOwnsIsAConflictUnlessForced() {
    String ns = newNamespace();
    apply(ns, "own", "alice", Map.of("k", "alice"));
    KubernetesClientException conflict =
        assertRefused(
            () -> apply(ns, "own", "bob", Map.of("k", "bob")),
            409,
            "Conflict",
            "Apply failed with 1 conflict: conflict with \"alice\" using v1: .data.k");
    assertThat(conflict.getStatus().getDetails().getCauses().get(0).getReason())
        .isEqualTo("FieldManagerConflict");
    // The same value is shared ownership, not a conflict.
    apply(ns, "own", "carol", Map.of("k", "alice"));

    ConfigMap forced = applyForced(ns, "own", "bob", Map.of("k", "bob"));
    assertThat(forced.getData()).containsEntry("k", "bob");
    assertThat(forced.getMetadata().getManagedFields())
        .extracting("manager")
        .containsExactly("bob");
  }

  @Test
  void aFieldAManagerStopsApplyingIsRemovedUnlessSomeoneElseOwnsIt() {
    String ns = newNamespace();
    apply(ns, "rm", "alice", Map.of("a", "1", "b", "2", "c", "3"));
    apply(ns, "rm", "bob", Map.of("c", "3"));
    ConfigMap after = apply(ns, "rm", "alice", Map.of("a", "1"));
    assertThat(after.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "c", "3"));
  }

  @Test
  void anUpdateTakesOwnershipFromTheApplier() {
    String ns = newNamespace();
    apply(ns, "upd", "alice", Map.of("a", "1"));
    client
        .configMaps()
        .inNamespace(ns)
        .withName("upd")
        .edit(c -> new ConfigMapBuilder(c).addToData("a", "edited").build());
    assertThatThrownBy(() -> apply(ns, "upd", "alice", Map.of("a", "2")))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e ->
                assertThat(e.getStatus().getMessage())
                    .contains("conflict with \"fabric8-kubernetes-client\""));
  }

  @Test
  void applyOfKeyedListsMergesByKey() {
    String ns = newNamespace();
    String base =
        """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"lists"},
         "spec":{"selector":{"matchLabels":{"app":"l"}},"template":{"metadata":{"labels":{"app":"l"}},
         "spec":{"containers":[%s]}}}}
        """;
    assertThat(applyDeployment(ns, "one", base.formatted("{\"name\":\"a\",\"image\":\"a:1\"}")))
        .isEqualTo(201);
    assertThat(applyDeployment(ns, "two", base.formatted("{\"name\":\"b\",\"image\":\"b:1\"}")))
        .isEqualTo(200);
    Deployment d = client.apps().deployments().inNamespace(ns).withName("lists").get();
    assertThat(containerNames(d)).containsExactly("a", "b");
    applyDeployment(
        ns,
        "two&force=true",
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"lists\"}}");
    Deployment removed = client.apps().deployments().inNamespace(ns).withName("lists").get();
    assertThat(containerNames(removed)).containsExactly("a");
  }

  @Test
  void applyDryRunStoresNothing() {
    String ns = newNamespace();
    ConfigMap dry =
        client
            .configMaps()
            .inNamespace(ns)
            .resource(cm(ns, "dryapply", Map.of("a", "1")))
            .dryRun()
            .fieldManager("x")
            .serverSideApply();
    assertThat(dry.getData()).containsEntry("a", "1");
    assertThat(client.configMaps().inNamespace(ns).withName("dryapply").get()).isNull();
  }

  @Test
  void applyWithAStaleResourceVersionIsAConflict() {
    String ns = newNamespace();
    ConfigMap first = apply(ns, "rv", "x", Map.of("a", "1"));
    apply(ns, "rv", "x", Map.of("a", "2"));
    ConfigMap stale = cm(ns, "rv", Map.of("a", "3"));
    stale.getMetadata().setResourceVersion(first.getMetadata().getResourceVersion());
    assertThatThrownBy(() -> apply(stale, "x"))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
  }
}
