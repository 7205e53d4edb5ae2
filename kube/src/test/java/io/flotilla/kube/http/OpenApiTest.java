package io.flotilla.kube.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.CrdYaml;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.Registry;
import io.flotilla.kube.schema.BuiltinSchemas;
import io.flotilla.kube.schema.OpenApiDefinitions;
import io.flotilla.kube.schema.OpenApiV3;
import io.flotilla.kube.schema.StructuralSchemaTest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAPI documents' content, as kube-apiserver 1.32 shapes it. */
class OpenApiTest {
  static final String CRD =
      CrdYaml.crd("example.com", "Widget", "widgets")
          .listKind()
          .storedVersion(
              "v1",
              CrdYaml.rootSchema(
                  "Widget is a test kind.",
                  """
                  spec:
                    type: object
                    description: The desired widget.
                    required: [size]
                    properties:
                      size: {type: integer, minimum: 1, description: How big.}
                      color: {type: string, enum: [red, blue], nullable: true}
                      name: {type: string, pattern: '^[a-z]+$'}
                      port: {x-kubernetes-int-or-string: true}
                      extra: {type: object, x-kubernetes-preserve-unknown-fields: true,
                              properties: {a: {type: string}}}
                  """),
              CrdYaml.STATUS)
          .yaml();

  static ResourceType widget(String crdYaml) {
    return Registry.typesOf((ObjectNode) StructuralSchemaTest.yaml(crdYaml)).get(0);
  }

  static List<ResourceType> served(String group, String version) {
    return new Registry()
        .all().stream()
            .filter(t -> t.group().equals(group) && t.version().equals(version))
            .toList();
  }

  /** The operation for {@code verb} on {@code path} in an OpenAPI v3 document. */
  static JsonNode operation(JsonNode doc, String path, String verb) {
    return doc.path("paths").path(path).path(verb);
  }

  @Test
  void aBuiltInKindCarriesKubernetesDefinitionsWithTheirExtensionsInV3Form() {
    ObjectNode doc = OpenApi.groupVersionDocument(served("apps", "v1"));
    JsonNode schemas = doc.path("components").path("schemas");

    JsonNode deployment = schemas.path("io.k8s.api.apps.v1.Deployment");
    assertThat(deployment.path("x-kubernetes-group-version-kind").toString())
        .isEqualTo("[{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}]");
    assertThat(deployment.path("properties").path("spec").toString())
        .isEqualTo(
            "{\"description\":\"Specification of the desired behavior of the Deployment.\","
                + "\"default\":{},"
                + "\"allOf\":[{\"$ref\":\"#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec\"}]}");
    assertThat(
            schemas
                .path("io.k8s.api.apps.v1.DeploymentList")
                .path("x-kubernetes-group-version-kind")
                .get(0)
                .path("kind")
                .asText())
        .isEqualTo("DeploymentList");

    JsonNode containers =
        schemas.path("io.k8s.api.core.v1.PodSpec").path("properties").path("containers");
    assertThat(containers.path("x-kubernetes-patch-merge-key").asText()).isEqualTo("name");
    assertThat(containers.path("x-kubernetes-patch-strategy").asText()).isEqualTo("merge");
    assertThat(containers.path("x-kubernetes-list-type").asText()).isEqualTo("map");
    assertThat(containers.path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"name\"]");
    assertThat(
            schemas
                .path("io.k8s.api.core.v1.Container")
                .path("properties")
                .path("imagePullPolicy")
                .path("enum")
                .toString())
        .isEqualTo("[\"Always\",\"IfNotPresent\",\"Never\"]");

    assertThat(unresolved(doc, OpenApiV3.REF)).isEmpty();
    assertThat(doc.toString()).doesNotContain("#/definitions/", "x-fabric8");
  }

  @Test
  void operationsNameTheirKindAndTheFieldValidationParameter() {
    ObjectNode doc = OpenApi.groupVersionDocument(served("apps", "v1"));
    JsonNode patch =
        operation(doc, "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "patch");
    assertThat(patch.path("operationId").asText()).isEqualTo("patchAppsV1NamespacedDeployment");
    assertThat(patch.path("x-kubernetes-action").asText()).isEqualTo("patch");
    assertThat(patch.path("x-kubernetes-group-version-kind").toString())
        .isEqualTo("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}");
    assertThat(patch.path("parameters").findValuesAsText("name"))
        .contains("name", "namespace", "fieldValidation", "fieldManager", "dryRun", "force");
    assertThat(operation(doc, "/apis/apps/v1/deployments", "get").path("operationId").asText())
        .isEqualTo("listAppsV1DeploymentForAllNamespaces");
    assertThat(
            operation(doc, "/apis/apps/v1/namespaces/{namespace}/deployments", "delete")
                .path("operationId")
                .asText())
        .isEqualTo("deleteAppsV1CollectionNamespacedDeployment");
    assertThat(
            OpenApi.groupVersionDocument(served("", "v1"))
                .path("paths")
                .path("/api/v1/namespaces/{name}/status")
                .path("get")
                .path("operationId")
                .asText())
        .isEqualTo("readCoreV1NamespaceStatus");
  }

  @Test
  void aCustomResourceGetsItsStructuralSchemaWithTypeAndObjectMeta() {
    ResourceType t = widget(CRD);
    ObjectNode doc = OpenApi.groupVersionDocument(List.of(t));
    JsonNode schemas = doc.path("components").path("schemas");
    JsonNode kind = schemas.path("com.example.v1.Widget");
    assertThat(kind.path("description").asText()).isEqualTo("Widget is a test kind.");
    assertThat(kind.path("x-kubernetes-group-version-kind").toString())
        .isEqualTo("[{\"group\":\"example.com\",\"kind\":\"Widget\",\"version\":\"v1\"}]");
    assertThat(kind.path("properties").path("metadata").path("allOf").get(0).path("$ref").asText())
        .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(kind.path("properties").path("apiVersion").path("description").asText())
        .startsWith("APIVersion defines the versioned schema of this representation of an object.");
    JsonNode spec = kind.path("properties").path("spec");
    assertThat(spec.path("properties").path("color").path("enum").toString())
        .isEqualTo("[\"red\",\"blue\"]");
    assertThat(spec.path("properties").path("size").path("minimum").asInt()).isEqualTo(1);

    JsonNode list = schemas.path("com.example.v1.WidgetList");
    assertThat(list.path("description").asText()).isEqualTo("WidgetList is a list of Widget");
    assertThat(list.path("properties").path("items").path("items").path("$ref").asText())
        .isEqualTo("#/components/schemas/com.example.v1.Widget");
    assertThat(list.path("properties").path("items").path("description").asText())
        .isEqualTo(
            "List of widgets. More info:"
                + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md");
    assertThat(
            doc.path("paths")
                .has("/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status"))
        .isTrue();
    assertThat(unresolved(doc, OpenApiV3.REF)).isEmpty();
  }

  @Test
  void v2StripsValueValidationsAndWhatKubectlWouldMisread() {
    ObjectNode doc = OpenApi.v2(List.of(widget(CRD)));
    JsonNode spec =
        doc.path("definitions").path("com.example.v1.Widget").path("properties").path("spec");
    assertThat(spec.path("properties").path("size").toString())
        .isEqualTo("{\"type\":\"integer\",\"description\":\"How big.\"}");
    assertThat(spec.path("properties").path("color").toString()).isEqualTo("{\"type\":\"string\"}");
    assertThat(spec.path("properties").path("name").has("pattern")).isFalse();
    assertThat(spec.path("properties").path("extra").has("properties")).isFalse();
    assertThat(spec.path("required").toString()).isEqualTo("[\"size\"]");
    assertThat(doc.path("definitions").path("io.k8s.api.apps.v1.Deployment").isMissingNode())
        .isTrue();
    assertThat(unresolved(doc, BuiltinSchemas.REF_V2)).isEmpty();

    ResourceType open =
        widget(
            CRD.replace(
                "description: Widget is a test kind.",
                "x-kubernetes-preserve-unknown-fields: true"));
    JsonNode kind = OpenApi.v2(List.of(open)).path("definitions").path("com.example.v1.Widget");
    assertThat(kind.path("type").asText()).isEqualTo("object");
    assertThat(kind.has("properties")).as("any listed property would refuse the others").isFalse();
  }

  @Test
  void theDiscoveryHashOfAGroupVersionChangesWithItsCrdsOnly() {
    Registry registry = new Registry();
    OpenApi api = new OpenApi(registry);
    String apps = api.root().path("paths").path("apis/apps/v1").path("serverRelativeURL").asText();
    assertThat(apps).matches("/openapi/v3/apis/apps/v1\\?hash=[0-9A-F]{128}");
    assertThat(api.root().has("apis/example.com/v1")).isFalse();

    registry.register("widgets.example.com", List.of(widget(CRD)));
    JsonNode paths = api.root().path("paths");
    String first = paths.path("apis/example.com/v1").path("serverRelativeURL").asText();
    assertThat(first).startsWith("/openapi/v3/apis/example.com/v1?hash=");
    assertThat(paths.path("apis/apps/v1").path("serverRelativeURL").asText()).isEqualTo(apps);

    registry.register("widgets.example.com", List.of(widget(CRD.replace("How big.", "Size."))));
    String second =
        api.root().path("paths").path("apis/example.com/v1").path("serverRelativeURL").asText();
    assertThat(second).isNotEqualTo(first);

    registry.unregister("widgets.example.com");
    assertThat(api.root().path("paths").has("apis/example.com/v1")).isFalse();
    assertThat(api.groupVersion("example.com", "v1")).isNull();
  }

  @Test
  void acceptNegotiation() {
    assertThat(OpenApi.negotiate(null, true)).isEqualTo("application/json");
    assertThat(OpenApi.negotiate(OpenApi.V2_PROTOBUF, true))
        .isEqualTo("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    assertThat(OpenApi.negotiate("application/json, */*", true)).isEqualTo("application/json");
    assertThat(OpenApi.negotiate(OpenApi.V2_PROTOBUF, false)).isNull();
    assertThat(OpenApi.negotiate("text/html", true)).isNull();
  }

  @Test
  void kindsWithoutAPublishedDefinitionHaveOperationsButNoSchema() {
    ObjectNode doc = OpenApi.groupVersionDocument(served("apiextensions.k8s.io", "v1"));
    JsonNode post =
        operation(doc, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "post");
    assertThat(post.path("x-kubernetes-group-version-kind").path("kind").asText())
        .isEqualTo("CustomResourceDefinition");
    assertThat(post.has("requestBody")).isFalse();
    assertThat(unresolved(doc, OpenApiV3.REF)).isEmpty();
  }

  /** References in {@code doc} whose target it lacks. */
  static List<String> unresolved(JsonNode doc, String prefix) {
    JsonNode targets =
        prefix.equals(OpenApiV3.REF)
            ? doc.path("components").path("schemas")
            : doc.path("definitions");
    Deque<String> refs = new ArrayDeque<>();
    OpenApiDefinitions.references(replacePrefix(doc, prefix), refs);
    return refs.stream().filter(r -> !targets.has(r)).distinct().toList();
  }

  private static JsonNode replacePrefix(JsonNode doc, String prefix) {
    return Json.parse(
        Json.write(doc)
            .replace(prefix, BuiltinSchemas.REF_V2)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
