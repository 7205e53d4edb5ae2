package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrudIT extends KubeTestSupport {

  static ConfigMap configMap(String ns, String name, Map<String, String> labels) {
    return configMap(ns, name, labels, Map.of("key", "value"));
  }

  /** Two ConfigMaps of {@code ns}, from {@code continueToken} (the first two when null). */
  private static ConfigMapList page(String ns, String continueToken) {
    return client
        .configMaps()
        .inNamespace(ns)
        .list(new ListOptionsBuilder().withLimit(2L).withContinue(continueToken).build());
  }

  static Deployment deployment(String ns, String name, String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static ConfigMap create(String ns, String name, Map<String, String> labels) {
    return client.configMaps().inNamespace(ns).resource(configMap(ns, name, labels)).create();
  }

  /** Two ConfigMaps, {@code dependent} owned by {@code owner}, for the garbage collector. */
  private static void createOwnedPair(String ns, String owner, String dependent) {
    ConfigMap created = create(ns, owner, Map.of());
    ConfigMap child = configMap(ns, dependent, Map.of());
    child
        .getMetadata()
        .getOwnerReferences()
        .add(
            new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName(owner)
                .withUid(created.getMetadata().getUid())
                .build());
    client.configMaps().inNamespace(ns).resource(child).create();
  }

  private static void deleteAndAwaitGone(String ns, String name, DeletionPropagation propagation) {
    client.configMaps().inNamespace(ns).withName(name).withPropagationPolicy(propagation).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.configMaps().inNamespace(ns).withName(name).get() == null);
  }

  @Test
  void initialNamespacesExistAndEachNewNamespaceGetsADefaultServiceAccount() {
    assertThat(client.namespaces().list().getItems())
        .extracting(n -> n.getMetadata().getName())
        .contains("default", "kube-system", "kube-public", "kube-node-lease");
    String ns = newNamespace();
    ServiceAccount sa = client.serviceAccounts().inNamespace(ns).withName("default").get();
    assertThat(sa).isNotNull();
    assertThat(client.namespaces().withName(ns).get().getStatus().getPhase()).isEqualTo("Active");
  }

  @Test
  void createSetsServerOwnedMetadata() {
    String ns = newNamespace();
    ConfigMap created = create(ns, "a", Map.of());
    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(created.getMetadata().getCreationTimestamp())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(created.getMetadata().getManagedFields()).hasSize(1);
    assertThat(created.getMetadata().getManagedFields().get(0).getOperation()).isEqualTo("Update");
    ConfigMap got = client.configMaps().inNamespace(ns).withName("a").get();
    assertThat(got.getData()).containsEntry("key", "value");
    assertThat(got.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
  }

  @Test
  void generateNameProducesAUniqueName() {
    String ns = newNamespace();
    ConfigMap cm =
        new ConfigMapBuilder().withNewMetadata().withGenerateName("gen-").endMetadata().build();
    ConfigMap a = client.configMaps().inNamespace(ns).resource(cm).create();
    ConfigMap b = client.configMaps().inNamespace(ns).resource(cm).create();
    assertThat(a.getMetadata().getName()).startsWith("gen-").hasSize(9);
    assertThat(a.getMetadata().getName()).isNotEqualTo(b.getMetadata().getName());
  }

  @Test
  void creatingTwiceIsAlreadyExists() {
    String ns = newNamespace();
    create(ns, "dup", Map.of());
    assertRefused(
        () -> create(ns, "dup", Map.of()),
        409,
        "AlreadyExists",
        "configmaps \"dup\" already exists");
  }

  @Test
  void getOfAMissingObjectIsNotFoundWithTheRealMessage() {
    assertThat(client.configMaps().inNamespace("default").withName("nope").get()).isNull();
    KubernetesClientException e =
        assertRefused(
            () -> client.apps().deployments().inNamespace("default").withName("nope").edit(d -> d),
            404,
            "NotFound",
            "deployments.apps \"nope\" not found");
    assertThat(e.getStatus().getDetails().getGroup()).isEqualTo("apps");
    assertThat(e.getStatus().getDetails().getKind()).isEqualTo("deployments");
  }

  @Test
  void aNamespacedObjectNeedsItsNamespace() {
    assertRefused(
        () ->
            client
                .configMaps()
                .inNamespace("missing-ns")
                .resource(configMap("missing-ns", "x", Map.of()))
                .create(),
        404,
        "NotFound",
        "namespaces \"missing-ns\" not found");
  }

  @Test
  void invalidNamesAreRejected() {
    String ns = newNamespace();
    assertThatThrownBy(() -> create(ns, "Bad_Name", Map.of()))
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
              assertThat(e.getStatus().getMessage())
                  .startsWith("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value");
            });
  }

  @Test
  void updateWithAStaleResourceVersionIsAConflict() {
    String ns = newNamespace();
    ConfigMap created = create(ns, "c", Map.of());
    ConfigMap first = new ConfigMapBuilder(created).addToData("n", "1").build();
    client.configMaps().inNamespace(ns).resource(first).update();
    ConfigMap stale = new ConfigMapBuilder(created).addToData("n", "2").build();
    assertRefused(
        () -> client.configMaps().inNamespace(ns).resource(stale).update(),
        409,
        "Conflict",
        "Operation cannot be fulfilled on configmaps \"c\": the object has been modified;"
            + " please apply your changes to the latest version and try again");
  }

  @Test
  void generationMovesOnlyWhenTheSpecChanges() {
    String ns = newNamespace();
    Deployment d =
        client
            .apps()
            .deployments()
            .inNamespace(ns)
            .resource(deployment(ns, "web", "nginx:1"))
            .create();
    assertThat(d.getMetadata().getGeneration()).isEqualTo(1);
    var web = client.apps().deployments().inNamespace(ns).withName("web");
    // merge patches without a resourceVersion: the simulated Deployment controller writes the
    // object too (its revision annotation), as kube-controller-manager does
    Deployment labelled =
        web.patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}");
    assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1);
    Deployment scaled =
        web.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":3}}");
    assertThat(scaled.getMetadata().getGeneration()).isEqualTo(2);
  }

  @Test
  void anUnchangedUpdateDoesNotWrite() {
    String ns = newNamespace();
    ConfigMap created = create(ns, "same", Map.of());
    ConfigMap again = client.configMaps().inNamespace(ns).resource(created).update();
    assertThat(again.getMetadata().getResourceVersion())
        .isEqualTo(created.getMetadata().getResourceVersion());
  }

  /** A ConfigMap created with {@code finalizer}, then deleted: it stays, being deleted. */
  static void createWithFinalizerThenDelete(String ns, String name, String finalizer) {
    ConfigMap cm = configMap(ns, name, Map.of());
    cm.getMetadata().getFinalizers().add(finalizer);
    client.configMaps().inNamespace(ns).resource(cm).create();
    client.configMaps().inNamespace(ns).withName(name).delete();
  }

  @Test
  void finalizersHoldDeletionUntilTheLastOneIsRemoved() {
    String ns = newNamespace();
    createWithFinalizerThenDelete(ns, "held", "example.com/hold");
    ConfigMap deleting = client.configMaps().inNamespace(ns).withName("held").get();
    assertThat(deleting).isNotNull();
    assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
    client
        .configMaps()
        .inNamespace(ns)
        .withName("held")
        .edit(x -> new ConfigMapBuilder(x).editMetadata().withFinalizers().endMetadata().build());
    assertThat(client.configMaps().inNamespace(ns).withName("held").get()).isNull();
  }

  @Test
  void noNewFinalizersOnADeletingObject() {
    String ns = newNamespace();
    createWithFinalizerThenDelete(ns, "f", "example.com/a");
    assertThatThrownBy(
            () ->
                client
                    .configMaps()
                    .inNamespace(ns)
                    .withName("f")
                    .edit(
                        x ->
                            new ConfigMapBuilder(x)
                                .editMetadata()
                                .addToFinalizers("example.com/b")
                                .endMetadata()
                                .build()))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422));
  }

  @Test
  void labelSelectorsIncludingSetBasedOnes() {
    String ns = newNamespace();
    create(ns, "a", Map.of("app", "a", "tier", "web"));
    create(ns, "b", Map.of("app", "b"));
    create(ns, "c", Map.of("app", "c", "tier", "db"));
    assertThat(names(client.configMaps().inNamespace(ns).withLabelIn("app", "a", "b").list()))
        .containsExactly("a", "b");
    assertThat(names(client.configMaps().inNamespace(ns).withLabelNotIn("app", "a").list()))
        .containsExactly("b", "c");
    assertThat(names(client.configMaps().inNamespace(ns).withLabel("tier").list()))
        .containsExactly("a", "c");
    assertThat(names(client.configMaps().inNamespace(ns).withoutLabel("tier").list()))
        .containsExactly("b");
    assertThat(names(client.configMaps().inNamespace(ns).withLabel("app", "c").list()))
        .containsExactly("c");
    assertThat(names(client.configMaps().inNamespace(ns).withoutLabel("app", "c").list()))
        .containsExactly("a", "b");
    assertThat(
            names(
                client
                    .configMaps()
                    .inNamespace(ns)
                    .withLabelSelector("tier in (web,db),app!=c")
                    .list()))
        .containsExactly("a");
  }

  @Test
  void fieldSelectorsOnNameAndNamespace() {
    String ns = newNamespace();
    create(ns, "a", Map.of());
    create(ns, "b", Map.of());
    assertThat(names(client.configMaps().inNamespace(ns).withField("metadata.name", "b").list()))
        .containsExactly("b");
    assertThat(
            names(client.configMaps().inAnyNamespace().withField("metadata.namespace", ns).list()))
        .containsExactly("a", "b");
    assertThatThrownBy(() -> client.configMaps().inNamespace(ns).withField("data.key", "x").list())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(400));
  }

  @Test
  void listAcrossAllNamespaces() {
    String ns1 = newNamespace();
    String ns2 = newNamespace();
    create(ns1, "x", Map.of("across", "yes"));
    create(ns2, "x", Map.of("across", "yes"));
    assertThat(client.configMaps().inAnyNamespace().withLabel("across", "yes").list().getItems())
        .hasSize(2);
  }

  @Test
  void limitAndContinuePageThroughAList() {
    String ns = newNamespace();
    for (int i = 0; i < 5; i++) {
      create(ns, "p" + i, Map.of());
    }
    ConfigMapList page1 = page(ns, null);
    assertThat(names(page1)).containsExactly("p0", "p1");
    assertThat(page1.getMetadata().getContinue()).isNotBlank();
    assertThat(page1.getMetadata().getRemainingItemCount()).isEqualTo(3);
    ConfigMapList page2 = page(ns, page1.getMetadata().getContinue());
    assertThat(names(page2)).containsExactly("p2", "p3");
    ConfigMapList page3 = page(ns, page2.getMetadata().getContinue());
    assertThat(names(page3)).containsExactly("p4");
    assertThat(page3.getMetadata().getContinue()).isNull();
  }

  @Test
  void dryRunReturnsTheResultButStoresNothing() {
    String ns = newNamespace();
    ConfigMap dry =
        client
            .configMaps()
            .inNamespace(ns)
            .resource(configMap(ns, "dry", Map.of()))
            .dryRun()
            .create();
    assertThat(dry.getMetadata().getName()).isEqualTo("dry");
    assertThat(client.configMaps().inNamespace(ns).withName("dry").get()).isNull();

    ConfigMap real = create(ns, "real", Map.of());
    ConfigMap changed = new ConfigMapBuilder(real).addToData("extra", "1").build();
    assertThat(client.configMaps().inNamespace(ns).resource(changed).dryRun().update().getData())
        .containsKey("extra");
    assertThat(
            client
                .configMaps()
                .inNamespace(ns)
                .withName("real")
                .dryRun()
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"p\":\"1\"}}")
                .getData())
        .containsKey("p");
    client.configMaps().inNamespace(ns).withName("real").dryRun().delete();
    ConfigMap stored = client.configMaps().inNamespace(ns).withName("real").get();
    assertThat(stored.getData()).containsOnlyKeys("key");
    assertThat(stored.getMetadata().getResourceVersion())
        .isEqualTo(real.getMetadata().getResourceVersion());
  }

  @Test
  void deletingANamespaceDeletesItsContents() {
    String ns = newNamespace();
    create(ns, "inside", Map.of());
    client.namespaces().withName(ns).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.namespaces().withName(ns).get() == null);
    assertThat(client.configMaps().inNamespace(ns).withName("inside").get()).isNull();
  }

  @Test
  void ownerDeletionGarbageCollectsDependentsInTheBackground() {
    String ns = newNamespace();
    createOwnedPair(ns, "owner", "dependent");
    client.configMaps().inNamespace(ns).withName("owner").delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.configMaps().inNamespace(ns).withName("dependent").get() == null);
  }

  @Test
  void orphanPropagationKeepsDependents() {
    String ns = newNamespace();
    createOwnedPair(ns, "owner", "kept");
    deleteAndAwaitGone(ns, "owner", DeletionPropagation.ORPHAN);
    ConfigMap kept = client.configMaps().inNamespace(ns).withName("kept").get();
    assertThat(kept).isNotNull();
    assertThat(kept.getMetadata().getOwnerReferences()).isEmpty();
  }

  @Test
  void foregroundDeletionWaitsForDependents() {
    String ns = newNamespace();
    createOwnedPair(ns, "fg", "fg-child");
    deleteAndAwaitGone(ns, "fg", DeletionPropagation.FOREGROUND);
    assertThat(client.configMaps().inNamespace(ns).withName("fg-child").get()).isNull();
  }

  @Test
  void deleteCollectionBySelector() {
    String ns = newNamespace();
    create(ns, "x1", Map.of("batch", "1"));
    create(ns, "x2", Map.of("batch", "1"));
    create(ns, "y", Map.of("batch", "2"));
    client.configMaps().inNamespace(ns).withLabel("batch", "1").delete();
    assertThat(names(client.configMaps().inNamespace(ns).withLabel("batch").list()))
        .containsExactly("y");
  }

  static java.util.List<String> names(
      io.fabric8.kubernetes.api.model.KubernetesResourceList<?> list) {
    return list.getItems().stream()
        .map(i -> ((io.fabric8.kubernetes.api.model.HasMetadata) i).getMetadata().getName())
        .toList();
  }
}
