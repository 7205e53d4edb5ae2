package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.KubectlRunner.Result;
import org.junit.jupiter.api.Test;

/** The real kubectl against the embedded server. */
class KubectlIT extends KubectlTestSupport {
  @Test
  void serverSideApplyGetAndDeleteOfADeploymentAndAConfigMap() throws Exception {
    String manifest =
        file(
            "app.yaml",
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
            """);
    Result apply = ok("apply", "--server-side", "-f", manifest);
    assertThat(apply.out())
        .contains(
            "configmap/web-config serverside-applied", "deployment.apps/web serverside-applied");

    JsonNode d = json(ok("get", "deployment", "web", "-o", "json", "--show-managed-fields"));
    assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(d.path("metadata").path("managedFields").get(0).path("manager").asText())
        .isEqualTo("kubectl");

    ok("apply", "--server-side", "-f", manifest);

    Result table = kubectl.run("get", "configmaps");
    assertThat(table.out()).contains("NAME", "web-config");

    Result delete = ok("delete", "-f", manifest);
    assertThat(delete.out())
        .contains("configmap \"web-config\" deleted", "deployment.apps \"web\" deleted");
    Result gone = kubectl.run("get", "configmap", "web-config");
    assertThat(gone.code()).isNotZero();
    assertThat(gone.err()).contains("configmaps \"web-config\" not found");
  }

  @Test
  void getOfACustomKindAfterRegisteringItsCrd() throws Exception {
    String crd =
        file(
            "crd.yaml",
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
                .yaml());
    assertThat(kubectl.run("apply", "--server-side", "-f", crd).code()).isZero();
    String cr =
        file(
            "cr.yaml",
            "apiVersion: kubectl.example.com/v1\nkind: Sprocket\nmetadata: {name: s1, namespace: default}\nspec: {teeth: 12}\n");
    ok("apply", "--server-side", "-f", cr);
    Result get = ok("get", "spr");
    assertThat(get.out()).contains("TEETH").containsPattern("s1\\s+12\\s+\\d+s\\s*\\n");
    assertThat(get.out().lines().findFirst().orElseThrow())
        .as("the CRD's own Age column replaces the default one, rendered as a duration")
        .matches("NAME\\s+TEETH\\s+AGE\\s*");
    assertThat(json(kubectl.run("get", "sprocket", "s1", "-o", "json")).at("/spec/teeth").asInt())
        .isEqualTo(12);
  }

  @Test
  void apiResourcesListsBuiltInKinds() throws Exception {
    Result r = ok("api-resources");
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
      Result ns = ok("create", "ns", "proto-x");
      assertThat(ns.out()).isEqualTo("namespace/proto-x created\n");

      Result secret = ok("create", "secret", "generic", "s", "--from-literal=a=b", "-n", "proto-x");
      assertThat(secret.out()).isEqualTo("secret/s created\n");
      assertThat(writes)
          .contains(
              "POST /api/v1/namespaces application/vnd.kubernetes.protobuf",
              "POST /api/v1/namespaces/proto-x/secrets application/vnd.kubernetes.protobuf");

      Result yaml = ok("get", "secret", "s", "-n", "proto-x", "-o", "yaml");
      assertThat(yaml.out())
          .startsWith("apiVersion: v1\ndata:\n  a: Yg==\nkind: Secret\nmetadata:\n")
          .contains("  name: s\n", "  namespace: proto-x\n")
          .endsWith("type: Opaque\n");

      Result cm = ok("create", "configmap", "c", "--from-literal=k=v", "-n", "proto-x");
      assertThat(cm.out()).isEqualTo("configmap/c created\n");
      Result data =
          kubectl.run("get", "configmap", "c", "-n", "proto-x", "-o", "jsonpath={.data.k}");
      assertThat(data.out()).isEqualTo("v");

      Result again = kubectl.run("create", "configmap", "c", "-n", "proto-x");
      assertFails(again, "error: failed to create configmap: configmaps \"c\" already exists\n");

      Result delete = ok("delete", "ns", "proto-x");
      assertThat(delete.out()).isEqualTo("namespace \"proto-x\" deleted\n");
    } finally {
      kube.onRequest(null);
    }
  }

  @Test
  void labelSelectorsCompareIntegersAndReportTheParsersErrors() throws Exception {
    ok("create", "namespace", "sel");
    // the key quoted: YAML 1.1 reads a bare n as false
    serverSideApply(
        """
        apiVersion: v1
        kind: List
        items:
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: n0, namespace: sel, labels: {"n": "0"}}}
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: n2, namespace: sel, labels: {"n": "2"}}}
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: n10, namespace: sel, labels: {"n": "10"}}}
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: nx, namespace: sel, labels: {"n": x}}}
        - {apiVersion: v1, kind: ConfigMap, metadata: {name: none, namespace: sel}}
        """);

    Result greater = ok("get", "configmaps", "-n", "sel", "-l", "n>1", "-o", "name");
    assertThat(greater.out()).isEqualTo("configmap/n10\nconfigmap/n2\n");
    Result notIn = ok("get", "configmaps", "-n", "sel", "-l", "n notin (0,2,10)", "-o", "name");
    assertThat(notIn.out()).contains("configmap/none\n", "configmap/nx\n").doesNotContain("n0");

    assertFails(
        kubectl.run("get", "configmaps", "-n", "sel", "-l", "n>x"),
        "Error from server (BadRequest): Unable to find \"/v1, Resource=configmaps\" that match"
            + " label selector \"n>x\", field selector \"\": unable to parse requirement:"
            + " values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an"
            + " integer\n");
    assertFails(
        kubectl.run("get", "configmaps", "-n", "sel", "-l", "a=b c"),
        "Error from server (BadRequest): Unable to find \"/v1, Resource=configmaps\" that match"
            + " label selector \"a=b c\", field selector \"\": found 'c', expected: ',' or 'end"
            + " of string'\n");
  }
}
