package io.flotilla.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.base.ApiException;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.core.Registry;
import io.flotilla.kube.store.Selectors;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectorsAndPatchesTest {

  private static JsonNode json(String s) {
    return Json.parse(s.getBytes(StandardCharsets.UTF_8));
  }

  private static final JsonNode APP_A =
      json("{\"metadata\":{\"name\":\"x\",\"labels\":{\"app\":\"a\",\"tier\":\"web\"}}}");

  @Test
  void setBasedLabelSelectors() {
    assertThat(Selectors.labels("app in (a, b)").test(APP_A)).isTrue();
    assertThat(Selectors.labels("app notin (a)").test(APP_A)).isFalse();
    assertThat(Selectors.labels("!missing,tier").test(APP_A)).isTrue();
    assertThat(Selectors.labels("tier!=web").test(APP_A)).isFalse();
    assertThat(Selectors.labels("app==a,tier=web").test(APP_A)).isTrue();
    assertThatThrownBy(() -> Selectors.labels("app in (a,b),=x")).isInstanceOf(ApiException.class);
  }

  @Test
  void fieldSetsRecordKeyedListItemsAndLeaves() {
    ResourceType deploy = new Registry().find("apps", "v1", "deployments");
    JsonNode obj =
        json(
            """
            {"spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"a","image":"i"}]}}}}
            """);
    FieldSet set = FieldSet.of(obj, new ListKeys(deploy), List.of());
    assertThat(Json.write(set.toFieldsV1()))
        .isEqualTo(
            "{\"f:spec\":{\"f:replicas\":{},\"f:template\":{\"f:spec\":{\"f:containers\":"
                + "{\"k:{\\\"name\\\":\\\"a\\\"}\":{\".\":{},\"f:image\":{},\"f:name\":{}}}}}}}");
    FieldSet back = FieldSet.fromFieldsV1(set.toFieldsV1());
    assertThat(back.minus(set).isEmpty()).isTrue();
    assertThat(FieldSet.describe(List.of("f:spec", "k:{\"name\":\"a\"}", "f:image")))
        .isEqualTo(".spec[name=\"a\"].image");
  }

  @Test
  void strategicMergeHonoursDeleteDirectivesAndPrimitiveFinalizers() {
    ResourceType deploy = new Registry().find("apps", "v1", "deployments");
    JsonNode live =
        json(
            """
            {"metadata":{"finalizers":["a"]},"spec":{"template":{"spec":{"containers":[
              {"name":"x","image":"1"},{"name":"y","image":"1"}]}}}}
            """);
    JsonNode out =
        Patches.strategicMerge(
            live,
            json(
                """
                {"metadata":{"finalizers":["b"]},"spec":{"template":{"spec":{"containers":[
                  {"name":"y","$patch":"delete"},{"name":"z","image":"2"}]}}}}
                """),
            new ListKeys(deploy));
    assertThat(Json.write(out.path("metadata").path("finalizers"))).isEqualTo("[\"a\",\"b\"]");
    assertThat(out.at("/spec/template/spec/containers").findValuesAsText("name"))
        .containsExactly("x", "z");
  }

  @Test
  void jsonPatchMoveAndCopy() {
    JsonNode out =
        Patches.jsonPatch(
            json("{\"a\":{\"b\":1},\"l\":[1,2]}"),
            json(
                "[{\"op\":\"move\",\"from\":\"/a/b\",\"path\":\"/c\"},"
                    + "{\"op\":\"copy\",\"from\":\"/c\",\"path\":\"/l/-\"}]"));
    assertThat(Json.write(out)).isEqualTo("{\"a\":{},\"l\":[1,2,1],\"c\":1}");
  }

  @Test
  void kubernetesVersionPriority() {
    List<String> v =
        new java.util.ArrayList<>(List.of("v1alpha1", "v2beta1", "v1", "v1beta1", "v2"));
    v.sort(Registry.VERSION_ORDER);
    assertThat(v).containsExactly("v2", "v1", "v2beta1", "v1beta1", "v1alpha1");
  }
}
