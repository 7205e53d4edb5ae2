package io.flotilla.kube.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kube.base.ApiExceptions;
import io.flotilla.kube.base.Json;
import io.flotilla.kube.base.ResourceType;
import io.flotilla.kube.printers.TableColumn;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TablesTest {
  static final ResourceType CONFIGMAPS =
      ResourceType.builtin("", "v1", "configmaps", "ConfigMap", true, false);

  @ParameterizedTest
  @CsvSource(
      nullValues = "plain",
      delimiter = '|',
      value = {
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json | v1",
        "application/json;as=Table;v=v1beta1;g=meta.k8s.io | v1beta1",
        "application/json | plain",
        "application/json;as=Table;v=v2;g=meta.k8s.io,application/json | plain",
        "application/json;as=Table;v=v1;g=example.com,application/json;as=Table;g=meta.k8s.io;v=v1beta1 | v1beta1",
        "application/json;q=0.5,application/json;as=Table;v=v1;g=meta.k8s.io | v1",
        "application/json;as=Table;v=v1;g=meta.k8s.io;q=0.5,application/json | plain",
        "application/json;as=Table;v=v1;g=meta.k8s.io;q=0,*/* | plain",
        "*/*;as=Table;v=v1;g=meta.k8s.io | v1",
        "application/yaml;as=Table;v=v1;g=meta.k8s.io,application/json | plain",
      })
  void theFirstAcceptableMediaTypeDecides(String accept, String version) {
    assertThat(Tables.tableVersion(accept)).isEqualTo(version);
  }

  @Test
  void includeObjectIsCheckedAsKubeApiserverChecksIt() {
    String accept = "application/json;as=Table;v=v1;g=meta.k8s.io";
    assertThat(Tables.Request.parse(accept, Map.of()).include()).isEqualTo(Tables.Include.METADATA);
    assertThat(Tables.Request.parse(accept, Map.of("includeObject", List.of("None"))).include())
        .isEqualTo(Tables.Include.NONE);
    assertThat(Tables.Request.parse("application/json", Map.of("includeObject", List.of("x"))))
        .isNull();
    ApiExceptions.assertApiError(
        () -> Tables.Request.parse(accept, Map.of("includeObject", List.of("object"))),
        400,
        "Unable to convert to Table as requested: includeObject: Unsupported"
            + " value: \"object\": supported values: \"Metadata\", \"None\","
            + " \"Object\"");
  }

  @Test
  void aListBecomesATableWithItsListMetadata() throws Exception {
    ObjectNode list =
        (ObjectNode)
            Json.YAML.readTree(
                """
                kind: ConfigMapList
                apiVersion: v1
                metadata: {resourceVersion: '42', continue: abc, remainingItemCount: 3}
                items:
                - metadata: {name: a, namespace: n, resourceVersion: '40', creationTimestamp: '2025-01-01T00:00:00Z'}
                  data: {k: v}
                """);
    JsonNode t =
        Tables.list(
            CONFIGMAPS,
            list,
            new Tables.Request("meta.k8s.io/v1", Tables.Include.NONE),
            Instant.parse("2025-01-01T00:00:05Z"));
    assertThat(Json.write(t))
        .isEqualTo(
            "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\","
                + "\"metadata\":{\"resourceVersion\":\"42\",\"continue\":\"abc\","
                + "\"remainingItemCount\":3},"
                + "\"columnDefinitions\":["
                + "{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"description\":"
                + Json.write(Json.F.textNode(TableColumn.NAME_DOC))
                + ",\"priority\":0},"
                + "{\"name\":\"Data\",\"type\":\"string\",\"format\":\"\",\"description\":"
                + "\"Data contains the configuration data.\",\"priority\":0},"
                + "{\"name\":\"Age\",\"type\":\"string\",\"format\":\"\",\"description\":"
                + Json.write(Json.F.textNode(TableColumn.CREATED_DOC))
                + ",\"priority\":0}],"
                + "\"rows\":[{\"cells\":[\"a\",1,\"5s\"],\"object\":null}]}");
  }

  @Test
  void watchEventsCarryTheColumnsOnce() throws Exception {
    JsonNode cm = Json.YAML.readTree("metadata: {name: a, resourceVersion: '7'}");
    var watch =
        Tables.watch(CONFIGMAPS, new Tables.Request("meta.k8s.io/v1", Tables.Include.OBJECT));
    JsonNode first = watch.apply(cm);
    JsonNode second = watch.apply(cm);
    assertThat(first.path("columnDefinitions")).hasSize(3);
    assertThat(first.path("metadata").path("resourceVersion").asText()).isEqualTo("7");
    assertThat(second.get("columnDefinitions").isNull()).isTrue();
    assertThat(second.path("rows").get(0).path("object")).isEqualTo(cm);
  }
}
