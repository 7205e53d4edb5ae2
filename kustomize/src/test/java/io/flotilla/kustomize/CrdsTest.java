package io.flotilla.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code crds} field beyond what the conformance corpus pins down. */
class CrdsTest extends KustomizeBuildSpec {

  @Test
  void aTypeThatRefersToItselfIsWalkedOnceInsteadOfForever() throws Exception {
    file(
        "app/kustomization.yaml",
        """
        namePrefix: p-
        crds: [tree.yaml]
        resources: [res.yaml]
        """);
    file(
        "app/tree.yaml",
        """
        example.com/v1.Tree:
          Schema:
            properties:
              apiVersion: {type: string}
              kind: {type: string}
              metadata: {type: object}
              spec: {$ref: example.com/v1.Node}
        example.com/v1.Node:
          Schema:
            properties:
              child: {$ref: example.com/v1.Node}
              configRef:
                x-kubernetes-object-ref-api-version: v1
                x-kubernetes-object-ref-kind: ConfigMap
        """);
    file(
        "app/res.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm}
        ---
        apiVersion: example.com/v1
        kind: Tree
        metadata: {name: t}
        spec:
          configRef: {name: cm}
          child:
            configRef: {name: cm}
        """);
    assertThat(build("app"))
        .contains(
            """
            spec:
              child:
                configRef:
                  name: cm
              configRef:
                name: p-cm
            """);
  }

  @Test
  void aCrdsFileOutsideTheRootIsRefused() throws Exception {
    file("outside.json", "{}");
    file("app/kustomization.yaml", "crds: [../outside.json]\n");
    assertThatThrownBy(
            () ->
                Kustomizer.create(KustomizeOptions.defaults())
                    .buildYaml(root.resolve("app"), Path.of(".")))
        .isInstanceOf(KustomizeException.class)
        .hasMessageContaining("loading CRDs [../outside.json]")
        .hasMessageContaining("is not in or below");
  }
}
