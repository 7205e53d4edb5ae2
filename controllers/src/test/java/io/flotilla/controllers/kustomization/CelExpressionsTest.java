package io.flotilla.controllers.kustomization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flotilla.api.flux.kustomize.CustomHealthCheck;
import io.flotilla.api.flux.kustomize.Kustomization;
import io.flotilla.apply.HealthStatus;
import io.flotilla.apply.ObjectRef;
import io.flotilla.controllers.runtime.CelEnv;
import io.flotilla.controllers.runtime.DependencyCheck;
import io.flotilla.controllers.runtime.ReconcileException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** healthCheckExprs and dependsOn[].readyExpr as Flux evaluates them. */
class CelExpressionsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectRef SEALED =
      new ObjectRef("bitnami.com", "v1alpha1", "SealedSecret", "apps", "db");
  private static final CustomHealthCheck SEALED_CHECK =
      new CustomHealthCheck(
          "bitnami.com/v1alpha1",
          "SealedSecret",
          "status.conditions.filter(e, e.type == 'Synced').all(e, e.status == 'True')",
          "status.conditions.exists(e, e.type == 'Synced' && has(e.reason) && e.reason == 'Pending')",
          "status.conditions.filter(e, e.type == 'Synced').all(e, e.status == 'False')");

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String text) throws Exception {
    return YAML.readValue(text, Map.class);
  }

  private static HealthStatus health(String conditions) throws Exception {
    return HealthExpressions.parse(List.of(SEALED_CHECK))
        .evaluate(
            SEALED,
            yaml(
                """
                apiVersion: bitnami.com/v1alpha1
                kind: SealedSecret
                metadata: {name: db, namespace: apps, generation: 2}
                status:
                  observedGeneration: 2
                  conditions: %s
                """
                    .formatted(conditions)))
        .status();
  }

  @Test
  void expressionsAreTriedInProgressThenFailedThenCurrent() throws Exception {
    assertThat(health("[{type: Synced, status: 'True'}]")).isEqualTo(HealthStatus.CURRENT);
    assertThat(health("[{type: Synced, status: 'False'}]")).isEqualTo(HealthStatus.FAILED);
    assertThat(health("[{type: Synced, status: 'False', reason: Pending}]"))
        .isEqualTo(HealthStatus.IN_PROGRESS);
    assertThat(health("[{type: Synced, status: Unknown}]")).isEqualTo(HealthStatus.IN_PROGRESS);
  }

  @Test
  void aStaleObservedGenerationIsInProgressWhateverTheExpressionsSay() throws Exception {
    var result =
        HealthExpressions.parse(List.of(SEALED_CHECK))
            .evaluate(
                SEALED,
                yaml(
                    """
                    metadata: {name: db, generation: 3}
                    status:
                      observedGeneration: 2
                      conditions: [{type: Synced, status: 'True'}]
                    """));
    assertThat(result.status()).isEqualTo(HealthStatus.IN_PROGRESS);
  }

  @Test
  void anExpressionThatFailsOnTheObjectLeavesItsHealthUnknown() throws Exception {
    var exprs =
        HealthExpressions.parse(
            List.of(new CustomHealthCheck("v1", "ConfigMap", "data.ready == 'yes'", null, null)));
    var cm = new ObjectRef("", "v1", "ConfigMap", "apps", "c");
    assertThat(exprs.covers(cm)).isTrue();
    assertThat(exprs.covers(SEALED)).isFalse();
    var result = exprs.evaluate(cm, yaml("metadata: {name: c}\ndata: {other: x}\n"));
    assertThat(result.status()).isEqualTo(HealthStatus.UNKNOWN);
    assertThat(result.message()).contains("failed to evaluate the CEL expression 'data.ready");
    assertThat(exprs.evaluate(cm, yaml("data: {ready: 'yes'}")).status())
        .isEqualTo(HealthStatus.CURRENT);
  }

  @Test
  void aSyntaxErrorIsReportedWithFluxsWording() {
    assertThatThrownBy(
            () ->
                HealthExpressions.parse(
                    List.of(new CustomHealthCheck("v1", "ConfigMap", "true", "foo.", null))))
        .isInstanceOf(CelEnv.InvalidExpression.class)
        .hasMessageStartingWith(
            "failed to create custom status reader for healthchecks[0]: failed to parse the"
                + " expression InProgress: failed to parse the CEL expression 'foo.': ERROR:"
                + " <input>:1:5:");
  }

  @Test
  void currentIsRequired() {
    assertThatThrownBy(
            () ->
                HealthExpressions.parse(
                    List.of(new CustomHealthCheck("v1", "ConfigMap", "", null, null))))
        .hasMessage(
            "failed to create custom status reader for healthchecks[0]: expression Current not"
                + " specified");
  }

  private static Kustomization named(String name) {
    Kustomization ks = new Kustomization();
    ks.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("apps").build());
    return ks;
  }

  @Test
  void readyExprSeesSelfAndDep() throws Exception {
    Map<String, Object> self = yaml("metadata: {name: app, annotations: {rev: '2'}}");
    Map<String, Object> dep =
        yaml("metadata: {name: infra, annotations: {rev: '2'}}\nstatus: {observedGeneration: 1}");
    String expr =
        "self.metadata.annotations.rev == dep.metadata.annotations.rev"
            + " && dep.status.observedGeneration >= 1";
    assertThat(DependencyCheck.readyByExpression(expr, self, dep, named("infra"))).isTrue();
    assertThat(
            DependencyCheck.readyByExpression(
                expr, yaml("metadata: {annotations: {rev: '3'}}"), dep, named("infra")))
        .isFalse();
  }

  @Test
  void aReadyExprThatIsNotBooleanIsAConfigurationError() {
    assertThatThrownBy(
            () ->
                DependencyCheck.readyByExpression(
                    "dep.metadata.name", Map.of(), Map.of(), named("infra")))
        .isInstanceOfSatisfying(
            ReconcileException.class,
            e -> {
              assertThat(e.terminal()).isTrue();
              assertThat(e.reason()).isEqualTo("InvalidCELExpression");
            })
        .hasMessage(
            "Reconciliation failed terminally due to configuration error: failed to evaluate"
                + " dependency infra: CEL expression output type mismatch: expected bool, got"
                + " dyn");
    assertThatThrownBy(
            () -> DependencyCheck.readyByExpression("other == 1", Map.of(), Map.of(), named("x")))
        .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.terminal()).isTrue())
        .hasMessageContaining("undeclared reference to 'other'");
  }

  @Test
  void aReadyExprThatFailsOnTheDataIsRetried() {
    assertThatThrownBy(
            () ->
                DependencyCheck.readyByExpression(
                    "dep.status.missing == 'x'", Map.of(), Map.of("status", Map.of()), named("x")))
        .isInstanceOfSatisfying(
            ReconcileException.class,
            e -> {
              assertThat(e.terminal()).isFalse();
              assertThat(e.reason()).isEqualTo("DependencyNotReady");
            });
  }
}
