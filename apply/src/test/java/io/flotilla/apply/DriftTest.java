package io.flotilla.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftTest {
  static final String LIVE =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: app
        namespace: apps
        uid: 1b4e28ba
        resourceVersion: "41"
        generation: 3
        creationTimestamp: "2026-01-01T00:00:00Z"
        labels: {app: podinfo}
        managedFields:
        - manager: kustomize-controller
          operation: Apply
          time: "2026-01-01T00:00:00Z"
      data: {color: blue}
      """;

  @Test
  void metadataNoiseAndStatusAreIgnored() {
    Map<String, Object> dryRun =
        Yaml.tree(
            LIVE.replace("resourceVersion: \"41\"", "resourceVersion: \"42\"")
                    .replace("generation: 3", "generation: 4")
                    .replace("2026-01-01T00:00:00Z", "2026-02-02T00:00:00Z")
                + "status: {anything: changes}\n");
    assertThat(Drift.drifted(Yaml.tree(LIVE), dryRun)).isFalse();
  }

  @Test
  void aChangedValueIsDrift() {
    Map<String, Object> dryRun = Yaml.tree(LIVE.replace("color: blue", "color: green"));
    assertThat(Drift.drifted(Yaml.tree(LIVE), dryRun)).isTrue();
  }

  @Test
  void aChangedLabelOrAnnotationIsDrift() {
    assertThat(
            Drift.drifted(Yaml.tree(LIVE), Yaml.tree(LIVE.replace("app: podinfo", "app: other"))))
        .isTrue();
    assertThat(
            Drift.drifted(
                Yaml.tree(LIVE),
                Yaml.tree(
                    LIVE.replace(
                        "labels: {app: podinfo}",
                        "labels: {app: podinfo}\n  annotations: {a: b}"))))
        .isTrue();
  }

  @Test
  void emptyAndAbsentAreTheSameAndNumbersCompareByValue() {
    Map<String, Object> live =
        Yaml.tree(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d, labels: {}}
            spec:
              replicas: 2
              template:
                spec:
                  containers: [{name: c, image: nginx, resources: {}}]
            """);
    Map<String, Object> dryRun =
        Yaml.tree(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              replicas: 2.0
              template:
                spec:
                  containers: [{name: c, image: nginx}]
            """);
    assertThat(Drift.drifted(live, dryRun)).isFalse();
  }

  @Test
  void listOrderMatters() {
    String yaml =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers: [{name: a, image: x}, {name: b, image: y}]
        """;
    String swapped =
        yaml.replace(
            "[{name: a, image: x}, {name: b, image: y}]",
            "[{name: b, image: y}, {name: a, image: x}]");
    assertThat(Drift.drifted(Yaml.tree(yaml), Yaml.tree(swapped))).isTrue();
  }
}
