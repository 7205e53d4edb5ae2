package io.flotilla.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.testkit.OpenCrd;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The apply and prune pipelines against an in-memory cluster (the ITs use a real API server). */
class ResourceManagerTest extends FakeClusterTestSupport {

  static final String MANIFESTS =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: podinfo, namespace: apps}
      spec: {replicas: 1}
      ---
      """
          + SETTINGS_YAML
          + """
          ---
          apiVersion: v1
          kind: Namespace
          metadata: {name: apps}
          """;

  /** What {@code kubectl edit} leaves: an Update by another manager, and a new resourceVersion. */
  private void editWithKubectl(ObjectRef ref) {
    var edited = cluster.live(ref);
    edited
        .getMetadata()
        .setManagedFields(
            List.of(
                new io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder()
                    .withManager("kubectl-edit")
                    .withOperation("Update")
                    .build()));
    cluster.put(edited);
  }

  @Test
  void firstApplyCreatesInStagesAndFluxOrder() throws Exception {
    ChangeSet cs = apply(MANIFESTS);
    assertThat(cs.summary())
        .isEqualTo(
            """
            Namespace/apps created
            ConfigMap/apps/settings created
            Deployment/apps/podinfo created""");
    assertThat(cluster.writes)
        .containsExactly("Namespace/apps", "ConfigMap/apps/settings", "Deployment/apps/podinfo");
  }

  @Test
  void ownerLabelsAreSetOnEveryObjectButNotOnTheCallersCopy() throws Exception {
    var objects = Yaml.objects(MANIFESTS);
    manager.applyAllStaged(objects, options);
    assertThat(
            cluster
                .live(new ObjectRef("", "v1", "ConfigMap", "apps", "settings"))
                .getMetadata()
                .getLabels())
        .containsAllEntriesOf(OWNER);
    assertThat(objects.get(1).getMetadata().getLabels()).isNullOrEmpty();
  }

  @Test
  void secondIdenticalApplyWritesNothing() throws Exception {
    apply(MANIFESTS);
    cluster.writes.clear();
    ChangeSet cs = apply(MANIFESTS);
    assertThat(cs.entries()).extracting(ChangeSetEntry::action).containsOnly(Action.UNCHANGED);
    assertThat(cs.changed()).isFalse();
    assertThat(cluster.writes).isEmpty();
  }

  @Test
  void objectsEditedWithKubectlAreCleanedUpAndReapplied() throws Exception {
    apply(MANIFESTS);
    editWithKubectl(new ObjectRef("", "v1", "ConfigMap", "apps", "settings"));

    ChangeSet cs = apply(MANIFESTS);
    assertThat(cs.changes().summary()).isEqualTo("ConfigMap/apps/settings configured");
    assertThat(cluster.patches).singleElement().asString().startsWith("ConfigMap/apps/settings");
  }

  @Test
  void ssaMergeKeepsOtherManagersFields() throws Exception {
    String merged =
        MANIFESTS.replace(
            "metadata: {name: settings, namespace: apps}",
            "metadata: {name: settings, namespace: apps, annotations: {kustomize.toolkit.fluxcd.io/ssa: Merge}}");
    apply(merged);
    editWithKubectl(new ObjectRef("", "v1", "ConfigMap", "apps", "settings"));

    ChangeSet cs = apply(merged);
    assertThat(cs.changed()).isFalse();
    assertThat(cluster.patches).isEmpty();
  }

  @Test
  void crdAndItsCustomResourceInOneCall() throws Exception {
    ChangeSet cs =
        apply(
            """
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w1, namespace: apps}
                spec: {size: 3}
                ---
                """
                + OpenCrd.yaml("example.com", "Widget", "widgets"));
    assertThat(cs.summary())
        .isEqualTo("CustomResourceDefinition/widgets.example.com created\nWidget/apps/w1 created");
    assertThat(cluster.discoveryRefreshes).isEqualTo(1);
  }

  @Test
  void anUnknownKindFailsNamingTheObject() {
    assertThatThrownBy(
            () ->
                apply(
                    MANIFESTS
                        + "---\napiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g, namespace: apps}\n"))
        .isInstanceOfSatisfying(
            ApplyException.class,
            e -> {
              assertThat(e)
                  .hasMessage(
                      "Gadget/apps/g dry-run failed: no matches for kind \"Gadget\" in version \"example.com/v1\"");
              // the namespace stage went through before the failure
              assertThat(e.partial().summary()).isEqualTo("Namespace/apps created");
            });
  }

  @Test
  void aRejectedObjectStopsTheApplyWithTheServersMessage() throws Exception {
    apply(MANIFESTS);
    cluster.dryRunErrors.put(
        "ConfigMap/apps/settings",
        o -> FakeCluster.invalid("data.color: Invalid value: \"green\""));
    assertThatThrownBy(() -> apply(MANIFESTS.replace("color: blue", "color: green")))
        .isInstanceOf(ApplyException.class)
        .hasMessage(
            "ConfigMap/apps/settings dry-run failed (Invalid): data.color: Invalid value: \"green\"");
  }

  @Test
  void rejectedSecretValuesAreMaskedInTheMessage() throws Exception {
    String secret =
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: token, namespace: apps}
        stringData: {token: "s3cr3t"}
        """;
    apply(secret);
    cluster.dryRunErrors.put(
        "Secret/apps/token",
        o -> FakeCluster.invalid("data[token]: Invalid value: \"hunter2\": must be base64"));
    assertThatThrownBy(() -> apply(secret.replace("s3cr3t", "hunter2")))
        .hasMessage(
            "Secret/apps/token dry-run failed (Invalid): data[token]: Invalid value: \"*****\": must be base64");
  }

  @Test
  void forceRecreatesOnImmutableFieldErrors() throws Exception {
    String job =
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate, namespace: apps}
        spec: {template: {spec: {containers: [{name: m, image: "migrate:1"}]}}}
        """;
    apply(job);
    cluster.dryRunErrors.put(
        "Job/apps/migrate",
        o ->
            FakeCluster.invalid(
                "Job.batch \"migrate\" is invalid: spec.template: field is immutable"));
    String changed = job.replace("migrate:1", "migrate:2");

    assertThatThrownBy(() -> apply(changed)).hasMessageContaining("field is immutable");

    ChangeSet cs = manager.applyAllStaged(Yaml.objects(changed), options.withForce(true));
    assertThat(cs.summary()).isEqualTo("Job/apps/migrate created");
    assertThat(cluster.deletes).containsExactly("Job/apps/migrate Background");
  }

  @Test
  void perObjectForceAnnotation() throws Exception {
    String svc =
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: apps
          annotations: {kustomize.toolkit.fluxcd.io/force: Enabled}
        spec: {clusterIP: 10.0.0.1}
        """;
    apply(svc);
    cluster.dryRunErrors.put(
        "Service/apps/web",
        o -> FakeCluster.invalid("spec.clusterIP: Invalid value: field is immutable"));
    ChangeSet cs = apply(svc.replace("10.0.0.1", "10.0.0.2"));
    assertThat(cs.summary()).isEqualTo("Service/apps/web created");
  }

  @Test
  void reconcileDisabledAndSsaIgnoreAreSkipped() throws Exception {
    ChangeSet cs =
        apply(
            """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: a
                  namespace: apps
                  annotations: {kustomize.toolkit.fluxcd.io/reconcile: disabled}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: b
                  namespace: apps
                  annotations: {kustomize.toolkit.fluxcd.io/ssa: Ignore}
                """);
    assertThat(cs.summary()).isEqualTo("ConfigMap/apps/a skipped\nConfigMap/apps/b skipped");
    assertThat(cluster.writes).isEmpty();
  }

  @Test
  void ifNotPresentCreatesButNeverUpdates() throws Exception {
    String cm =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: seed
          namespace: apps
          annotations: {kustomize.toolkit.fluxcd.io/ssa: IfNotPresent}
        data: {v: "1"}
        """;
    assertThat(apply(cm).summary()).isEqualTo("ConfigMap/apps/seed created");
    assertThat(apply(cm.replace("\"1\"", "\"2\"")).summary())
        .isEqualTo("ConfigMap/apps/seed skipped");
  }

  @Test
  void namespacedObjectsNeedANamespace() {
    assertThatThrownBy(() -> apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"))
        .hasMessage(
            "ConfigMap/a namespace not specified: ConfigMap is namespaced, set metadata.namespace");
  }

  @Test
  void objectsWithoutNameOrKindAreRejected() {
    assertThatThrownBy(() -> apply("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n"))
        .hasMessage("object #1 (ConfigMap) has no metadata.name; set metadata.name");
    assertThatThrownBy(() -> apply("kind: ConfigMap\nmetadata: {name: a}\n"))
        .hasMessage("object #1 has no apiVersion; set apiVersion, e.g. v1");
  }

  @Test
  void pruneDeletesOnlyOwnedObjectsInReverseOrder() throws Exception {
    apply(MANIFESTS);
    cluster.put(
        Yaml.object(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: foreign, namespace: apps, labels: {app: x}}\n"));
    List<ObjectRef> stale =
        List.of(
            new ObjectRef("", "v1", "Namespace", "", "apps"),
            new ObjectRef("", "v1", "ConfigMap", "apps", "foreign"),
            new ObjectRef("apps", "v1", "Deployment", "apps", "podinfo"),
            new ObjectRef("", "v1", "ConfigMap", "apps", "gone"));
    ChangeSet cs = manager.delete(stale, DeleteOptions.defaults().withRequiredOwnerLabels(OWNER));
    assertThat(cs.summary())
        .isEqualTo(
            """
            Deployment/apps/podinfo deleted
            ConfigMap/apps/gone deleted
            ConfigMap/apps/foreign skipped
            Namespace/apps deleted""");
    assertThat(cluster.deletes)
        .containsExactly("Deployment/apps/podinfo Background", "Namespace/apps Background");
  }

  @Test
  void pruneRespectsThePruneDisabledAnnotation() throws Exception {
    apply(
        """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: keep
              namespace: apps
              annotations: {kustomize.toolkit.fluxcd.io/prune: disabled}
            """);
    ChangeSet cs =
        manager.delete(
            List.of(new ObjectRef("", "v1", "ConfigMap", "apps", "keep")),
            DeleteOptions.defaults().withRequiredOwnerLabels(OWNER));
    assertThat(cs.summary()).isEqualTo("ConfigMap/apps/keep skipped");
    assertThat(cluster.deletes).isEmpty();
  }

  @Test
  void withoutRequiredLabelsPruneDeletesWhateverIsThere() throws Exception {
    cluster.put(
        Yaml.object("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: any, namespace: apps}\n"));
    ChangeSet cs =
        manager.delete(
            List.of(new ObjectRef("", "v1", "ConfigMap", "apps", "any")), DeleteOptions.defaults());
    assertThat(cs.summary()).isEqualTo("ConfigMap/apps/any deleted");
  }

  @Test
  void optionsValidateTheirInput() {
    assertThatThrownBy(() -> DeleteOptions.defaults().withPropagation("Later"))
        .hasMessageContaining("Background, Foreground, Orphan");
    assertThatThrownBy(() -> ApplyOptions.defaults().withWaitInterval(java.time.Duration.ZERO))
        .hasMessageContaining("waitInterval must be positive");
  }
}
