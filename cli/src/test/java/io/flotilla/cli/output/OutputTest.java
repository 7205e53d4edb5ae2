package io.flotilla.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flotilla.cli.configuration.Staleness;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class OutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static String print(
      String format,
      String query,
      JsonNode data,
      java.util.function.Function<JsonNode, JsonNode> transformer) {
    StringWriter out = new StringWriter();
    new Output(new PrintWriter(out), format, query).print(data, transformer);
    return out.toString();
  }

  @Test
  void jsonIsPythonsIndentedSortedDump() throws Exception {
    assertThat(
            PyJson.dump(
                json("{\"b\":[1,{\"z\":null,\"a\":\"é\\n\"}],\"a\":{},\"c\":[],\"d\":true}")))
        .isEqualTo(
            """
            {
              "a": {},
              "b": [
                1,
                {
                  "a": "é\\n",
                  "z": null
                }
              ],
              "c": [],
              "d": true
            }""");
  }

  @Test
  void aFluxConfigurationIsFlattenedLikeAzsSdkModel() throws Exception {
    JsonNode flat =
        Output.fluxConfiguration(
            json(
                """
                {"id":"/subscriptions/s/resourceGroups/My-RG/providers/Microsoft.Kubernetes/connectedClusters/c/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/x",
                 "name":"x","type":"Microsoft.KubernetesConfiguration/fluxConfigurations",
                 "properties":{"scope":"cluster","namespace":"ns","configurationProtectedSettings":{"httpsKey":"c2VjcmV0"}}}
                """));
    assertThat(flat.get("scope").asText()).isEqualTo("cluster");
    assertThat(flat.get("resourceGroup").asText()).isEqualTo("My-RG");
    assertThat(flat.get("bucket").isNull()).isTrue();
    assertThat(flat.has("properties")).isFalse();
    assertThat(flat.get("configurationProtectedSettings").toString())
        .isEqualTo("{\"httpsKey\":\"*****\"}");
  }

  @Test
  void fluxTableRowsDropMissingValuesAndKeepAzsColumnOrder() throws Exception {
    var rows =
        json(
            """
            [{"name":"a","namespace":"ns","scope":"cluster","provisioningState":"Succeeded",
              "complianceState":"Compliant","statusUpdatedAt":null,"sourceUpdatedAt":null},
             {"name":"bb","namespace":"ns","scope":"namespace","provisioningState":"Creating",
              "complianceState":"Pending","statusUpdatedAt":"2025-01-01T00:00:00Z","sourceUpdatedAt":null}]
            """);
    assertThat(print("table", null, rows, Tables.FLUX_CONFIG))
        .isEqualTo(
            """
            Namespace    Name    Scope      ProvisioningState    ComplianceState    StatusUpdatedAt
            -----------  ------  ---------  -------------------  -----------------  --------------------
            ns           a       cluster    Succeeded            Compliant
            ns           bb      namespace  Creating             Pending            2025-01-01T00:00:00Z
            """);
  }

  @Test
  void kustomizationTableFormatsDurationsAndDependencies() throws Exception {
    var map =
        json(
            """
            {"infra":{"path":"./infrastructure","dependsOn":[],"syncIntervalInSeconds":600,
                      "timeoutInSeconds":3725,"prune":true,"force":false},
             "apps":{"path":"./apps","dependsOn":["infra","crds"],"syncIntervalInSeconds":60,
                      "timeoutInSeconds":600,"prune":false,"force":false}}
            """);
    assertThat(print("table", null, map, Tables.KUSTOMIZATION))
        .isEqualTo(
            """
            Name    Path              DependsOn    SyncInterval    Timeout    Prune    Force
            ------  ----------------  -----------  --------------  ---------  -------  -------
            infra   ./infrastructure               10m             1h2m5s     True     False
            apps    ./apps            infra,crds   1m              10m        False    False
            """);
  }

  @Test
  void withoutATransformerTheTableIsKnacksAutoTable() throws Exception {
    var item =
        json(
            """
            {"name":"x","id":"/subscriptions/s","type":"t","suspend":false,"kustomizations":{},
             "statuses":[],"errorMessage":null,"complianceState":"Pending"}
            """);
    assertThat(print("table", null, item, null))
        .isEqualTo(
            """
            ComplianceState    Name    Suspend
            -----------------  ------  ---------
            Pending            x       False
            """);
  }

  @Test
  void queryTsvYamlAndNone() throws Exception {
    var list = json("[{\"name\":\"a\",\"n\":1,\"on\":true,\"x\":null,\"l\":[1,2],\"o\":{}}]");
    assertThat(print("json", "[0].name", list, null)).isEqualTo("\"a\"\n");
    assertThat(print("tsv", null, list, null)).isEqualTo("2\t1\ta\t\tTrue\tNone\n");
    assertThat(print("yaml", "[0].{name:name,count:n}", list, null))
        .isEqualTo("count: 1\nname: a\n");
    assertThat(print("none", null, list, null)).isEmpty();
    assertThat(print("json", null, null, null)).isEmpty();
  }

  @Test
  void tsvSortsKeysExceptOfObjectsTheQueryBuilt() throws Exception {
    var list = json("[{\"z\":\"1\",\"a\":\"2\"}]");
    assertThat(print("tsv", null, list, null)).isEqualTo("2\t1\n");
    assertThat(print("tsv", "[0]", list, null)).isEqualTo("2\t1\n");
    // A multiselect hash is an OrderedDict in knack: its columns keep the query's order.
    assertThat(print("tsv", "[].{z:z,a:a}", list, null)).isEqualTo("1\t2\n");
    assertThat(print("tsv", "[0].a", list, null)).isEqualTo("2\n");
    assertThat(print("tsv", "length(@) == `1`", list, null)).isEqualTo("true\n");
  }

  @Test
  void anEmptyTableIsOneEmptyLine() throws Exception {
    assertThat(print("table", null, json("[]"), Tables.FLUX_CONFIG)).isEqualTo("\n");
  }

  @Test
  void disconnectedConfigurationsAreNamedOnceForTables() throws Exception {
    String message =
        "Cluster edge is disconnected: last heartbeat 2025-01-01T00:00:00Z; status below was last"
            + " reported at 2025-01-01T00:00:00Z";
    var stale = json("{\"errorMessage\":\"" + message + "\",\"complianceState\":\"Unknown\"}");
    var fine = json("{\"errorMessage\":\"\",\"complianceState\":\"Compliant\"}");
    assertThat(Staleness.warning(java.util.List.of(fine))).isEmpty();
    assertThat(Staleness.warning(java.util.List.of(fine, stale))).contains(message);
    assertThat(Staleness.warning(java.util.List.of(stale, stale)))
        .contains(message + " (2 configurations shown are affected)");
  }
}
