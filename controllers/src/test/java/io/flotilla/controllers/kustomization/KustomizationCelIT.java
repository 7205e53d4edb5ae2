package io.flotilla.controllers.kustomization;

import static io.flotilla.controllers.KustomizationSpecs.awaitReady;
import static io.flotilla.controllers.KustomizationSpecs.condition;
import static io.flotilla.controllers.KustomizationSpecs.ready;
import static io.flotilla.controllers.RunningControllers.CONVERGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.flotilla.api.flux.kustomize.CustomHealthCheck;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.api.flux.meta.DependencyReference;
import io.flotilla.controllers.ConfigMaps;
import io.flotilla.controllers.KustomizationSpecs;
import io.flotilla.controllers.RunningControllers;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CEL in Kustomizations: healthCheckExprs and dependsOn[].readyExpr, on the embedded API. */
class KustomizationCelIT {
  private static final CustomHealthCheck CM_READY =
      new CustomHealthCheck("v1", "ConfigMap", "data.ready == 'yes'", null, "data.ready == 'no'");

  @RegisterExtension
  static final RunningControllers cluster = RunningControllers.withQuickRetries();

  @BeforeAll
  static void start() {
    cluster.gitSource(
        Map.of(
            "healthy/cm.yaml", ConfigMaps.yaml("cel-healthy", "ready", "'yes'"),
            "failing/cm.yaml", ConfigMaps.yaml("cel-failing", "ready", "'no'"),
            "dep/cm.yaml", ConfigMaps.yaml("cel-dep", "ready", "'yes'"),
            "app/cm.yaml", ConfigMaps.yaml("cel-app", "ready", "'yes'")),
        "10m");
  }

  /**
   * Kustomization of {@code path} in GitRepository repo, waiting for health as {@code check} says.
   */
  private static KustomizationSpecs checkedBy(CustomHealthCheck check, String path) {
    return KustomizationSpecs.of("GitRepository", "repo", path)
        .withWait(true)
        .withHealthCheckExprs(check);
  }

  @Test
  void healthCheckExprsDecideTheHealthOfTheirKind() {
    checkedBy(CM_READY, "./healthy").create(cluster.client(), "cel-healthy");
    awaitReady(
        cluster.client(),
        "cel-healthy",
        ready -> {
          assertThat(ready.status()).isEqualTo("True");
          assertThat(condition(cluster.client(), "cel-healthy", "Healthy"))
              .hasValueSatisfying(
                  c -> assertThat(c.message()).startsWith("Health check passed in "));
        });
  }

  @Test
  void aFailedExpressionFailsTheHealthCheckEarly() {
    checkedBy(CM_READY, "./failing").withTimeout("1m").create(cluster.client(), "cel-failing");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var c = ready(cluster.client(), "cel-failing");
              assertThat(c.reason()).isEqualTo("HealthCheckFailed");
              assertThat(c.message())
                  .contains(
                      "failed early due to stalled resources: [ConfigMap/default/cel-failing"
                          + " status: 'Failed'");
            });
  }

  @Test
  void anInvalidExpressionStallsUntilTheSpecIsFixed() {
    checkedBy(new CustomHealthCheck("v1", "ConfigMap", "true", "foo.", null), "./healthy")
        .create(cluster.client(), "cel-invalid");
    awaitReady(
        cluster.client(),
        "cel-invalid",
        c -> {
          assertThat(c.status()).isEqualTo("False");
          assertThat(c.reason()).isEqualTo("InvalidCELExpression");
          assertThat(c.message())
              .startsWith(
                  "Reconciliation failed terminally due to configuration error: failed to"
                      + " create custom status reader for healthchecks[0]: failed to parse"
                      + " the expression InProgress: failed to parse the CEL expression"
                      + " 'foo.': ERROR: <input>:1:5:");
          assertThat(condition(cluster.client(), "cel-invalid", "Stalled"))
              .hasValueSatisfying(
                  s -> {
                    assertThat(s.status()).isEqualTo("True");
                    assertThat(s.reason()).isEqualTo("InvalidCELExpression");
                  });
          Kustomization ks = KustomizationSpecs.get(cluster.client(), "cel-invalid");
          assertThat(ks.getStatus().observedGeneration())
              .isEqualTo(ks.getMetadata().getGeneration());
        });
    checkedBy(CM_READY, "./healthy").replace(cluster.client(), "cel-invalid");
    awaitReady(
        cluster.client(),
        "cel-invalid",
        c -> {
          assertThat(c.status()).isEqualTo("True");
          assertThat(condition(cluster.client(), "cel-invalid", "Stalled")).isEmpty();
        });
  }

  @Test
  void readyExprReplacesTheBuiltInDependencyCheck() {
    // the dependency never becomes Ready (its health check fails), but readyExpr only asks for
    // an annotation, which it gets later
    checkedBy(CM_READY, "./failing").withTimeout("1m").create(cluster.client(), "cel-dep");
    KustomizationSpecs.of("GitRepository", "repo", "./app")
        .withDependsOn(
            new DependencyReference(
                "cel-dep",
                null,
                "has(dep.metadata.annotations) && 'go' in dep.metadata.annotations"
                    + " && dep.metadata.annotations.go == self.metadata.name"))
        .create(cluster.client(), "cel-app");
    awaitReady(
        cluster.client(),
        "cel-app",
        c -> {
          assertThat(c.reason()).isEqualTo("DependencyNotReady");
          assertThat(c.message())
              .isEqualTo("dependency 'default/cel-dep' is not ready according to readyExpr eval");
        });
    assertThat(cluster.client().configMaps().inNamespace("default").withName("cel-app").get())
        .isNull();
    KustomizationSpecs.resource(cluster.client(), "cel-dep")
        // as kubectl annotate: a merge patch without a resourceVersion, so the controller's own
        // status writes cannot make it fail with 409
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"go\":\"cel-app\"}}}");
    await()
        .atMost(CONVERGE)
        .untilAsserted(
            () -> {
              assertThat(ready(cluster.client(), "cel-app").status()).isEqualTo("True");
              assertThat(ready(cluster.client(), "cel-dep").status()).isEqualTo("False");
            });
  }

  @Test
  void aReadyExprThatDoesNotCompileStalls() {
    KustomizationSpecs.of("GitRepository", "repo", "./app")
        .withDependsOn(new DependencyReference("cel-bad-dep", null, "dep.metadata.name"))
        .create(cluster.client(), "cel-bad-dep");
    awaitReady(
        cluster.client(),
        "cel-bad-dep",
        c -> {
          assertThat(c.reason()).isEqualTo("InvalidCELExpression");
          assertThat(c.message())
              .isEqualTo(
                  "Reconciliation failed terminally due to configuration error: failed to"
                      + " evaluate dependency cel-bad-dep: CEL expression output type"
                      + " mismatch: expected bool, got dyn");
          assertThat(condition(cluster.client(), "cel-bad-dep", "Stalled")).isPresent();
        });
  }
}
