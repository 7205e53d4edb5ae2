package io.flotilla.kube.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.Registry;
import org.junit.jupiter.api.Test;

/** Unknown fields of built-in kinds: dropped and named as kube-apiserver's decoder names them. */
class BuiltinFieldsTest {
  static ResourceType type(String apiVersion, String kind) {
    return new Registry().findByKind(apiVersion, kind);
  }

  static ObjectNode yaml(String s) {
    return (ObjectNode) StructuralSchemaTest.yaml(s);
  }

  @Test
  void unknownFieldsAreDroppedAndNamedWithTheirPath() {
    ObjectNode d =
        yaml(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, bogus: kept-for-ObjectMetaRules}
            spec:
              replicas: 2
              foo: bar
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}, nope: 1}
                spec:
                  containers:
                  - name: a
                    image: nginx
                  - name: b
                    image: nginx
                    imagePullPolice: Always
                    env: [{name: X, value: y, valueFrom2: {}}]
                    resources: {limits: {cpu: 1}}
            status: {replicas: 1, extra: true}
            topLevel: x
            """);
    assertThat(BuiltinFields.prune(type("apps/v1", "Deployment"), d))
        .containsExactly(
            "spec.foo",
            "spec.template.metadata.nope",
            "spec.template.spec.containers[1].imagePullPolice",
            "spec.template.spec.containers[1].env[0].valueFrom2",
            "status.extra",
            "topLevel");
    assertThat(d.toString())
        .doesNotContain("foo", "nope", "imagePullPolice", "valueFrom2", "extra", "topLevel")
        .contains("\"bogus\"", "\"limits\":{\"cpu\":1}", "\"matchLabels\":{\"app\":\"web\"}");
  }

  @Test
  void knownShapesPassUntouched() {
    String cm =
        """
        {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"any-key":"v"},\
        "binaryData":{"b":"AA=="},"immutable":false}""";
    ObjectNode o = (ObjectNode) Json.parse(cm.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(BuiltinFields.prune(type("v1", "ConfigMap"), o)).isEmpty();
    assertThat(o.toString()).isEqualTo(cm);

    ObjectNode svc =
        yaml(
            """
            apiVersion: v1
            kind: Service
            metadata: {name: s}
            spec:
              ports: [{port: 80, targetPort: http, protocol: TCP}]
              selector: {app: web}
            """);
    assertThat(BuiltinFields.prune(type("v1", "Service"), svc)).isEmpty();
  }

  @Test
  void aKindWithoutAPublishedDefinitionKeepsEverything() {
    ObjectNode crd =
        yaml(
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: a.b.c}
            spec: {group: b.c, whatever: 1}
            """);
    assertThat(
            BuiltinFields.prune(type("apiextensions.k8s.io/v1", "CustomResourceDefinition"), crd))
        .isEmpty();
    assertThat(crd.path("spec").has("whatever")).isTrue();
  }
}
