package io.flotilla.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestsTest {
  static final String RENDERED =
      """
      ---
      # Source: app/templates/cm.yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: a
      data: {k: v}
      ---
      # Source: app/templates/empty.yaml
      ---
      # Source: app/templates/hooks.yaml
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: z-last
        annotations:
          helm.sh/hook: pre-install, pre-upgrade
          helm.sh/hook-weight: "1"
          helm.sh/hook-delete-policy: hook-succeeded,hook-failed
      ---
      # Source: app/templates/hooks.yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: b-second
        annotations:
          helm.sh/hook: pre-install
          helm.sh/hook-weight: "-2"
      ---
      # Source: app/templates/hooks.yaml
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: a-first
        annotations:
          helm.sh/hook: pre-install
          helm.sh/hook-weight: "-2"
      ---
      # Source: app/templates/tests/t.yaml
      apiVersion: v1
      kind: Pod
      metadata:
        name: t
        annotations:
          helm.sh/hook: test-success
          helm.sh/hook-weight: not-a-number
      """;

  @Test
  void splitsManifestsFromHooksKeepingSourcesAndDroppingEmptyDocuments() throws Exception {
    Manifests.Split s = Manifests.split(RENDERED);
    assertThat(s.manifests())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.path()).isEqualTo("app/templates/cm.yaml");
              assertThat(d.manifestText())
                  .isEqualTo(
                      "---\n# Source: app/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: {k: v}\n");
            });
    assertThat(s.hooks()).hasSize(4);
    Manifests.Hook job = s.hooks().get(0);
    assertThat(job.events()).containsExactly("pre-install", "pre-upgrade");
    assertThat(job.deletePolicies()).containsExactly("hook-succeeded", "hook-failed");
    assertThat(job.weight()).isEqualTo(1);
    assertThat(s.hooks().get(3).weight()).as("Atoi failure is weight 0").isZero();
  }

  @Test
  void ordersHooksByWeightThenNameAsHelm() throws Exception {
    List<Manifests.Hook> hooks = Manifests.split(RENDERED).hooks();
    assertThat(Manifests.ordered(hooks, "pre-install"))
        .extracting(Manifests.Hook::name)
        .containsExactly("a-first", "b-second", "z-last");
    assertThat(Manifests.ordered(hooks, "pre-upgrade"))
        .extracting(Manifests.Hook::name)
        .containsExactly("z-last");
    assertThat(Manifests.ordered(hooks, "test"))
        .as("test-success is the old name of test")
        .extracting(Manifests.Hook::name)
        .containsExactly("t");
  }

  @Test
  void storesHooksAsHelmDoes() throws Exception {
    Manifests.Hook job = Manifests.split(RENDERED).hooks().get(0);
    assertThat(ReleaseCodec.JSON.writeValueAsString(job.toJson()))
        .startsWith(
            "{\"name\":\"z-last\",\"kind\":\"Job\",\"path\":\"app/templates/hooks.yaml\",\"manifest\":\"apiVersion: batch/v1\\n")
        .endsWith(
            "\"events\":[\"pre-install\",\"pre-upgrade\"],\"last_run\":{\"started_at\":\"\",\"completed_at\":\"\",\"phase\":\"\"},\"weight\":1,\"delete_policies\":[\"hook-succeeded\",\"hook-failed\"]}");
    Manifests.Hook noWeight = Manifests.split(RENDERED).hooks().get(3);
    assertThat(noWeight.toJson().has("weight")).as("omitempty").isFalse();
    assertThat(noWeight.toJson().has("delete_policies")).isFalse();
  }

  @Test
  void refusesObjectsWithoutIdentity() {
    assertThatThrownBy(
            () -> Manifests.split("---\n# Source: c/templates/x.yaml\nkind: ConfigMap\n"))
        .isInstanceOf(ReleaseException.class)
        .hasMessageContaining("c/templates/x.yaml");
  }

  @Test
  void testFiltersFollowFlux() {
    List<TestOptions.Filter> include = List.of(new TestOptions.Filter("a", false));
    List<TestOptions.Filter> exclude = List.of(new TestOptions.Filter("a", true));
    assertThat(HelmEngine.selected("a", include)).isTrue();
    assertThat(HelmEngine.selected("b", include)).isFalse();
    assertThat(HelmEngine.selected("a", exclude)).isFalse();
    assertThat(HelmEngine.selected("b", exclude)).isTrue();
    assertThat(HelmEngine.selected("b", List.of())).isTrue();
  }
}
