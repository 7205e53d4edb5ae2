package io.flotilla.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.flotilla.testkit.OpenCrd;
import io.flotilla.testkit.TestKube;
import io.flotilla.testkit.TestObjects;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The resource manager against the embedded Kubernetes API server, over real HTTP. */
class ResourceManagerIT {
  @AutoClose static TestKube kube;
  static KubernetesClient client;
  static final AtomicInteger COUNTER = new AtomicInteger();

  ResourceManager manager;
  String ns;
  Map<String, String> owner;
  ApplyOptions options;

  @BeforeAll
  static void startServer() {
    kube = TestKube.start();
    client = kube.client();
  }

  @BeforeEach
  void freshNamespaceAndOwner() {
    int n = COUNTER.incrementAndGet();
    ns = "it-" + n;
    owner =
        Map.of(
            "kustomize.toolkit.fluxcd.io/name",
            "apps-" + n,
            "kustomize.toolkit.fluxcd.io/namespace",
            "flux-system");
    manager = new ResourceManager(client, "kustomize-controller");
    options =
        ApplyOptions.defaults()
            .withOwnerLabels(owner)
            .withWaitInterval(Duration.ofMillis(100))
            .withWaitTimeout(Duration.ofSeconds(10));
  }

  List<GenericKubernetesResource> manifests(String yaml) {
    return Yaml.objects(yaml.replace("NS", ns));
  }

  String app(String image) {
    return """
        apiVersion: v1
        kind: Namespace
        metadata: {name: NS}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: NS}
        data: {color: blue}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: podinfo, namespace: NS}
        spec:
          replicas: 1
          selector: {matchLabels: {app: podinfo}}
          template:
            metadata: {labels: {app: podinfo}}
            spec:
              containers: [{name: podinfo, image: "IMAGE"}]
        """
        .replace("IMAGE", image);
  }

  String resourceVersion(String group, String version, String kind, String namespace, String name) {
    String apiVersion = group.isEmpty() ? version : group + "/" + version;
    var op = client.genericKubernetesResources(apiVersion, kind);
    GenericKubernetesResource live =
        namespace.isEmpty()
            ? op.withName(name).get()
            : op.inNamespace(namespace).withName(name).get();
    return live == null ? null : live.getMetadata().getResourceVersion();
  }

  @Test
  void createsThenReportsUnchangedWithoutWriting() throws Exception {
    ChangeSet first =
        manager.applyAllStaged(manifests(app("ghcr.io/stefanprodan/podinfo:6.7.0")), options);
    assertThat(first.summary())
        .isEqualTo(
            "Namespace/%1$s created\nConfigMap/%1$s/settings created\nDeployment/%1$s/podinfo created"
                .formatted(ns));
    assertThat(
            client
                .configMaps()
                .inNamespace(ns)
                .withName("settings")
                .get()
                .getMetadata()
                .getLabels())
        .containsAllEntriesOf(owner);

    // the Deployment's controller writes it (revision, status) until its rollout is done
    manager.waitForHealth(first.refs(), Duration.ofSeconds(20), Duration.ofMillis(100));
    String cmVersion = resourceVersion("", "v1", "ConfigMap", ns, "settings");
    String deployVersion = resourceVersion("apps", "v1", "Deployment", ns, "podinfo");

    ChangeSet second =
        manager.applyAllStaged(manifests(app("ghcr.io/stefanprodan/podinfo:6.7.0")), options);
    assertThat(second.entries()).extracting(ChangeSetEntry::action).containsOnly(Action.UNCHANGED);
    assertThat(resourceVersion("", "v1", "ConfigMap", ns, "settings")).isEqualTo(cmVersion);
    assertThat(resourceVersion("apps", "v1", "Deployment", ns, "podinfo")).isEqualTo(deployVersion);
  }

  @Test
  void aChangedObjectIsConfigured() throws Exception {
    manager.applyAllStaged(manifests(app("podinfo:1")), options);
    ChangeSet cs =
        manager.applyAllStaged(
            manifests(app("podinfo:1").replace("color: blue", "color: green")), options);
    assertThat(cs.changes().summary()).isEqualTo("ConfigMap/%s/settings configured".formatted(ns));
    assertThat(client.configMaps().inNamespace(ns).withName("settings").get().getData())
        .containsEntry("color", "green");
  }

  @Test
  void crdAndCustomResourceInOneCall() throws Exception {
    String kind = "Widget" + COUNTER.incrementAndGet();
    String plural = kind.toLowerCase() + "s";
    ChangeSet cs =
        manager.applyAllStaged(
            manifests(
                """
                apiVersion: example.com/v1
                kind: KIND
                metadata: {name: w1, namespace: NS}
                spec: {size: 3}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: NS}
                ---
                """
                        .replace("KIND", kind)
                    + OpenCrd.yaml("example.com", kind, plural)),
            options);
    assertThat(cs.summary())
        .isEqualTo(
            """
            CustomResourceDefinition/%s.example.com created
            Namespace/%s created
            %s/%s/w1 created"""
                .formatted(plural, ns, kind, ns));
    assertThat(
            client
                .genericKubernetesResources("example.com/v1", kind)
                .inNamespace(ns)
                .withName("w1")
                .get())
        .isNotNull();
  }

  @Test
  void pruneDeletesOnlyObjectsStillCarryingTheOwnerLabels() throws Exception {
    manager.applyAllStaged(manifests(app("podinfo:1")), options);
    // Someone else's object, same kind and namespace, without our labels.
    client.configMaps().resource(TestObjects.configMap(ns, "foreign", Map.of())).create();
    List<ObjectRef> stale =
        List.of(
            new ObjectRef("", "v1", "ConfigMap", ns, "settings"),
            new ObjectRef("", "v1", "ConfigMap", ns, "foreign"),
            new ObjectRef("", "v1", "ConfigMap", ns, "never-existed"));
    ChangeSet cs = manager.delete(stale, DeleteOptions.defaults().withRequiredOwnerLabels(owner));
    assertThat(cs.entries())
        .extracting(e -> e.ref().name() + " " + e.action())
        .containsExactlyInAnyOrder("settings deleted", "foreign skipped", "never-existed deleted");
    assertThat(client.configMaps().inNamespace(ns).withName("settings").get()).isNull();
    assertThat(client.configMaps().inNamespace(ns).withName("foreign").get()).isNotNull();

    // Without a label requirement, whatever is there goes.
    ChangeSet all =
        manager.delete(
            List.of(new ObjectRef("", "v1", "ConfigMap", ns, "foreign")), DeleteOptions.defaults());
    assertThat(all.summary()).isEqualTo("ConfigMap/%s/foreign deleted".formatted(ns));
    assertThat(client.configMaps().inNamespace(ns).withName("foreign").get()).isNull();
  }

  @Test
  void forceRecreatesAJobWhoseTemplateChanged() throws Exception {
    String job =
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: NS}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate, namespace: NS}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: migrate, image: "migrate:IMAGE"}]
        """;
    manager.applyAllStaged(manifests(job.replace("IMAGE", "1")), options);
    assertThatThrownBy(() -> manager.applyAllStaged(manifests(job.replace("IMAGE", "2")), options))
        .hasMessageStartingWith("Job/%s/migrate dry-run failed".formatted(ns));
    String uid =
        client.batch().v1().jobs().inNamespace(ns).withName("migrate").get().getMetadata().getUid();

    ChangeSet cs =
        manager.applyAllStaged(manifests(job.replace("IMAGE", "2")), options.withForce(true));
    assertThat(cs.changes().summary()).isEqualTo("Job/%s/migrate created".formatted(ns));
    var recreated = client.batch().v1().jobs().inNamespace(ns).withName("migrate").get();
    assertThat(recreated.getMetadata().getUid()).isNotEqualTo(uid);
    assertThat(recreated.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("migrate:2");
  }

  @Test
  void healthyDeploymentBecomesCurrent() throws Exception {
    ChangeSet cs = manager.applyAllStaged(manifests(app("podinfo:1")), options);
    HealthResult health =
        manager.waitForHealth(cs.refs(), Duration.ofSeconds(20), Duration.ofMillis(100));
    assertThat(health.healthy()).isTrue();
  }

  @Test
  void deploymentThatNeverBecomesReadyTimesOutNamingIt() throws Exception {
    ChangeSet cs = manager.applyAllStaged(manifests(app("podinfo:fail")), options);
    assertThatThrownBy(
            () -> manager.waitForHealth(cs.refs(), Duration.ofSeconds(2), Duration.ofMillis(100)))
        .isInstanceOf(ApplyException.class)
        .hasMessageStartingWith(
            "timeout waiting for: [Deployment/%s/podinfo status: 'InProgress'".formatted(ns))
        .hasMessageContaining("Available: 0/1")
        .hasMessageNotContaining("ConfigMap");
  }
}
