package io.flotilla.controllers;

import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.kustomize.KustomizationSpec;
import io.flotilla.api.flux.meta.Condition;
import io.flotilla.api.flux.meta.NamespacedObjectKindReference;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Kustomization v1 fields beyond the tutorial: healthChecks, deletionPolicy. */
class KustomizationIT {

  @RegisterExtension static final RunningControllers cluster = RunningControllers.forFluxConfigs();

  @BeforeAll
  static void start() {
    cluster.gitSource(
        Map.of(
            "broken/deploy.yaml",
            deployment("stuck", "nginx:fail"),
            "fine/cm.yaml",
            ConfigMaps.yaml("kept")),
        "1m");
  }

  static String deployment(String name, String image) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: %s, namespace: default}
        spec:
          replicas: 1
          selector: {matchLabels: {app: %s}}
          template:
            metadata: {labels: {app: %s}}
            spec: {containers: [{name: main, image: "%s"}]}
        """
        .formatted(name, name, name, image);
  }

  private static void create(
      String name,
      String path,
      boolean wait,
      List<NamespacedObjectKindReference> healthChecks,
      String deletionPolicy) {
    spec(null, path, wait)
        .with(
            b -> {
              b.deletionPolicy = deletionPolicy;
              b.healthChecks = healthChecks;
            })
        .create(cluster.client(), name);
  }

  /** From GitRepository {@code repo}, checked every minute, health checks time out after 5s. */
  private static KustomizationSpecs spec(String sourceNamespace, String path, boolean wait) {
    return KustomizationSpecs.ofGitRepository("repo", sourceNamespace, path)
        .withIntervals("1m", "2s")
        .withWait(wait);
  }

  private static Kustomization get(String namespace, String name) {
    return KustomizationSpecs.get(cluster.client(), namespace, name);
  }

  /** The Stalled condition of {@code namespace/name} has {@code check}, eventually. */
  private static void awaitStalled(String namespace, String name, Consumer<Condition> check) {
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              Kustomization ks = get(namespace, name);
              assertThat(ks.getStatus()).isNotNull();
              assertThat(ks.getStatus().conditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.type()).isEqualTo("Stalled");
                        check.accept(c);
                      });
            });
  }

  private static Condition ready(String name) {
    return KustomizationSpecs.ready(cluster.client(), name);
  }

  @Test
  void healthChecksAreHonouredWhenWaitIsOff() {
    create(
        "checked",
        "./broken",
        false,
        List.of(new NamespacedObjectKindReference("apps/v1", "Deployment", "stuck", "default")),
        null);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              Condition c = ready("checked");
              assertThat(c.status()).isEqualTo("False");
              assertThat(c.reason()).isEqualTo("HealthCheckFailed");
              assertThat(c.message())
                  .startsWith("Health check failed after 5s")
                  .contains("Deployment/default/stuck");
            });
  }

  @Test
  void withoutWaitOrHealthChecksAnUnhealthyObjectStillCountsAsApplied() {
    create("unchecked", "./broken", false, null, null);
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(ready("unchecked").status()).isEqualTo("True");
              assertThat(ready("unchecked").message()).startsWith("Applied revision: main@sha1:");
            });
  }

  @Test
  void orphanLeavesTheAppliedObjectsBehindOnDelete() {
    create("orphaning", "./fine", true, null, "Orphan");
    await()
        .atMost(CONVERGE)
        .untilAsserted(() -> assertThat(ready("orphaning").status()).isEqualTo("True"));
    KustomizationSpecs.resource(cluster.client(), "orphaning").delete();
    await().atMost(CONVERGE).until(() -> get("default", "orphaning") == null);
    assertThat(cluster.client().configMaps().inNamespace("default").withName("kept").get())
        .isNotNull();
  }

  @Test
  void aSourceInAnotherNamespaceIsRefusedWhenMultiTenancyIsEnforced() {
    spec("default", "./fine", true).create(cluster.client(), "kube-public", "cross");
    awaitStalled(
        "kube-public",
        "cross",
        c -> {
          assertThat(c.reason()).isEqualTo("AccessDenied");
          assertThat(c.message())
              .isEqualTo(
                  "can't access 'GitRepository/default/repo', cross-namespace references have been blocked");
        });
  }

  @Test
  void targetNamespacePrefixAndCommonMetadataShapeWhatIsApplied() {
    spec(null, "./fine", true)
        .with(
            b -> {
              b.targetNamespace = "kube-public";
              b.namePrefix = "dev-";
              b.commonMetadata =
                  new KustomizationSpec.CommonMetadata(Map.of("team", "a"), Map.of("owner", "ops"));
            })
        .create(cluster.client(), "shaped");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              var cm =
                  cluster
                      .client()
                      .configMaps()
                      .inNamespace("kube-public")
                      .withName("dev-kept")
                      .get();
              assertThat(cm).isNotNull();
              assertThat(cm.getMetadata().getLabels()).containsEntry("team", "a");
              assertThat(cm.getMetadata().getAnnotations()).containsEntry("owner", "ops");
            });
  }

  @Test
  void anUnknownDeletionPolicyStallsWithTheApiMessage() {
    create("bad-policy", "./fine", true, null, "Sometimes");
    awaitStalled(
        "default",
        "bad-policy",
        c ->
            assertThat(c.message())
                .contains("spec.deletionPolicy: Unsupported value: \"Sometimes\""));
  }
}
