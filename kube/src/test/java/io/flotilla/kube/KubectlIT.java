package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.kube.KubectlRunner.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl against the embedded server. */
class KubectlIT {
  @AutoClose static EmbeddedKubeApi kube;
  @TempDir static Path dir;

  static KubectlRunner runner;

  @BeforeAll
  static void start() {
    assumeTrue(KubectlRunner.onPath(), "kubectl is not on PATH");
    kube = EmbeddedKubeApi.start(KubeApiOptions.defaults());
    runner = KubectlRunner.against(kube, dir);
  }

  static Result kubectl(String... args) throws Exception {
    return runner.run(args);
  }

  @Test
  void serverSideApplyGetAndDeleteOfADeploymentAndAConfigMap() throws Exception {
    Path manifest = dir.resolve("app.yaml");
    Files.writeString(
        manifest,
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: web-config, namespace: default}
        data: {greeting: hello}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default, labels: {app: web}}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers:
              - {name: nginx, image: "nginx:1.27", ports: [{containerPort: 80}]}
        """,
        StandardCharsets.UTF_8);
    Result apply = kubectl("apply", "--server-side", "-f", manifest.toString());
    assertThat(apply.code()).as(apply.err()).isZero();
    assertThat(apply.out())
        .contains(
            "configmap/web-config serverside-applied", "deployment.apps/web serverside-applied");

    Result get = kubectl("get", "deployment", "web", "-o", "json", "--show-managed-fields");
    assertThat(get.code()).as(get.err()).isZero();
    JsonNode d = new ObjectMapper().readTree(get.out());
    assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(d.path("metadata").path("managedFields").get(0).path("manager").asText())
        .isEqualTo("kubectl");

    Result again = kubectl("apply", "--server-side", "-f", manifest.toString());
    assertThat(again.code()).as(again.err()).isZero();

    Result table = kubectl("get", "configmaps");
    assertThat(table.out()).contains("NAME", "web-config");

    Result delete = kubectl("delete", "-f", manifest.toString());
    assertThat(delete.code()).as(delete.err()).isZero();
    assertThat(delete.out())
        .contains("configmap \"web-config\" deleted", "deployment.apps \"web\" deleted");
    Result gone = kubectl("get", "configmap", "web-config");
    assertThat(gone.code()).isNotZero();
    assertThat(gone.err()).contains("configmaps \"web-config\" not found");
  }

  @Test
  void getOfACustomKindAfterRegisteringItsCrd() throws Exception {
    Path crd = dir.resolve("crd.yaml");
    Files.writeString(
        crd,
        CrdYaml.crd("kubectl.example.com", "Sprocket", "sprockets")
            .shortNames("spr")
            .storedVersion(
                "v1",
                CrdYaml.OPEN_SCHEMA,
                """
                additionalPrinterColumns:
                - {name: Teeth, type: integer, jsonPath: .spec.teeth}
                - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
                """)
            .yaml(),
        StandardCharsets.UTF_8);
    assertThat(kubectl("apply", "--server-side", "-f", crd.toString()).code()).isZero();
    Path cr = dir.resolve("cr.yaml");
    Files.writeString(
        cr,
        "apiVersion: kubectl.example.com/v1\nkind: Sprocket\nmetadata: {name: s1, namespace: default}\nspec: {teeth: 12}\n");
    Result apply = kubectl("apply", "--server-side", "-f", cr.toString());
    assertThat(apply.code()).as(apply.err()).isZero();
    Result get = kubectl("get", "spr");
    assertThat(get.code()).as(get.err()).isZero();
    assertThat(get.out()).contains("TEETH").containsPattern("s1\\s+12\\s+\\d+s\\s*\\n");
    assertThat(get.out().lines().findFirst().orElseThrow())
        .as("the CRD's own Age column replaces the default one, rendered as a duration")
        .matches("NAME\\s+TEETH\\s+AGE\\s*");
    Result json = kubectl("get", "sprocket", "s1", "-o", "json");
    assertThat(new ObjectMapper().readTree(json.out()).path("spec").path("teeth").asInt())
        .isEqualTo(12);
  }

  @Test
  void apiResourcesListsBuiltInKinds() throws Exception {
    Result r = kubectl("api-resources");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("deployments", "deploy", "apps/v1", "customresourcedefinitions", "configmaps");
  }

  @Test
  void imperativeCreateOfBuiltInKindsGoesOverProtobuf() throws Exception {
    java.util.Set<String> writes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    kube.onRequest(
        r -> {
          if (r.contentType() != null) {
            writes.add(r.method() + " " + r.path() + " " + r.contentType());
          }
        });
    try {
      Result ns = kubectl("create", "ns", "proto-x");
      assertThat(ns.code()).as(ns.err()).isZero();
      assertThat(ns.out()).isEqualTo("namespace/proto-x created\n");

      Result secret =
          kubectl("create", "secret", "generic", "s", "--from-literal=a=b", "-n", "proto-x");
      assertThat(secret.code()).as(secret.err()).isZero();
      assertThat(secret.out()).isEqualTo("secret/s created\n");
      assertThat(writes)
          .contains(
              "POST /api/v1/namespaces application/vnd.kubernetes.protobuf",
              "POST /api/v1/namespaces/proto-x/secrets application/vnd.kubernetes.protobuf");

      Result yaml = kubectl("get", "secret", "s", "-n", "proto-x", "-o", "yaml");
      assertThat(yaml.code()).as(yaml.err()).isZero();
      assertThat(yaml.out())
          .startsWith("apiVersion: v1\ndata:\n  a: Yg==\nkind: Secret\nmetadata:\n")
          .contains("  name: s\n", "  namespace: proto-x\n")
          .endsWith("type: Opaque\n");

      Result cm = kubectl("create", "configmap", "c", "--from-literal=k=v", "-n", "proto-x");
      assertThat(cm.code()).as(cm.err()).isZero();
      assertThat(cm.out()).isEqualTo("configmap/c created\n");
      Result data = kubectl("get", "configmap", "c", "-n", "proto-x", "-o", "jsonpath={.data.k}");
      assertThat(data.out()).isEqualTo("v");

      Result again = kubectl("create", "configmap", "c", "-n", "proto-x");
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.err())
          .isEqualTo("error: failed to create configmap: configmaps \"c\" already exists\n");

      Result delete = kubectl("delete", "ns", "proto-x");
      assertThat(delete.code()).as(delete.err()).isZero();
      assertThat(delete.out()).isEqualTo("namespace \"proto-x\" deleted\n");
    } finally {
      kube.onRequest(null);
    }
  }
}
