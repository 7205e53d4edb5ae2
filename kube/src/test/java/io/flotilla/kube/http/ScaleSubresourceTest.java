package io.flotilla.kube.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.Registry;
import io.flotilla.kube.store.Store;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The Scale view of a parent and its inverse, as kube-apiserver's scale REST builds them. */
class ScaleSubresourceTest {
  private static final Registry REGISTRY = new Registry();
  private static final ResourceType DEPLOY = REGISTRY.find("apps", "v1", "deployments");

  private static ObjectNode json(String s) {
    return (ObjectNode) Json.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  private static final ObjectNode WEB =
      json(
          """
          {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"ns",
           "uid":"u1","resourceVersion":"7","generation":3,"creationTimestamp":"2024-01-01T00:00:00Z",
           "labels":{"a":"b"}},
           "spec":{"replicas":2,"selector":{"matchLabels":{"tier":"front","app":"web"},
             "matchExpressions":[{"key":"env","operator":"NotIn","values":["prod","dev"]},
                                 {"key":"canary","operator":"DoesNotExist"}]}},
           "status":{"replicas":1}}
          """);

  @Test
  void aDeploymentsScaleCarriesItsIdentityReplicasAndRenderedSelector() {
    ObjectNode scale =
        ScaleSubresource.view(DEPLOY, ScaleSubresource.paths(DEPLOY, new Store()), WEB);
    assertThat(Json.write(scale))
        .isEqualTo(
            "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":\"web\","
                + "\"namespace\":\"ns\",\"uid\":\"u1\",\"resourceVersion\":\"7\","
                + "\"creationTimestamp\":\"2024-01-01T00:00:00Z\"},\"spec\":{\"replicas\":2},"
                + "\"status\":{\"replicas\":1,"
                + "\"selector\":\"app=web,!canary,env notin (dev,prod),tier=front\"}}");
  }

  @Test
  void selectorsRenderAsLabelsSelectorStringDoes() {
    assertThat(ScaleSubresource.selectorString(null)).isEmpty();
    assertThat(ScaleSubresource.selectorString(json("{}"))).isEmpty();
    assertThat(
            ScaleSubresource.selectorString(
                json(
                    "{\"matchExpressions\":[{\"key\":\"b\",\"operator\":\"In\",\"values\":[\"y\",\"x\"]},"
                        + "{\"key\":\"a\",\"operator\":\"Exists\"}]}")))
        .isEqualTo("a,b in (x,y)");
  }

  @Test
  void zeroReplicasAreLeftOutOfTheSpecButNotTheStatus() {
    ObjectNode idle = WEB.deepCopy();
    ((ObjectNode) idle.get("spec")).put("replicas", 0);
    idle.remove("status");
    ObjectNode scale =
        ScaleSubresource.view(DEPLOY, ScaleSubresource.paths(DEPLOY, new Store()), idle);
    assertThat(Json.write(scale.get("spec"))).isEqualTo("{}");
    assertThat(scale.path("status").path("replicas").asInt()).isZero();
  }

  @Test
  void aNewScaleChangesOnlyReplicasAndIsValidatedAndPreconditioned() {
    ScaleSubresource.Paths apps = ScaleSubresource.paths(DEPLOY, new Store());
    ObjectNode updated =
        ScaleSubresource.withScale(DEPLOY, apps, WEB, json("{\"spec\":{\"replicas\":5}}"));
    ObjectNode expected = WEB.deepCopy();
    ((ObjectNode) expected.get("spec")).put("replicas", 5);
    assertThat(updated).isEqualTo(expected);

    assertThatThrownBy(
            () ->
                ScaleSubresource.withScale(DEPLOY, apps, WEB, json("{\"spec\":{\"replicas\":-1}}")))
        .hasMessage(
            "Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -1: must be"
                + " greater than or equal to 0");
    assertThatThrownBy(
            () ->
                ScaleSubresource.withScale(
                    DEPLOY, apps, WEB, json("{\"metadata\":{\"uid\":\"other\"},\"spec\":{}}")))
        .hasMessage(
            "Operation cannot be fulfilled on deployments/scale.apps \"web\": Precondition failed:"
                + " UID in precondition: other, UID in object meta: u1");
    assertThatThrownBy(
            () ->
                ScaleSubresource.withScale(
                    DEPLOY, apps, WEB, json("{\"metadata\":{\"resourceVersion\":\"6\"}}")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code).isEqualTo(409));
    assertThatThrownBy(
            () ->
                ScaleSubresource.withScale(
                    DEPLOY, apps, WEB, json("{\"spec\":{\"replicas\":\"3\"}}")))
        .hasMessage(
            "json: cannot unmarshal string into Go struct field ScaleSpec.spec.replicas of type"
                + " int32");
  }

  @Test
  void onlyCrdVersionsDeclaringScaleHaveIt() {
    Store store = new Store();
    ObjectNode crd =
        json(
            """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
             "metadata":{"name":"widgets.x.io","resourceVersion":"1"},
             "spec":{"group":"x.io","scope":"Namespaced",
               "names":{"kind":"Widget","plural":"widgets"},
               "versions":[
                 {"name":"v1","served":true,"storage":true,
                  "schema":{"openAPIV3Schema":{"type":"object"}},
                  "subresources":{"scale":{"specReplicasPath":".spec.size",
                                           "statusReplicasPath":".status.ready"}}},
                 {"name":"v2","served":true,"storage":false,
                  "schema":{"openAPIV3Schema":{"type":"object"}}}]}}
            """);
    store.put("apiextensions.k8s.io/customresourcedefinitions", crd);
    var types = Registry.typesOf(crd);
    ScaleSubresource.Paths v1 = ScaleSubresource.paths(types.get(0), store);
    assertThat(v1.specReplicas()).containsExactly("spec", "size");
    assertThat(ScaleSubresource.paths(types.get(1), store)).isNull();
    assertThat(ScaleSubresource.paths(REGISTRY.find("", "v1", "configmaps"), store)).isNull();

    ObjectNode w = json("{\"metadata\":{\"name\":\"w\"},\"status\":{\"ready\":2}}");
    ObjectNode scale = ScaleSubresource.view(types.get(0), v1, w);
    assertThat(Json.write(scale.get("status"))).isEqualTo("{\"replicas\":2}");
    ObjectNode scaled =
        ScaleSubresource.withScale(types.get(0), v1, w, json("{\"spec\":{\"replicas\":3}}"));
    assertThat(scaled.path("spec").path("size").asInt()).isEqualTo(3);
  }
}
