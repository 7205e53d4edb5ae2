package io.flotilla.controllers;

import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.flotilla.api.arm.ObjectStatusDefinition.HelmReleasePropertiesDefinition;
import io.flotilla.api.arm.ObjectStatusDefinition.ObjectReferenceDefinition;
import io.flotilla.api.flux.helm.HelmRelease;
import io.flotilla.api.flux.helm.HelmReleaseSpec.CrossNamespaceObjectReference;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.source.GitRepository;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.testkit.GitFixture;
import io.flotilla.testkit.ReconcileRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A HelmRelease in a configuration's repository annotated {@code
 * clusterconfig.azure.com/use-managed-source: "true"} ends up with its chart taken from the
 * configuration's GitRepository, and keeps that when the Kustomization applies it again from Git;
 * one without the annotation is left as written. There is no helm-controller here, so nothing
 * installs the charts: the test looks at the HelmRelease objects and the configuration's statuses.
 */
class ManagedHelmSourceIT {
  private static final CrossNamespaceObjectReference CONFIG_SOURCE =
      new CrossNamespaceObjectReference(null, "GitRepository", "cfg", "default");
  private static final String RELEASES =
      """
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata:
        name: managed
        namespace: default
        annotations:
          clusterconfig.azure.com/use-managed-source: "true"
      spec:
        interval: 5m
        chart:
          spec:
            chart: ./charts/podinfo
            valuesFiles:
              - ./charts/podinfo/values-prod.yaml
        install:
          remediation:
            retries: 3
        values:
          replicaCount: %d
          ingress:
            enabled: true
      ---
      apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata:
        name: unmanaged
        namespace: default
      spec:
        interval: 5m
        chart:
          spec:
            chart: podinfo
            version: 6.x
            sourceRef:
              kind: HelmRepository
              name: charts
      """;

  @RegisterExtension
  static final RunningControllers cluster =
      RunningControllers.with(
          o ->
              o.withRequeueDependency(Duration.ofSeconds(2))
                  .withMultiTenancy(true)
                  // this test plays helm-controller itself (it writes the releases' status)
                  .withHelmReleases(null));

  static GitFixture repo;

  @BeforeAll
  static void start() {
    repo = cluster.git("repo");
    repo.write(Map.of("apps/releases.yaml", RELEASES.formatted(1)));
    repo.commit("podinfo from this repository, and one from a Helm repository");
    cluster.client().resource(config()).create();
  }

  @Test
  void anAnnotatedHelmReleaseTakesItsChartFromTheConfigurationsGitRepository() {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              HelmRelease managed = release("managed");
              assertThat(managed).isNotNull();
              assertThat(managed.getSpec().chart().spec().sourceRef()).isEqualTo(CONFIG_SOURCE);
            });
    HelmRelease managed = release("managed");
    assertThat(managed.getSpec().chart().spec().chart()).isEqualTo("./charts/podinfo");
    assertThat(managed.getSpec().chart().spec().valuesFiles())
        .containsExactly("./charts/podinfo/values-prod.yaml");
    assertThat(managed.getSpec().install().remediation().retries()).isEqualTo(3L);
    assertThat(managed.getSpec().values().path("ingress").path("enabled").asBoolean()).isTrue();
    assertThat(owners(managed, "spec.chart.spec.sourceRef"))
        .containsExactly("fluxconfig-controller");

    HelmRelease unmanaged = release("unmanaged");
    assertThat(unmanaged.getSpec().chart().spec().sourceRef())
        .isEqualTo(new CrossNamespaceObjectReference(null, "HelmRepository", "charts", null));
    assertThat(unmanaged.getMetadata().getManagedFields())
        .extracting(ManagedFieldsEntry::getManager)
        .doesNotContain("fluxconfig-controller");

    // Every version of the HelmRelease from here on, so a sourceRef dropped and put back between
    // two polls cannot pass unseen.
    List<HelmRelease> seen = new CopyOnWriteArrayList<>();
    try (Watch ignored =
        cluster
            .client()
            .resources(HelmRelease.class)
            .inNamespace("default")
            .withName("managed")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, HelmRelease hr) {
                    seen.add(hr);
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                })) {
      repo.write(Map.of("apps/releases.yaml", RELEASES.formatted(2)));
      String commit = repo.commit("two replicas");
      requestReconcile();

      await()
          .atMost(CONVERGE)
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                Kustomization ks = cluster.get(Kustomization.class, "cfg-apps");
                assertThat(ks.getStatus().lastAppliedRevision()).isEqualTo("main@sha1:" + commit);
                assertThat(release("managed").getSpec().values().path("replicaCount").asInt())
                    .isEqualTo(2);
              });
      List<HelmRelease> reapplied =
          seen.stream()
              .filter(hr -> hr.getSpec().values().path("replicaCount").asInt() == 2)
              .toList();
      assertThat(reapplied).isNotEmpty();
      assertThat(reapplied)
          .allSatisfy(
              hr -> assertThat(hr.getSpec().chart().spec().sourceRef()).isEqualTo(CONFIG_SOURCE));
    }
    assertThat(owners(release("managed"), "spec.values")).containsExactly("kustomize-controller");
    assertThat(release("unmanaged").getSpec().chart().spec().sourceRef().kind())
        .isEqualTo("HelmRepository");
  }

  @Test
  void helmReleasePropertiesComeFromTheHelmReleaseStatus() {
    // the status a helm-controller would write after a third release with one failed upgrade
    await().atMost(CONVERGE).until(() -> release("managed") != null && configStatusHasRelease());
    cluster
        .client()
        .resources(HelmRelease.class)
        .inNamespace("default")
        .withName("managed")
        .editStatus(
            hr -> {
              hr.setStatus(
                  cluster
                      .client()
                      .getKubernetesSerialization()
                      .unmarshal(
                          """
                          {"observedGeneration": %d,
                           "helmChart": "default/default-managed",
                           "failures": 1, "upgradeFailures": 1,
                           "history": [{"name": "managed", "namespace": "default",
                                        "version": 3, "status": "deployed",
                                        "chartName": "podinfo", "chartVersion": "6.5.0"}],
                           "conditions": [{"type": "Ready", "status": "True",
                                           "reason": "UpgradeSucceeded", "message": "ok",
                                           "lastTransitionTime": "2026-01-01T00:00:00Z"}]}
                          """
                              .formatted(hr.getMetadata().getGeneration()),
                          io.flotilla.api.flux.helm.HelmReleaseStatus.class));
              return hr;
            });

    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              var statuses = cluster.get(FluxConfig.class, "cfg").getStatus().statuses();
              var hr =
                  statuses.stream()
                      .filter(s -> "HelmRelease".equals(s.kind()) && "managed".equals(s.name()))
                      .findFirst()
                      .orElseThrow();
              assertThat(hr.appliedBy())
                  .isEqualTo(new ObjectReferenceDefinition("cfg-apps", "default"));
              assertThat(hr.complianceState()).isEqualTo("Compliant");
              assertThat(hr.helmReleaseProperties())
                  .isEqualTo(
                      new HelmReleasePropertiesDefinition(
                          3L,
                          new ObjectReferenceDefinition("default-managed", "default"),
                          1L,
                          null,
                          1L));
            });
  }

  private static boolean configStatusHasRelease() {
    FluxConfig c = cluster.get(FluxConfig.class, "cfg");
    return c != null
        && c.getStatus() != null
        && c.getStatus().statuses() != null
        && c.getStatus().statuses().stream().anyMatch(s -> "HelmRelease".equals(s.kind()));
  }

  private static FluxConfig config() {
    return FluxConfigs.onMainBranch(
        "default",
        "cfg",
        repo.fileUrl(),
        600L,
        60L,
        Map.of("apps", FluxConfigs.pruned("apps", "./apps", 600)));
  }

  private static HelmRelease release(String name) {
    return cluster.get(HelmRelease.class, name);
  }

  /** The field managers whose managed fields include {@code path} (dotted, e.g. spec.values). */
  private static List<String> owners(HelmRelease hr, String path) {
    String[] keys = path.split("\\.");
    return hr.getMetadata().getManagedFields().stream()
        .filter(
            e -> {
              Object node =
                  e.getFieldsV1() == null ? null : e.getFieldsV1().getAdditionalProperties();
              for (String key : keys) {
                if (!(node instanceof Map<?, ?> m)) {
                  return false;
                }
                node = m.get("f:" + key);
              }
              return node != null;
            })
        .map(ManagedFieldsEntry::getManager)
        .toList();
  }

  private static void requestReconcile() {
    ReconcileRequest.send(
        cluster.client().resources(GitRepository.class).inNamespace("default").withName("cfg"),
        String.valueOf(System.nanoTime()));
  }
}
