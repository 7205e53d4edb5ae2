package io.flotilla.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML in, YAML out: each kustomize feature and each error, as a user would write them. */
class KustomizerTest {
  @TempDir Path root;

  private final Kustomizer kustomizer = Kustomizer.create(KustomizeOptions.defaults());

  private void file(String path, String content) throws IOException {
    Path p = root.resolve(path);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private String build(String dir) throws KustomizeException {
    return kustomizer.buildYaml(root, Path.of(dir));
  }

  @Test
  void plainDirectoryWithMultiDocumentFilesIsBuiltLikeFlux() throws Exception {
    file(
        "apps/app.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app
        data:
          key: value
        ---
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app
        spec:
          replicas: 2
          template:
            spec:
              containers:
              - name: app
                image: nginx:1.27
        """);
    file("apps/ns/namespace.yml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n");
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
              name: app
            data:
              key: value
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: app
            spec:
              replicas: 2
              template:
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
            """);
  }

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels:
          app: web
      spec:
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: web
              image: nginx
      """;

  private static final String SERVICE =
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: web
      spec:
        selector:
          app: web
        ports:
        - port: 80
      """;

  @Test
  void kustomizationListsFilesAndNestedDirectories() throws Exception {
    file("base/deploy.yaml", DEPLOYMENT);
    file("base/kustomization.yaml", "resources:\n- deploy.yaml\n");
    file("overlay/svc.yaml", SERVICE);
    file(
        "overlay/kustomization.yml",
        """
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        resources:
        - ../base
        - svc.yaml
        """);
    assertThat(kustomizer.build(root, Path.of("overlay")))
        .extracting(r -> r.path("kind").asText() + "/" + r.path("metadata").path("name").asText())
        .containsExactly("Service/web", "Deployment/web");
  }

  @Test
  void capitalisedKustomizationFileNameIsRecognised() throws Exception {
    file("app/svc.yaml", SERVICE);
    file("app/Kustomization", "resources: [svc.yaml]\nnamespace: prod\n");
    assertThat(build("app")).contains("namespace: prod");
  }

  @Test
  void namespaceIsSetOnNamespacedObjectsOnly() throws Exception {
    file(
        "app/all.yaml",
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: prod
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata:
          name: reader
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: default
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: w
        """);
    file("app/kustomization.yaml", "namespace: prod\nresources:\n- all.yaml\n");
    assertThat(build("app"))
        .isEqualTo(
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: prod
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: reader
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: prod
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata:
              name: w
              namespace: prod
            """);
  }

  @Test
  void namePrefixAndSuffixSkipNamespacesAndCrds() throws Exception {
    file(
        "app/all.yaml",
        """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: prod
        ---
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        """);
    file("app/kustomization.yaml", "namePrefix: team-\nnameSuffix: -v1\nresources: [all.yaml]\n");
    assertThat(build("app"))
        .contains("name: prod\n")
        .contains("name: widgets.example.com\n")
        .contains("name: team-settings-v1\n");
  }

  @Test
  void commonLabelsReachSelectorsAndTemplates() throws Exception {
    file("app/deploy.yaml", DEPLOYMENT);
    file("app/svc.yaml", SERVICE);
    file(
        "app/kustomization.yaml",
        """
        resources: [deploy.yaml, svc.yaml]
        commonLabels:
          team: blue
        commonAnnotations:
          owner: "blue@example.com"
        """);
    assertThat(build("app"))
        .isEqualTo(
            """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              labels:
                team: blue
              annotations:
                owner: blue@example.com
            spec:
              selector:
                app: web
                team: blue
              ports:
              - port: 80
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels:
                app: web
                team: blue
              annotations:
                owner: blue@example.com
            spec:
              selector:
                matchLabels:
                  app: web
                  team: blue
              template:
                metadata:
                  labels:
                    app: web
                    team: blue
                  annotations:
                    owner: blue@example.com
                spec:
                  containers:
                  - name: web
                    image: nginx
            """);
  }

  @Test
  void labelsWithoutSelectorsLeaveSelectorsAlone() throws Exception {
    file("app/deploy.yaml", DEPLOYMENT);
    file(
        "app/kustomization.yaml",
        """
        resources: [deploy.yaml]
        labels:
        - pairs:
            env: prod
          includeTemplates: true
        - pairs:
            tier: "1"
        """);
    var deploy = kustomizer.build(root, Path.of("app")).get(0);
    assertThat(deploy.at("/metadata/labels").toString())
        .isEqualTo("{\"app\":\"web\",\"env\":\"prod\",\"tier\":\"1\"}");
    assertThat(deploy.at("/spec/selector/matchLabels").toString()).isEqualTo("{\"app\":\"web\"}");
    assertThat(deploy.at("/spec/template/metadata/labels").toString())
        .isEqualTo("{\"app\":\"web\",\"env\":\"prod\"}");
    assertThat(YamlCodec.write(deploy)).contains("tier: \"1\"");
  }

  @Test
  void fifoOrderKeepsTheInputOrder() throws Exception {
    file("app/deploy.yaml", DEPLOYMENT);
    file("app/svc.yaml", SERVICE);
    file("app/kustomization.yaml", "resources: [deploy.yaml, svc.yaml]\n");
    Kustomizer fifo =
        Kustomizer.create(KustomizeOptions.defaults().withOrder(KustomizeOptions.Order.FIFO));
    assertThat(fifo.build(root, Path.of("app")))
        .extracting(r -> r.path("kind").asText())
        .containsExactly("Deployment", "Service");
  }

  @Test
  void kindListsAreExpanded() throws Exception {
    file(
        "app/list.yaml",
        """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata:
            name: a
        - apiVersion: v1
          kind: ConfigMap
          metadata:
            name: b
        """);
    assertThat(kustomizer.build(root, Path.of("app")))
        .extracting(r -> r.at("/metadata/name").asText())
        .containsExactly("a", "b");
  }

  @Test
  void generatedKustomizationIncludesSubdirectoriesWithTheirOwnKustomization() throws Exception {
    file("cluster/infra/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: infra\n");
    file("cluster/apps/svc.yaml", SERVICE);
    file("cluster/apps/kustomization.yaml", "namespace: apps\nresources: [svc.yaml]\n");
    assertThat(build("cluster"))
        .isEqualTo(
            """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: infra
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: apps
            spec:
              selector:
                app: web
              ports:
              - port: 80
            """);
  }

  // --- errors ---

  @Test
  void malformedYamlNamesTheFileAndLine() throws Exception {
    file(
        "app/bad.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  bad: [unclosed\n");
    file("app/kustomization.yaml", "resources: [bad.yaml]\n");
    assertThatThrownBy(() -> build("app"))
        .isInstanceOf(KustomizeException.class)
        .hasMessageStartingWith(
            "accumulating resources from 'bad.yaml' in 'app/kustomization.yaml': ")
        .hasMessageContaining("MalformedYAMLError: yaml: line 6:")
        .hasMessageEndingWith("in File: app/bad.yaml");
  }

  @Test
  void malformedKustomizationFileNamesItself() throws Exception {
    file("app/kustomization.yaml", "resources:\n  - a.yaml\n bad\n");
    assertThatThrownBy(() -> build("app"))
        .hasMessageContaining("MalformedYAMLError: yaml: line 3:")
        .hasMessageEndingWith("in File: app/kustomization.yaml");
  }

  @Test
  void aNonKubernetesYamlFileFailsTheGeneratedKustomizationAsInFlux() throws Exception {
    file("app/svc.yaml", SERVICE);
    file("app/values.yaml", "replicaCount: 2\n");
    assertThatThrownBy(() -> build("app"))
        .hasMessage(
            "failed to decode Kubernetes YAML from app/values.yaml: app/values.yaml (line 1):"
                + " missing Resource metadata (apiVersion and kind are required)");
  }

  @Test
  void duplicateResourcesAreRefusedWithKustomizesMessage() throws Exception {
    file("app/a.yaml", SERVICE);
    file("app/b.yaml", SERVICE);
    file("app/kustomization.yaml", "resources: [a.yaml, b.yaml]\n");
    assertThatThrownBy(() -> build("app"))
        .hasMessage(
            "accumulating resources: merging resources from 'b.yaml' in 'app/kustomization.yaml':"
                + " may not add resource with an already registered id: Service.v1.[noGrp]/web.[noNs]");
  }

  @Test
  void pathsEscapingTheRootAreRefused() throws Exception {
    Path outside = root.getParent().resolve(root.getFileName() + "-outside.yaml");
    Files.writeString(outside, SERVICE);
    try {
      file("app/kustomization.yaml", "resources:\n- ../../" + outside.getFileName() + "\n");
      assertThatThrownBy(() -> build("app"))
          .hasMessage(
              "accumulating resources from '../../%s' in 'app/kustomization.yaml': security; file '%s' is not in or below '%s'"
                  .formatted(outside.getFileName(), outside, root));
    } finally {
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void symlinksLeavingTheRootAreRefused() throws Exception {
    Path outside = Files.createTempDirectory("kustomize-outside");
    Files.writeString(outside.resolve("svc.yaml"), SERVICE);
    try {
      Files.createDirectories(root.resolve("app"));
      Files.createSymbolicLink(root.resolve("app/linked.yaml"), outside.resolve("svc.yaml"));
      file("app/kustomization.yaml", "resources: [linked.yaml]\n");
      assertThatThrownBy(() -> build("app")).hasMessageContaining("security; file '");
    } finally {
      Files.deleteIfExists(outside.resolve("svc.yaml"));
      Files.deleteIfExists(outside);
    }
  }

  @Test
  void theBuildDirectoryItselfMustBeInsideTheRoot() {
    assertThatThrownBy(() -> build("../")).hasMessageContaining("is not in or below");
  }

  @Test
  void aMissingResourceFileIsNamed() throws Exception {
    file("app/kustomization.yaml", "resources: [missing.yaml]\n");
    assertThatThrownBy(() -> build("app"))
        .hasMessage(
            "accumulating resources from 'missing.yaml' in 'app/kustomization.yaml':"
                + " no such file or directory: 'app/missing.yaml'");
  }

  @Test
  void aDirectoryResourceWithoutKustomizationIsRefused() throws Exception {
    file("app/sub/svc.yaml", SERVICE);
    file("app/kustomization.yaml", "resources: [sub]\n");
    assertThatThrownBy(() -> build("app"))
        .hasMessageEndingWith(
            "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization'"
                + " in directory 'app/sub'");
  }

  @Test
  void withoutGenerationAPlainDirectoryIsRefused() throws Exception {
    file("app/svc.yaml", SERVICE);
    Kustomizer plain =
        Kustomizer.create(KustomizeOptions.defaults().withGenerateKustomization(false));
    assertThatThrownBy(() -> plain.build(root, Path.of("app")))
        .hasMessageContaining("unable to find one of 'kustomization.yaml'");
  }

  @Test
  void multipleKustomizationFilesAreRefused() throws Exception {
    file("app/kustomization.yaml", "resources: []\n");
    file("app/kustomization.yml", "resources: []\n");
    assertThatThrownBy(() -> build("app"))
        .hasMessage("Found multiple kustomization files under: app");
  }

  @Test
  void unknownAndUnsupportedFieldsAreRefused() throws Exception {
    file("a/kustomization.yaml", "resourcez: [x.yaml]\n");
    assertThatThrownBy(() -> build("a"))
        .hasMessage(
            "invalid Kustomization in a/kustomization.yaml: json: unknown field \"resourcez\"");
    file("b/kustomization.yaml", "patches: []\n");
    assertThatThrownBy(() -> build("b"))
        .hasMessageContaining("field 'patches' is not supported yet");
  }

  @Test
  void resourceCyclesAreDetected() throws Exception {
    file("a/kustomization.yaml", "resources: [../b]\n");
    file("b/kustomization.yaml", "resources: [../a]\n");
    assertThatThrownBy(() -> build("a")).hasMessageContaining("cycle detected: 'a'");
  }

  @Test
  void duplicateMappingKeysAreMalformedYaml() throws Exception {
    file("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n");
    file("app/kustomization.yaml", "resources: [cm.yaml]\n");
    assertThatThrownBy(() -> build("app"))
        .hasMessageContaining("yaml: line 5: mapping key \"name\" already defined at line 4");
  }

  @Test
  void objectsWithoutANameAreRefused() throws Exception {
    file("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\ndata: {}\n");
    file("app/kustomization.yaml", "resources: [cm.yaml]\n");
    assertThatThrownBy(() -> build("app"))
        .hasMessageEndingWith(
            "app/cm.yaml (line 1): missing metadata.name in object of kind ConfigMap");
  }

  @Test
  void scalarTypesSurviveTheRoundTrip() throws Exception {
    file(
        "app/cm.yaml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: types
        data:
          number: "8080"
          flag: "true"
          yes: "yes"
          text: |
            line one
            line two
        """);
    assertThat(build("app"))
        .contains("number: \"8080\"")
        .contains("flag: \"true\"")
        .contains("text: |")
        .contains("  line two");
  }
}
