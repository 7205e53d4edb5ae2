package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  static final Fixture JOB =
      Fixture.of(
          "/apis/batch/v1",
          "Job",
          "migrate",
          """
          spec:
            SPEC
            template:
              spec:
                restartPolicy: Never
                containers: [{name: migrate, image: "IMAGE"}]
          """);
  static final Fixture DEPLOYMENT =
      Fixture.of(
          "/apis/apps/v1",
          "Deployment",
          "web",
          """
          spec:
            selector: {matchLabels: {app: APP}}
            template:
              metadata: {labels: {app: APP}}
              spec: {containers: [{name: web, image: nginx}]}
          """);
  static final Fixture STATEFULSET =
      Fixture.of(
          "/apis/apps/v1",
          "StatefulSet",
          "db",
          """
          spec:
            serviceName: SVC
            replicas: REPLICAS
            podManagementPolicy: OrderedReady
            selector: {matchLabels: {app: db}}
            template:
              metadata: {labels: {app: db}}
              spec: {containers: [{name: db, image: postgres}]}
          """);
  static final Fixture SERVICE =
      Fixture.of("/api/v1", "Service", "web", "spec: {selector: {app: web}, ports: [{port: 80}]}");
  static final Fixture CONFIGMAP =
      Fixture.of("/api/v1", "ConfigMap", "settings", "immutable: true\ndata: {mode: fast}");
  static final Fixture SECRET =
      Fixture.of("/api/v1", "Secret", "creds", "type: Opaque\nstringData: {password: hunter2}");
  static final Fixture CLAIM =
      Fixture.of(
          "/api/v1",
          "PersistentVolumeClaim",
          "data",
          """
          spec:
            accessModes: [ReadWriteOnce]
            resources: {requests: {storage: SIZE}}
          """);

  /** An object the tests create: its path (the namespace a {@code %s}) and its manifest. */
  record Fixture(String pathFormat, String yaml) {
    static Fixture of(String groupVersion, String kind, String name, String rest) {
      return new Fixture(
          groupVersion + "/namespaces/%s/" + kind.toLowerCase(Locale.ROOT) + "s/" + name,
          "apiVersion: %s\nkind: %s\nmetadata: {name: %s}\n%s\n"
              .formatted(groupVersion.replaceFirst("^/apis?/", ""), kind, name, rest.strip()));
    }

    Fixture with(String placeholder, String value) {
      return new Fixture(pathFormat, yaml.replace(placeholder, value));
    }
  }

  /** A write to the object at a path. */
  interface Write {
    HttpResponse<String> to(String path);
  }

  static Write applying(Fixture f) {
    return path -> apply(path, f);
  }

  static Write merging(String patch) {
    return path -> merge(path, patch);
  }

  /** The Job, with {@code specLine} (if not empty) added to its spec. */
  static Fixture job(String specLine, String image) {
    return JOB.with("  SPEC\n", specLine.isEmpty() ? "" : "  " + specLine + "\n")
        .with("IMAGE", image);
  }

  static HttpResponse<String> apply(String path, Fixture f) {
    return apply(path, f, "");
  }

  static HttpResponse<String> apply(String path, Fixture f, String query) {
    return raw("PATCH", path + "?fieldManager=test&force=true" + query, APPLY, f.yaml());
  }

  static HttpResponse<String> merge(String path, String patch) {
    return raw("PATCH", path, MERGE, patch);
  }

  static JsonNode get(String path) {
    return json(raw("GET", path, null, null));
  }

  /** Applies the fixture in a fresh namespace; the created object's path. */
  static String created(Fixture f) {
    String path = f.pathFormat().formatted(newNamespace());
    HttpResponse<String> r = apply(path, f);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return path;
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

  static void assertAllInvalid(String path, String message, String field, Write... writes) {
    for (Write w : writes) {
      assertInvalid(w.to(path), message, field);
    }
  }

  static Stream<Arguments> refusedChanges() {
    return Stream.of(
        arguments(
            job("completions: 1", "migrate:1"),
            "{\"spec\":{\"completions\":3}}",
            "Job.batch \"migrate\" is invalid: spec.completions: Invalid value: 3: field is"
                + " immutable",
            "spec.completions"),
        arguments(
            SERVICE,
            "{\"spec\":{\"clusterIP\":\"10.96.200.200\"}}",
            "Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value:"
                + " []string{\"10.96.200.200\"}: may not change once set",
            "spec.clusterIPs[0]"),
        arguments(
            CONFIGMAP,
            "{\"data\":{\"mode\":\"slow\"}}",
            "ConfigMap \"settings\" is invalid: data: Forbidden: field is immutable when"
                + " `immutable` is set",
            "data"),
        arguments(
            CONFIGMAP,
            "{\"immutable\":false}",
            "ConfigMap \"settings\" is invalid: immutable: Forbidden: field is immutable when"
                + " `immutable` is set",
            "immutable"),
        arguments(
            SECRET,
            "{\"type\":\"kubernetes.io/tls\"}",
            "Secret \"creds\" is invalid: type: Invalid value: \"kubernetes.io/tls\": field is"
                + " immutable",
            "type"));
  }

  @ParameterizedTest
  @MethodSource("refusedChanges")
  void aMergePatchOfAnImmutableFieldIsRefused(
      Fixture fixture, String patch, String message, String field) {
    assertInvalid(merge(created(fixture), patch), message, field);
  }

  @Test
  void aJobTemplateIsImmutableThroughEveryWriteVerbAndDryRun() {
    String path = created(job("", "migrate:1"));
    String image =
        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"migrate\","
            + "\"image\":\"migrate:2\"}]}}}}";
    JsonNode edited = get(path);
    ((ObjectNode) edited.at("/spec/template/spec/containers/0")).put("image", "migrate:2");
    // an unconditional PUT: the job controller may move the resourceVersion on meanwhile, and a
    // PUT naming an older one is a 409 Conflict before any validation, as in kube-apiserver
    ((ObjectNode) edited.path("metadata")).remove("resourceVersion");
    assertAllInvalid(
        path,
        "Job.batch \"migrate\" is invalid: spec.template: Invalid value:"
            + " core.PodTemplateSpec{...}: field is immutable",
        "spec.template",
        applying(job("", "migrate:2")),
        p -> apply(p, job("", "migrate:2"), "&dryRun=All"),
        merging(image),
        p -> raw("PATCH", p, SMP, image),
        p ->
            raw(
                "PATCH",
                p,
                JSON_PATCH,
                "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\","
                    + "\"value\":\"migrate:2\"}]"),
        p -> raw("PUT", p, "application/json", Json.write(edited)));

    JsonNode after = get(path);
    assertThat(after.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("migrate:1");
    // Metadata stays mutable.
    assertThat(merge(path, "{\"metadata\":{\"labels\":{\"team\":\"a\"}}}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void aJobSelectorIsImmutable() {
    String path = created(job("completions: 1", "migrate:1"));
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
    String path = created(job("suspend: true", "migrate:1"));
    HttpResponse<String> r =
        merge(path, "{\"spec\":{\"template\":{\"spec\":{\"nodeSelector\":{\"zone\":\"a\"}}}}}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  void workloadSelectorsAreImmutable() {
    String path = created(DEPLOYMENT.with("APP", "web"));
    assertInvalid(
        apply(path, DEPLOYMENT.with("APP", "web2")),
        "Deployment.apps \"web\" is invalid: spec.selector: Invalid value:"
            + " v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web2\"},"
            + " MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable",
        "spec.selector");
  }

  @Test
  void aWorkloadSelectorMustMatchItsTemplate() {
    String ns = newNamespace();
    HttpResponse<String> r =
        post(
            "/apis/apps/v1/namespaces/" + ns + "/deployments",
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
    Fixture sts = STATEFULSET.with("SVC", "db");
    String path = created(sts.with("REPLICAS", "1"));
    assertThat(apply(path, sts.with("REPLICAS", "3")).statusCode()).isEqualTo(200);
    assertAllInvalid(
        path,
        "StatefulSet.apps \"db\" is invalid: spec: Forbidden: updates to statefulset spec for"
            + " fields other than 'replicas', 'ordinals', 'template', 'updateStrategy',"
            + " 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
        "spec",
        applying(STATEFULSET.with("SVC", "db2").with("REPLICAS", "3")),
        merging("{\"spec\":{\"podManagementPolicy\":\"Parallel\"}}"),
        merging(
            "{\"spec\":{\"volumeClaimTemplates\":[{\"metadata\":{\"name\":\"data\"},"
                + "\"spec\":{\"accessModes\":[\"ReadWriteOnce\"]}}]}}"));
  }

  @Test
  void aServiceKeepsItsClusterIpOnceSet() {
    String path = created(SERVICE);
    String ip = get(path).at("/spec/clusterIP").asText();
    // Leaving it out keeps it.
    assertThat(apply(path, SERVICE).statusCode()).isEqualTo(200);
    assertThat(get(path).at("/spec/clusterIP").asText()).isEqualTo(ip);
  }

  @Test
  void anImmutableConfigMapStaysImmutableAndKeepsItsMetadataMutable() {
    String path = created(CONFIGMAP);
    assertThat(merge(path, "{\"immutable\":false}").statusCode()).isEqualTo(422);
    assertThat(merge(path, "{\"data\":{\"mode\":\"slow\"}}").statusCode()).isEqualTo(422);
    assertThat(get(path).path("data").path("mode").asText()).isEqualTo("fast");
    assertThat(merge(path, "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void aSecretFoldsStringDataIntoDataAndMayBecomeImmutable() {
    String path = created(SECRET);
    JsonNode stored = get(path);
    assertThat(stored.has("stringData")).isFalse();
    assertThat(stored.at("/data/password").asText()).isEqualTo("aHVudGVyMg==");
    merge(path, "{\"immutable\":true}");
    assertInvalid(
        merge(path, "{\"stringData\":{\"password\":\"changed\"}}"),
        "Secret \"creds\" is invalid: data: Forbidden: field is immutable when `immutable` is set",
        "data");
  }

  @Test
  void aBoundClaimMayOnlyGrowItsStorageRequest() {
    String path = created(CLAIM.with("SIZE", "1Gi"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get(path).at("/status/phase").asText().equals("Bound"));
    assertThat(apply(path, CLAIM.with("SIZE", "2Gi")).statusCode()).isEqualTo(200);
    assertInvalid(
        apply(path, CLAIM.with("SIZE", "1Gi")),
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
