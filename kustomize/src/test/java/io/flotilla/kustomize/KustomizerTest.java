package io.flotilla.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The build as a user sees it: kustomization files in, kustomize's exact output out. */
class KustomizerTest extends KustomizeBuildSpec {

  @Test
  void anOversizedFileIsRefusedNamingTheFileAndTheLimit() throws Exception {
    file("big/kustomization.yaml", "resources: [cm.yaml]\n");
    file(
        "big/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  k: "
            + "x".repeat(2048)
            + "\n");
    assertThatThrownBy(
            () ->
                Kustomizer.create(KustomizeOptions.defaults().withMaxFileBytes(1024))
                    .buildYaml(root, Path.of("big")))
        .isInstanceOf(KustomizeException.class)
        .hasMessageContaining("cm.yaml")
        .hasMessageContaining("more than the limit of 1024");
  }

  @Test
  void generatedNamesGetKustomizesHashAndReferencesFollow() throws Exception {
    file(
        "app/kustomization.yaml",
        """
        namePrefix: p-
        resources: [deploy.yaml]
        configMapGenerator:
        - name: cfg
          literals: [a=b]
        secretGenerator:
        - name: sec
          literals: [a=b]
        """);
    file(
        "app/deploy.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          template:
            spec:
              containers:
              - name: web
                image: nginx
                envFrom:
                - configMapRef: {name: cfg}
        """);
    assertThat(build("app"))
        .isEqualTo(
            """
            apiVersion: v1
            data:
              a: b
            kind: ConfigMap
            metadata:
              name: p-cfg-4h2mbtbbt6
            ---
            apiVersion: v1
            data:
              a: Yg==
            kind: Secret
            metadata:
              name: p-sec-k695gkmbtk
            type: Opaque
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: p-web
            spec:
              template:
                spec:
                  containers:
                  - envFrom:
                    - configMapRef:
                        name: p-cfg-4h2mbtbbt6
                    image: nginx
                    name: web
            """);
  }

  @Test
  void overlaysPatchAndRetagTheirBase() throws Exception {
    file("base/kustomization.yaml", "resources: [deploy.yaml]\n");
    file(
        "base/deploy.yaml",
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 1
          template:
            spec:
              containers:
              - {name: web, image: "nginx:1.25"}
        """);
    file(
        "prod/kustomization.yaml",
        """
        resources: [../base]
        namespace: prod
        images:
        - {name: nginx, newTag: "1.27"}
        replicas:
        - {name: web, count: 3}
        patches:
        - target: {kind: Deployment}
          patch: |-
            - op: add
              path: /metadata/annotations/team
              value: web
        """);
    assertThat(build("prod"))
        .isEqualTo(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              annotations:
                team: web
              name: web
              namespace: prod
            spec:
              replicas: 3
              template:
                spec:
                  containers:
                  - image: nginx:1.27
                    name: web
            """);
  }

  @Test
  void aPlainDirectoryIsBuiltLikeFlux() throws Exception {
    file("apps/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n");
    file("apps/ns/ns.yml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n");
    file("apps/README.md", "# not a manifest\n");
    assertThat(build("apps"))
        .isEqualTo(
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: apps
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: b
            """);
  }

  @Test
  void filesOutsideTheKustomizationAreRefused() throws Exception {
    file("shared/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
    file("app/kustomization.yaml", "resources: [../shared/cm.yaml]\n");
    assertThatThrownBy(() -> build("app"))
        .hasMessageContaining("security; file '")
        .hasMessageContaining("is not in or below '.'");
  }

  @Test
  void pathsEscapingTheRootAreRefused() {
    assertThatThrownBy(() -> build("../")).hasMessageContaining("is not in or below");
  }

  @Test
  void unknownFieldsAreRefusedWithKustomizesMessage() throws Exception {
    file("app/kustomization.yaml", "namePrefx: x-\n");
    assertThatThrownBy(() -> build("app"))
        .hasMessage("invalid Kustomization: json: unknown field \"namePrefx\"");
  }

  @Test
  void duplicateIdsAndCyclesFail() throws Exception {
    file("a/kustomization.yaml", "resources: [../b]\n");
    file("b/kustomization.yaml", "resources: [../a]\n");
    assertThatThrownBy(() -> build("a")).hasMessageContaining("cycle detected");
    file("d/kustomization.yaml", "resources: [x.yaml, y.yaml]\n");
    file("d/x.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: same\n");
    file("d/y.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: same\n");
    assertThatThrownBy(() -> build("d"))
        .hasMessageContaining(
            "may not add resource with an already registered id: ConfigMap.v1.[noGrp]/same.[noNs]");
  }

  @Test
  void malformedYamlNamesFileAndLine() throws Exception {
    file("app/kustomization.yaml", "resources: [res.yaml]\n");
    file("app/res.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n");
    assertThatThrownBy(() -> build("app"))
        .hasMessageContaining("MalformedYAMLError")
        .hasMessageContaining("res.yaml");
  }
}
