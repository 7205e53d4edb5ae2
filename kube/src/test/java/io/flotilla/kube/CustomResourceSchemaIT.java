package io.flotilla.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Custom resources get their CRD's structural schema applied as kube-apiserver applies it: defaults
 * on write and on read, unknown fields pruned (with {@code fieldValidation}), and values validated
 * with 422 Invalid naming each field.
 */
class CustomResourceSchemaIT extends KubeTestSupport {
  static final AtomicInteger N = new AtomicInteger();
  static final String SCHEMA =
      """
      type: object
      properties:
        spec:
          type: object
          required: [url]
          properties:
            url: {type: string, pattern: '^(http|https|ssh)://.*$'}
            interval: {type: string, default: 1m}
            provider: {type: string, enum: [generic, aws, azure], default: generic}
            timeout: {type: integer, minimum: 1}
            ref:
              type: object
              properties:
                branch: {type: string, default: main}
            extra:
              type: object
              x-kubernetes-preserve-unknown-fields: true
        status:
          type: object
          x-kubernetes-preserve-unknown-fields: true
      """;

  String group;
  String ns;
  String base;

  static CustomResourceDefinition crd(String group, String schema) {
    String yaml =
        CrdYaml.crd(group, "Repo", "repos").storedVersion("v1", schema, CrdYaml.STATUS).yaml();
    return Serialization.unmarshal(yaml, CustomResourceDefinition.class);
  }

  @BeforeEach
  void crdAndNamespace() {
    group = "s" + N.incrementAndGet() + ".example.com";
    client.apiextensions().v1().customResourceDefinitions().resource(crd(group, SCHEMA)).create();
    ns = newNamespace();
    base = "/apis/" + group + "/v1/namespaces/" + ns + "/repos";
  }

  HttpResponse<String> create(String spec, String query) {
    return post(
        base + query,
        "{\"apiVersion\":\""
            + group
            + "/v1\",\"kind\":\"Repo\",\"metadata\":{\"name\":\"r\"},"
            + "\"spec\":"
            + spec
            + "}");
  }

  @Test
  void defaultsAreFilledInOnCreateRecursively() {
    HttpResponse<String> r = create("{\"url\":\"https://example.com/repo\",\"ref\":{}}", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode spec = json(raw("GET", base + "/r", null, null)).path("spec");
    assertThat(spec.path("interval").asText()).isEqualTo("1m");
    assertThat(spec.path("provider").asText()).isEqualTo("generic");
    assertThat(spec.at("/ref/branch").asText()).isEqualTo("main");
  }

  @Test
  void serverSideApplyGetsDefaultsToo() {
    HttpResponse<String> r =
        raw(
            "PATCH",
            base + "/r?fieldManager=test",
            "application/apply-patch+yaml",
            "apiVersion: "
                + group
                + "/v1\nkind: Repo\nmetadata: {name: r}\nspec: {url: 'ssh://x'}\n");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(json(r).at("/spec/interval").asText()).isEqualTo("1m");
  }

  @Test
  void aPatternViolationIsInvalidWithTheOpenApiWording() {
    HttpResponse<String> r = create("{\"url\":\"ftp://x\"}", "");
    assertThat(r.statusCode()).isEqualTo(422);
    JsonNode s = json(r);
    assertThat(s.path("message").asText())
        .isEqualTo(
            "Repo.%s \"r\" is invalid: spec.url: Invalid value: \"ftp://x\": spec.url in body"
                    .formatted(group)
                + " should match '^(http|https|ssh)://.*$'");
    assertThat(s.at("/details/group").asText()).isEqualTo(group);
    assertThat(s.at("/details/kind").asText()).isEqualTo("Repo");
    assertThat(s.at("/details/causes/0/reason").asText()).isEqualTo("FieldValueInvalid");
    assertThat(s.at("/details/causes/0/field").asText()).isEqualTo("spec.url");
  }

  @Test
  void everyViolationIsReportedTogether() {
    HttpResponse<String> r = create("{\"provider\":\"gcp\",\"timeout\":0}", "");
    assertThat(statusMessage(r, 422))
        .isEqualTo(
            ("Repo.%s \"r\" is invalid: [spec.url: Required value, spec.provider: Unsupported"
                    + " value: \"gcp\": supported values: \"generic\", \"aws\", \"azure\","
                    + " spec.timeout: Invalid value: 0: spec.timeout in body should be greater than"
                    + " or equal to 1]")
                .formatted(group));
  }

  @Test
  void typesAreChecked() {
    HttpResponse<String> r = create("{\"url\":\"http://x\",\"timeout\":\"soon\"}", "");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(json(r).at("/details/causes/0/message").asText())
        .isEqualTo(
            "Invalid value: \"string\": spec.timeout in body must be of type integer: \"string\"");
    assertThat(json(r).at("/details/causes/0/reason").asText()).isEqualTo("FieldValueTypeInvalid");
  }

  @Test
  void unknownFieldsArePrunedWithAWarningByDefault() {
    HttpResponse<String> r =
        create("{\"url\":\"http://x\",\"colour\":\"red\",\"extra\":{\"kept\":true}}", "");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().allValues("Warning"))
        .containsExactly("299 - \"unknown field \\\"spec.colour\\\"\"");
    JsonNode spec = json(raw("GET", base + "/r", null, null)).path("spec");
    assertThat(spec.has("colour")).isFalse();
    assertThat(spec.at("/extra/kept").asBoolean()).isTrue();
  }

  @Test
  void strictFieldValidationRejectsUnknownFields() {
    HttpResponse<String> r =
        create("{\"url\":\"http://x\",\"colour\":\"red\"}", "?fieldValidation=Strict");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).path("reason").asText()).isEqualTo("BadRequest");
    assertThat(json(r).path("message").asText())
        .isEqualTo(
            "Repo in version \"v1\" cannot be handled as a Repo: strict decoding error: unknown"
                + " field \"spec.colour\"");
    assertThat(raw("GET", base + "/r", null, null).statusCode()).isEqualTo(404);
  }

  @Test
  void ignoreFieldValidationPrunesSilently() {
    HttpResponse<String> r =
        create("{\"url\":\"http://x\",\"colour\":\"red\"}", "?fieldValidation=Ignore");
    assertThat(r.statusCode()).isEqualTo(201);
    assertThat(r.headers().allValues("Warning")).isEmpty();
    assertThat(json(r).at("/spec").has("colour")).isFalse();
  }

  @Test
  void defaultsAddedToTheCrdLaterAppearWhenReading() {
    assertThat(create("{\"url\":\"http://x\"}", "").statusCode()).isEqualTo(201);
    CustomResourceDefinition c =
        client.apiextensions().v1().customResourceDefinitions().withName("repos." + group).get();
    CustomResourceDefinition changed =
        crd(
            group,
            SCHEMA.replace(
                "timeout: {type: integer, minimum: 1}",
                "timeout: {type: integer, minimum: 1, default: 30}"));
    changed.getMetadata().setResourceVersion(c.getMetadata().getResourceVersion());
    client.apiextensions().v1().customResourceDefinitions().resource(changed).update();
    GenericKubernetesResource read =
        client
            .genericKubernetesResources(group + "/v1", "Repo")
            .inNamespace(ns)
            .withName("r")
            .get();
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) read.getAdditionalProperties().get("spec");
    assertThat(spec).containsEntry("timeout", 30);
  }

  @Test
  void aMergePatchIsValidatedLikeACreate() {
    assertThat(create("{\"url\":\"http://x\"}", "").statusCode()).isEqualTo(201);
    HttpResponse<String> r =
        raw("PATCH", base + "/r", "application/merge-patch+json", "{\"spec\":{\"timeout\":-1}}");
    assertThat(r.statusCode()).isEqualTo(422);
    assertThat(json(r).at("/details/causes/0/field").asText()).isEqualTo("spec.timeout");
  }
}
