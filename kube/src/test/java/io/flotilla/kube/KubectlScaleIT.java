package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.KubectlRunner.Result;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code scale} subresource driven as users drive it: {@code kubectl scale} (with {@code
 * --current-replicas}), {@code kubectl get --subresource=scale}, {@code kubectl patch
 * --subresource=scale}, for Deployments, ReplicaSets, StatefulSets and a custom resource whose CRD
 * declares scale; every patch type and the 404/409/422 answers over plain HTTP.
 */
class KubectlScaleIT extends KubectlTestSupport {
  @BeforeAll
  static void start() throws Exception {
    start(KubeApiOptions.defaults().withSimulateKubelet(false));
    serverSideApply(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: default}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web, tier: front}}
          template:
            metadata: {labels: {app: web, tier: front}}
            spec: {containers: [{name: web, image: "nginx:1.27"}]}
        ---
        apiVersion: apps/v1
        kind: ReplicaSet
        metadata: {name: rs, namespace: default}
        spec:
          replicas: 1
          selector:
            matchExpressions: [{key: app, operator: In, values: [rs, other]}]
          template:
            metadata: {labels: {app: rs}}
            spec: {containers: [{name: web, image: "nginx:1.27"}]}
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: default}
        spec:
          replicas: 1
          serviceName: db
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec: {containers: [{name: db, image: "postgres:17"}]}
        ---
        """
            + CrdYaml.crd("scale.example.com", "Widget", "widgets")
                .storedVersion(
                    "v1",
                    """
                    type: object
                    properties:
                      spec: {type: object, properties: {size: {type: integer}}}
                      status:
                        type: object
                        properties: {ready: {type: integer}, sel: {type: string}}
                    """,
                    """
                    subresources:
                      status: {}
                      scale:
                        specReplicasPath: .spec.size
                        statusReplicasPath: .status.ready
                        labelSelectorPath: .status.sel
                    """)
            + "---\n"
            + CrdYaml.crd("scale.example.com", "Gadget", "gadgets")
                .storedVersion("v1", CrdYaml.OPEN_SCHEMA)
            + """
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: default}
        data: {a: b}
        """);
    serverSideApply(
        """
        apiVersion: scale.example.com/v1
        kind: Widget
        metadata: {name: w1, namespace: default}
        spec: {size: 1}
        ---
        apiVersion: scale.example.com/v1
        kind: Gadget
        metadata: {name: g1, namespace: default}
        spec: {size: 1}
        """);
  }

  @Test
  void kubectlScaleChangesReplicasAndRecordsTheScaleManager() throws Exception {
    int generation =
        json("get", "deployment", "web", "-o", "json").path("metadata").path("generation").asInt();
    assertThat(kubectl.run("scale", "deployment", "web", "--replicas=2").code()).isZero();
    Result scale = kubectl.run("scale", "deployment", "web", "--replicas=3");
    assertThat(scale.code()).as(scale.err()).isZero();
    assertThat(scale.out()).isEqualTo("deployment.apps/web scaled\n");

    JsonNode d = json("get", "deployment", "web", "-o", "json", "--show-managed-fields");
    assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(d.path("metadata").path("generation").asInt())
        .as("the scale write bumps generation like any spec change")
        .isGreaterThan(generation);
    JsonNode byScale = null;
    for (JsonNode e : d.path("metadata").path("managedFields")) {
      if ("scale".equals(e.path("subresource").asText())) {
        byScale = e;
      }
    }
    assertThat(byScale).as("a managedFields entry for the scale subresource").isNotNull();
    assertThat(byScale.path("manager").asText()).isEqualTo("kubectl");
    assertThat(byScale.path("operation").asText()).isEqualTo("Update");
    assertThat(byScale.path("apiVersion").asText()).isEqualTo("apps/v1");
    assertThat(byScale.path("fieldsV1").toString()).isEqualTo("{\"f:spec\":{\"f:replicas\":{}}}");
  }

  @Test
  void currentReplicasIsAPreconditionCheckedAgainstTheScale() throws Exception {
    assertThat(kubectl.run("scale", "statefulset", "db", "--replicas=2").code()).isZero();
    Result wrong =
        kubectl.run("scale", "statefulset", "db", "--current-replicas=1", "--replicas=5");
    assertFails(wrong, "error: Expected replicas to be 1, was 2\n");
    Result right =
        kubectl.run("scale", "statefulset", "db", "--current-replicas=2", "--replicas=4");
    assertThat(right.code()).as(right.err()).isZero();
    assertThat(right.out()).isEqualTo("statefulset.apps/db scaled\n");
    assertThat(kubectl.run("get", "sts", "db", "-o", "jsonpath={.spec.replicas}").out())
        .isEqualTo("4");
  }

  @Test
  void getWithTheScaleSubresourcePrintsTheScaleTableAndObject() throws Exception {
    assertThat(kubectl.run("scale", "rs", "rs", "--replicas=2").code()).isZero();
    Result table = kubectl.run("get", "rs", "rs", "--subresource=scale");
    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.out())
        .matches("NAME\\s+DESIRED\\s+AVAILABLE\\s+AGE\\nrs\\s+2\\s+0\\s+\\d+s\\n");

    JsonNode scale = json("get", "rs", "rs", "--subresource=scale", "-o", "json");
    assertThat(scale.path("kind").asText()).isEqualTo("Scale");
    assertThat(scale.path("apiVersion").asText()).isEqualTo("autoscaling/v1");
    assertThat(scale.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(scale.path("status").toString())
        .isEqualTo("{\"replicas\":0,\"selector\":\"app in (other,rs)\"}");
    assertThat(scale.path("metadata").has("managedFields")).isFalse();

    JsonNode web = json("get", "deploy", "web", "--subresource=scale", "-o", "json");
    assertThat(web.path("status").path("selector").asText()).isEqualTo("app=web,tier=front");
  }

  /** {@code kubectl patch rs rs --subresource=scale} with these further arguments. */
  static Result patchRsScale(String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("patch", "rs", "rs", "--subresource=scale"));
    all.addAll(List.of(args));
    return kubectl.run(all.toArray(String[]::new));
  }

  @Test
  void kubectlPatchOfTheScaleSubresource() throws Exception {
    Result merge = patchRsScale("--type=merge", "-p", "{\"spec\":{\"replicas\":5}}");
    assertThat(merge.code()).as(merge.err()).isZero();
    // kubectl names what the server answered: the Scale
    assertThat(merge.out()).isEqualTo("scale.autoscaling/rs patched\n");
    Result json =
        patchRsScale(
            "--type=json", "-p", "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":6}]");
    assertThat(json.code()).as(json.err()).isZero();
    Result strategic = patchRsScale("-p", "{\"spec\":{\"replicas\":7}}");
    assertThat(strategic.code()).as(strategic.err()).isZero();
    assertThat(kubectl.run("get", "rs", "rs", "-o", "jsonpath={.spec.replicas}").out())
        .isEqualTo("7");
    Result negative = patchRsScale("--type=merge", "-p", "{\"spec\":{\"replicas\":-1}}");
    assertFails(
        negative,
        "The Scale \"rs\" is invalid: spec.replicas: Invalid value: -1: must be greater"
            + " than or equal to 0\n");
  }

  @Test
  void aCustomResourceScalesThroughItsDeclaredPaths() throws Exception {
    Result scale = kubectl.run("scale", "widget", "w1", "--replicas=4");
    assertThat(scale.code()).as(scale.err()).isZero();
    assertThat(scale.out()).isEqualTo("widget.scale.example.com/w1 scaled\n");
    assertThat(kubectl.run("get", "widget", "w1", "-o", "jsonpath={.spec.size}").out())
        .isEqualTo("4");
    HttpResponse<String> status =
        http(
            "PATCH",
            "/apis/scale.example.com/v1/namespaces/default/widgets/w1/status",
            "application/merge-patch+json",
            "{\"status\":{\"ready\":3,\"sel\":\"app=w1\"}}");
    assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
    JsonNode s = json("get", "widget", "w1", "--subresource=scale", "-o", "json");
    assertThat(s.path("spec").path("replicas").asInt()).isEqualTo(4);
    assertThat(s.path("status").toString()).isEqualTo("{\"replicas\":3,\"selector\":\"app=w1\"}");
  }

  @Test
  void kindsWithoutTheSubresourceAnswer404() throws Exception {
    for (String path :
        new String[] {
          "/api/v1/namespaces/default/configmaps/settings/scale",
          "/apis/scale.example.com/v1/namespaces/default/gadgets/g1/scale"
        }) {
      HttpResponse<String> r = http("GET", path, null, null);
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(r.body()).path("message").asText())
          .isEqualTo("the server could not find the requested resource");
    }
    Result cm = kubectl.run("scale", "configmap", "settings", "--replicas=2");
    assertThat(cm.code()).isEqualTo(1);
    // kubectl asks for the scale and reports the server's 404
    assertThat(cm.err())
        .isEqualTo(
            "Error from server (NotFound): the server could not find the requested resource\n");
    Result missing = kubectl.run("scale", "deployment", "nope", "--replicas=2");
    assertThat(missing.code()).isEqualTo(1);
    // kubectl reads the object before it scales it
    assertThat(missing.err())
        .isEqualTo("error: no objects passed to scale deployments.apps \"nope\" not found\n");
    HttpResponse<String> scaleOfMissing =
        http("GET", "/apis/apps/v1/namespaces/default/deployments/nope/scale", null, null);
    assertThat(scaleOfMissing.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(scaleOfMissing.body()).path("message").asText())
        .isEqualTo("deployments.apps \"nope\" not found");
  }

  @Test
  void putWithAStaleResourceVersionConflictsAndApplyOwnsReplicasUnderScale() throws Exception {
    String path = "/apis/apps/v1/namespaces/default/deployments/web/scale";
    JsonNode current = JSON.readTree(http("GET", path, null, null).body());
    String stale =
        "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":{\"name\":\"web\","
            + "\"namespace\":\"default\",\"resourceVersion\":\"1\"},\"spec\":{\"replicas\":9}}";
    HttpResponse<String> conflict = http("PUT", path, "application/json", stale);
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(conflict.body()).path("message").asText())
        .isEqualTo(
            "Operation cannot be fulfilled on deployments.apps \"web\": the object has been"
                + " modified; please apply your changes to the latest version and try again");

    String fresh =
        stale.replace(
            "\"resourceVersion\":\"1\"",
            "\"resourceVersion\":\""
                + current.path("metadata").path("resourceVersion").asText()
                + "\"");
    HttpResponse<String> put = http("PUT", path, "application/json", fresh);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    assertThat(JSON.readTree(put.body()).path("spec").path("replicas").asInt()).isEqualTo(9);

    String apply =
        "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":{\"name\":\"web\"},"
            + "\"spec\":{\"replicas\":1}}";
    HttpResponse<String> conflictOnApply =
        http("PATCH", path + "?fieldManager=hpa", "application/apply-patch+yaml", apply);
    assertThat(conflictOnApply.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(conflictOnApply.body()).path("message").asText())
        .startsWith("Apply failed with 1 conflict: conflict with ");
    HttpResponse<String> forced =
        http("PATCH", path + "?fieldManager=hpa&force=true", "application/apply-patch+yaml", apply);
    assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
    JsonNode d = json("get", "deployment", "web", "-o", "json", "--show-managed-fields");
    assertThat(d.path("spec").path("replicas").asInt()).isEqualTo(1);
    boolean hpaOwns = false;
    for (JsonNode e : d.path("metadata").path("managedFields")) {
      hpaOwns |=
          e.path("manager").asText().equals("hpa")
              && e.path("operation").asText().equals("Apply")
              && e.path("subresource").asText().equals("scale")
              && e.path("fieldsV1").toString().equals("{\"f:spec\":{\"f:replicas\":{}}}");
    }
    assertThat(hpaOwns).as(d.path("metadata").path("managedFields").toString()).isTrue();

    HttpResponse<String> delete = http("DELETE", path, null, null);
    assertThat(delete.statusCode()).isEqualTo(405);
  }

  private static JsonNode json(String... args) throws Exception {
    return json(ok(args));
  }

  private static HttpResponse<String> http(
      String method, String path, String contentType, String body) {
    return RawHttp.send(kube, method, path, null, contentType, body);
  }
}
