package io.flotilla.controllers.kustomization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.api.flux.kustomize.KustomizationSpec;
import io.flotilla.api.flux.meta.NamespacedObjectKindReference;
import io.flotilla.apply.ObjectRef;
import io.flotilla.controllers.KustomizationSpecs;
import io.flotilla.controllers.runtime.ReconcileException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KustomizationRulesTest {
  /** The ITs' spec (prune on), with these health check settings, interval and timeout. */
  private static KustomizationSpec spec(
      Boolean wait, List<NamespacedObjectKindReference> checks, String interval, String timeout) {
    return app()
        .withWait(wait)
        .withIntervals(interval, "2s")
        .withTimeout(timeout)
        .with(b -> b.healthChecks = checks)
        .build();
  }

  private static KustomizationSpecs app() {
    return KustomizationSpecs.of("GitRepository", "repo", "./app");
  }

  @ParameterizedTest(name = "{0} with prune={1} deletes: {2}")
  @CsvSource({
    "'',true,true",
    "'',false,false",
    "MirrorPrune,false,false",
    "Delete,false,true",
    "WaitForTermination,false,true",
    "Orphan,true,false"
  })
  void deletionPolicyDecidesWhatDeletionRemoves(String policy, boolean prune, boolean deletes)
      throws Exception {
    assertThat(DeletionPolicy.parse(policy).deletes(prune)).isEqualTo(deletes);
  }

  @Test
  void anUnknownDeletionPolicyIsTerminal() {
    assertThatThrownBy(() -> DeletionPolicy.parse("Never"))
        .isInstanceOfSatisfying(ReconcileException.class, e -> assertThat(e.terminal()).isTrue())
        .hasMessageContaining(
            "supported values: \"MirrorPrune\", \"Delete\", \"WaitForTermination\", \"Orphan\"");
  }

  @Test
  void waitChecksEverythingAppliedAndIgnoresHealthChecks() {
    List<ObjectRef> applied = List.of(new ObjectRef("", "v1", "ConfigMap", "ns", "a"));
    var checks = List.of(new NamespacedObjectKindReference("apps/v1", "Deployment", "web", null));
    assertThat(RevisionApply.healthChecked(spec(true, checks, "1m", null), applied, "ns"))
        .isEqualTo(applied);
    // unset is false, as in Flux: only the listed checks
    assertThat(RevisionApply.healthChecked(spec(null, checks, "1m", null), applied, "ns"))
        .containsExactly(new ObjectRef("apps", "v1", "Deployment", "ns", "web"));
  }

  @Test
  void withoutWaitOnlyTheListedHealthChecksCountInTheirOwnNamespaceByDefault() {
    var checks =
        List.of(
            new NamespacedObjectKindReference("apps/v1", "Deployment", "web", null),
            new NamespacedObjectKindReference("v1", "Service", "svc", "other"));
    assertThat(RevisionApply.healthChecked(spec(false, checks, "1m", null), List.of(), "ns"))
        .containsExactly(
            new ObjectRef("apps", "v1", "Deployment", "ns", "web"),
            new ObjectRef("", "v1", "Service", "other", "svc"));
    assertThat(RevisionApply.healthChecked(spec(false, null, "1m", null), List.of(), "ns"))
        .isEmpty();
  }

  @Test
  void theKustomizePassthroughBecomesTopLevelKustomizationFields() {
    var spec =
        app()
            .withWait(true)
            .withIntervals("1m", "2s")
            .with(
                b -> {
                  b.targetNamespace = "team-a";
                  b.namePrefix = "dev-";
                  b.nameSuffix = "-v2";
                  b.commonMetadata =
                      new KustomizationSpec.CommonMetadata(
                          java.util.Map.of("team", "a"), java.util.Map.of("owner", "ops"));
                  b.patches =
                      List.of(
                          new KustomizationSpec.Patch(
                              "- op: replace\n  path: /spec/replicas\n  value: 2",
                              new KustomizationSpec.Selector(
                                  null, null, "Deployment", "web", null, null, null)));
                  b.images = List.of(new KustomizationSpec.Image("nginx", null, "1.27", null));
                  b.components = List.of("../components/tls");
                })
            .build();
    assertThat(ManifestBuilder.topLevelFields(spec).toString())
        .isEqualTo(
            "{\"namespace\":\"team-a\",\"namePrefix\":\"dev-\",\"nameSuffix\":\"-v2\","
                + "\"patches\":[{\"patch\":\"- op: replace\\n  path: /spec/replicas\\n  value: 2\","
                + "\"target\":{\"kind\":\"Deployment\",\"name\":\"web\"}}],"
                + "\"images\":[{\"name\":\"nginx\",\"newTag\":\"1.27\"}],"
                + "\"components\":[\"../components/tls\"],"
                + "\"labels\":[{\"pairs\":{\"team\":\"a\"}}],\"commonAnnotations\":{\"owner\":\"ops\"}}");
    assertThat(ManifestBuilder.topLevelFields(spec(true, null, "1m", null)).isEmpty()).isTrue();
  }

  @ParameterizedTest(name = "interval {0}, timeout {1} -> {2}s")
  @CsvSource({"10m,,570", "45s,,30", "10m,2m,120"})
  void timeoutDefaultsToIntervalMinusThirtySecondsButAtLeastThirty(
      String interval, String timeout, long seconds) {
    assertThat(KustomizationReconciler.timeout(spec(true, null, interval, timeout)))
        .isEqualTo(Duration.ofSeconds(seconds));
  }
}
