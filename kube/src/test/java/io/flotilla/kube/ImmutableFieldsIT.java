package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.base.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Immutable fields answer 422 Invalid with the field path and {@code field is immutable} (or the
 * kind's own Forbidden message), through PUT, every PATCH type, server-side apply and dry-run
 * alike. Raw HTTP, so the Status body is checked as a real kube-apiserver returns it.
 */
class ImmutableFieldsIT extends KubeTestSupport {
  static final String APPLY = "application/apply-patch+yaml";
  static final String MERGE = "application/merge-patch+json";
  static final String SMP = "application/strategic-merge-patch+json";
  static final String JSON_PATCH = "application/json-patch+json";

  static JsonNode json(HttpResponse<String> r) {
    return Json.parse(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static String job(String ns, String image) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: migrate, namespace: %s}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers: [{name: migrate, image: "%s"}]
        """
        .formatted(ns, image);
  }

  static HttpResponse<String> apply(String path, String yaml) {
    return apply(path, yaml, "");
  }

  static HttpResponse<String> merge(String path, String patch) {
    return raw("PATCH", path, MERGE, patch);
  }

  static JsonNode get(String path) {
    return json(raw("GET", path, null, null));
  }

  static HttpResponse<String> apply(String path, String yaml, String query) {
    return raw("PATCH", path + "?fieldManager=test&force=true" + query, APPLY, yaml);
  }

  static void assertInvalid(HttpResponse<String> r, String message, String field) {
    JsonNode s = json(r);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
    assertThat(s.path("kind").asText()).isEqualTo("Status");
    assertThat(s.path("reason").asText()).isEqualTo("Invalid");
    assertThat(s.path("code").asInt()).isEqualTo(422);
    assertThat(s.path("message").asText()).isEqualTo(message);
    assertThat(s.path("details").path("causes").findValuesAsText("field")).contains(field);
  }

  @Test
  void aJobTemplateIsImmutableThroughEveryWriteVerbAndDryRun() {
    String ns = newNamespace();
    String path = "/apis/batch/v1/namespaces/" + ns + "/jobs/migrate";
    assertThat(apply(path, job(ns, "migrate:1")).statusCode()).isEqualTo(201);
    String message =
        "Job.batch \"migrate\" is invalid: spec.template: Invalid value:"
            + " core.PodTemplateSpec{...}: field is immutable";

    assertInvalid(apply(path, job(ns, "migrate:2")), message, "spec.template");
    assertInvalid(apply(path, job(ns, "migrate:2"), "&dryRun=All"), message, "spec.template");
    String image =
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"migrate\","
            + "\"image\":\"migrate:2\"}]}}}}";
    assertInvalid(merge(path, image), message, "spec.template");
    assertInvalid(raw("PATCH", path, SMP, image), message, "spec.template");
    assertInvalid(
        raw(
            "PATCH",
            path,
            JSON_PATCH,
            "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\","
                + "\"value\":\"migrate:2\"}]"),
        message,
        "spec.template");
    JsonNode stored = get(path);
    ((com.fasterxml.jackson.databind.node.ObjectNode) stored.at("/spec/template/spec/containers/0"))
        .put("image", "migrate:2");
    assertInvalid(
        raw("PUT", path, "application/json", Json.write(stored)), message, "spec.template");

    JsonNode after = get(path);
    assertThat(after.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("migrate:1");
    // Metadata stays mutable.
    assertThat(merge(path, "{\"metadata\":{\"labels\":{\"team\":\"a\"}}}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void jobCompletionsAndSelectorAreImmutable() {
    String ns = newNamespace();
    String path = "/apis/batch/v1/namespaces/" + ns + "/jobs/migrate";
    apply(
        path,
        job(ns, "migrate:1").replace("spec:\n  template", "spec:\n  completions: 1\n  template"),
        "");
    assertInvalid(
        merge(path, "{\"spec\":{\"completions\":3}}"),
        "Job.batch \"migrate\" is invalid: spec.completions: Invalid value: 3: field is immutable",
        "spec.completions");
    // the patch merges into the selector kube-apiserver generated on the Job's uid
    String uid = get(path).path("metadata").path("uid").asText();
    assertInvalid(
        merge(path, "{\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"x\"}}}}"),
        "Job.batch \"migrate\" is invalid: spec.selector: Invalid value:"
            + " v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"x\","
            + " \"batch.kubernetes.io/controller-uid\":\""
            + uid
            + "\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable",
        "spec.selector");
  }

  @Test
  void aSuspendedJobThatNeverStartedMayMoveItsPods() {
    String ns = newNamespace();
    String path = "/apis/batch/v1/namespaces/" + ns + "/jobs/migrate";
    String suspended =
        job(ns, "migrate:1").replace("spec:\n  template", "spec:\n  suspend: true\n  template");
    assertThat(apply(path, suspended).statusCode()).isEqualTo(201);
    HttpResponse<String> r =
        merge(path, "{\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":{\"zone\":\"a\"}}}}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void workloadSelectorsAreImmutable() {
    String ns = newNamespace();
    String path = "/apis/apps/v1/namespaces/" + ns + "/deployments/web";
    String deploy =
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: APP}}
          template:
            metadata: {labels: {app: APP}}
            spec: {containers: [{name: web, image: nginx}]}
        """;
    assertThat(apply(path, deploy.replace("APP", "web")).statusCode()).isEqualTo(201);
    assertInvalid(
        apply(path, deploy.replace("APP", "web2")),
        "Deployment.apps \"web\" is invalid: spec.selector: Invalid value:"
            + " v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"},"
            + " MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable",
        "spec.selector");
  }

  @Test
  void aWorkloadSelectorMustMatchItsTemplate() {
    String ns = newNamespace();
    HttpResponse<String> r =
        raw(
            "POST",
            "/apis/apps/v1/namespaces/" + ns + "/deployments",
            "application/json",
            """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},
             "spec":{"selector":{"matchLabels":{"app":"web"}},
                     "template":{"metadata":{"labels":{"app":"other"}},
                                 "spec":{"containers":[{"name":"web","image":"nginx"}]}}}}
            """);
    assertInvalid(
        r,
        "Deployment.apps \"web\" is invalid: spec.template.metadata.labels: Invalid value:"
            + " map[string]string{\"app\":\"other\"}: `selector` does not match template"
            + " `labels`",
        "spec.template.metadata.labels");
  }

  @Test
  void aStatefulSetAllowsOnlyItsMutableSpecFields() {
    String ns = newNamespace();
    String path = "/apis/apps/v1/namespaces/" + ns + "/statefulsets/db";
    String sts =
        """
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: SVC
          replicas: REPLICAS
          podManagementPolicy: OrderedReady
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec: {containers: [{name: db, image: postgres}]}
        """;
    assertThat(apply(path, sts.replace("SVC", "db").replace("REPLICAS", "1")).statusCode())
        .isEqualTo(201);
    assertThat(apply(path, sts.replace("SVC", "db").replace("REPLICAS", "3")).statusCode())
        .isEqualTo(200);
    String forbidden =
        "StatefulSet.apps \"db\" is invalid: spec: Forbidden: updates to statefulset spec for"
            + " fields other than 'replicas', 'ordinals', 'template', 'updateStrategy',"
            + " 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    assertInvalid(
        apply(path, sts.replace("SVC", "db2").replace("REPLICAS", "3")), forbidden, "spec");
    assertInvalid(
        merge(path, "{\"spec\":{\"podManagementPolicy\":\"Parallel\"}}"), forbidden, "spec");
    assertInvalid(
        merge(
            path,
            "{\"spec\":{\"volumeClaimTemplates\":[{\"metadata\":{\"name\":\"data\"},"
                + "\"spec\":{\"accessModes\":[\"ReadWriteOnce\"]}}]}}"),
        forbidden,
        "spec");
  }

  @Test
  void aServiceKeepsItsClusterIpOnceSet() {
    String ns = newNamespace();
    String path = "/api/v1/namespaces/" + ns + "/services/web";
    String svc =
        """
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {selector: {app: web}, ports: [{port: 80}]}
        """;
    assertThat(apply(path, svc).statusCode()).isEqualTo(201);
    String ip = get(path).at("/spec/clusterIP").asText();
    // Leaving it out keeps it.
    assertThat(apply(path, svc).statusCode()).isEqualTo(200);
    assertThat(get(path).at("/spec/clusterIP").asText()).isEqualTo(ip);
    assertInvalid(
        merge(path, "{\"spec\":{\"clusterIP\":\"10.96.200.200\"}}"),
        "Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value:"
            + " []string{\"10.96.200.200\"}: may not change once set",
        "spec.clusterIPs[0]");
  }

  @Test
  void anImmutableConfigMapKeepsItsDataAndStaysImmutable() {
    String ns = newNamespace();
    String path = "/api/v1/namespaces/" + ns + "/configmaps/settings";
    String cm =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        immutable: true
        data: {mode: fast}
        """;
    assertThat(apply(path, cm).statusCode()).isEqualTo(201);
    assertInvalid(
        merge(path, "{\"data\":{\"mode\":\"slow\"}}"),
        "ConfigMap \"settings\" is invalid: data: Forbidden: field is immutable when `immutable`"
            + " is set",
        "data");
    assertInvalid(
        merge(path, "{\"immutable\":false}"),
        "ConfigMap \"settings\" is invalid: immutable: Forbidden: field is immutable when"
            + " `immutable` is set",
        "immutable");
    assertThat(merge(path, "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void aSecretKeepsItsTypeAndFoldsStringDataIntoData() {
    String ns = newNamespace();
    String path = "/api/v1/namespaces/" + ns + "/secrets/creds";
    String secret =
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: creds}
        type: Opaque
        stringData: {password: hunter2}
        """;
    assertThat(apply(path, secret).statusCode()).isEqualTo(201);
    JsonNode stored = get(path);
    assertThat(stored.has("stringData")).isFalse();
    assertThat(stored.at("/data/password").asText()).isEqualTo("aHVudGVyMg==");
    assertInvalid(
        merge(path, "{\"type\":\"kubernetes.io/tls\"}"),
        "Secret \"creds\" is invalid: type: Invalid value: \"kubernetes.io/tls\": field is"
            + " immutable",
        "type");
    merge(path, "{\"immutable\":true}");
    assertInvalid(
        merge(path, "{\"stringData\":{\"password\":\"changed\"}}"),
        "Secret \"creds\" is invalid: data: Forbidden: field is immutable when `immutable` is set",
        "data");
  }

  @Test
  void aBoundClaimMayOnlyGrowItsStorageRequest() {
    String ns = newNamespace();
    String path = "/api/v1/namespaces/" + ns + "/persistentvolumeclaims/data";
    String pvc =
        """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: data}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: SIZE}}
        """;
    assertThat(apply(path, pvc.replace("SIZE", "1Gi")).statusCode()).isEqualTo(201);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get(path).at("/status/phase").asText().equals("Bound"));
    assertThat(apply(path, pvc.replace("SIZE", "2Gi")).statusCode()).isEqualTo(200);
    assertInvalid(
        apply(path, pvc.replace("SIZE", "1Gi")),
        "PersistentVolumeClaim \"data\" is invalid: spec.resources.requests.storage: Forbidden:"
            + " field can not be less than previous value",
        "spec.resources.requests.storage");
    assertInvalid(
        merge(path, "{\"spec\":{\"accessModes\":[\"ReadWriteMany\"]}}"),
        "PersistentVolumeClaim \"data\" is invalid: spec: Forbidden: spec is immutable after"
            + " creation except resources.requests and volumeAttributesClassName for bound"
            + " claims",
        "spec");
  }
}
