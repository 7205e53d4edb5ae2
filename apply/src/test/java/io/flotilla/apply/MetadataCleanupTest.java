package io.flotilla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetadataCleanupTest {
  static Optional<List<Map<String, Object>>> patch(String live) {
    return MetadataCleanup.patch(Yaml.tree(live), "kustomize-controller");
  }

  /** The managedFields a patch's {@code op} writes. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> managedFields(Map<String, Object> op) {
    return (List<Map<String, Object>>) op.get("value");
  }

  @Test
  void kubectlFieldsAreHandedToOurApplyManagerAndLastAppliedIsDropped() {
    Optional<List<Map<String, Object>>> patch =
        patch(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: apps
              annotations:
                kubectl.kubernetes.io/last-applied-configuration: "{}"
              managedFields:
              - manager: kustomize-controller
                operation: Apply
                apiVersion: v1
                fieldsType: FieldsV1
                fieldsV1: {"f:data": {"f:color": {}}}
              - manager: kubectl-edit
                operation: Update
                apiVersion: v1
                fieldsType: FieldsV1
                fieldsV1: {"f:data": {"f:extra": {}}}
              - manager: some-operator
                operation: Update
                apiVersion: v1
                fieldsType: FieldsV1
                fieldsV1: {"f:data": {"f:theirs": {}}}
            data: {color: blue, extra: "1", theirs: "2"}
            """);
    List<Map<String, Object>> ops = patch.orElseThrow();
    assertThat(ops.get(0))
        .isEqualTo(
            Map.of(
                "op", "remove",
                "path", "/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration"));
    assertThat(ops.get(1)).containsEntry("path", "/metadata/managedFields");
    List<Map<String, Object>> managed = managedFields(ops.get(1));
    assertThat(managed)
        .extracting(m -> m.get("manager"))
        .containsExactly("kustomize-controller", "some-operator");
    assertThat(managed.get(0).get("fieldsV1"))
        .isEqualTo(Map.of("f:data", Map.of("f:color", Map.of(), "f:extra", Map.of())));
  }

  @Test
  void aCleanObjectNeedsNoPatch() {
    Optional<List<Map<String, Object>>> patch =
        patch(
            """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              managedFields:
              - {manager: kustomize-controller, operation: Apply, fieldsV1: {"f:data": {}}}
              - {manager: kube-controller-manager, operation: Update, fieldsV1: {"f:status": {}}}
            """);
    assertThat(patch).isEmpty();
  }

  @Test
  void ourOwnUpdateEntriesBecomeApplyEntries() {
    Optional<List<Map<String, Object>>> patch =
        patch(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: d
              managedFields:
              - {manager: kustomize-controller, operation: Update, apiVersion: apps/v1, fieldsType: FieldsV1, fieldsV1: {"f:spec": {"f:replicas": {}}}}
            """);
    List<Map<String, Object>> ops = patch.orElseThrow();
    assertThat(ops).hasSize(1);
    List<Map<String, Object>> managed = managedFields(ops.get(0));
    assertThat(managed).hasSize(1);
    assertThat(managed.get(0))
        .containsEntry("operation", "Apply")
        .containsEntry("apiVersion", "apps/v1")
        .containsEntry("fieldsV1", Map.of("f:spec", Map.of("f:replicas", Map.of())));
  }
}
