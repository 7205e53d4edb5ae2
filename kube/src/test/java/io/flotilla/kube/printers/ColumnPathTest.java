package io.flotilla.kube.printers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.flotilla.kube.base.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSONPath of printer columns, and the cells a CRD's columns make of what it finds. */
class ColumnPathTest {
  static final JsonNode OBJ =
      yaml(
          """
          metadata:
            name: w
            creationTimestamp: '2025-01-01T10:00:00Z'
            labels: {app.kubernetes.io/name: web, tier: gold}
          spec:
            size: 3
            ratio: 0.75
            big: 1234567.5
            tiny: 0.00001
            enabled: true
            nothing: null
            items: [{n: a, v: 1}, {n: b, v: 2}, {n: c, v: 3}]
            html: {x: '<a&b>'}
          status:
            conditions:
            - {type: Synced, status: 'False'}
            - {type: Ready, status: 'True', reason: Done}
            - {type: Ready, status: 'Unknown'}
          """);

  static JsonNode yaml(String s) {
    try {
      return Json.YAML.readTree(s);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<String> find(String path) {
    List<String> out = new ArrayList<>();
    ColumnPath.parse(path).find(OBJ).forEach(n -> out.add(ColumnPath.text(n)));
    return out;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        ".spec.size | 3",
        "{.spec.size} | 3",
        "spec.size | 3",
        ".metadata.labels.app\\.kubernetes\\.io/name | web",
        ".metadata.labels['app.kubernetes.io/name'] | web",
        ".spec.items[0].n | a",
        ".spec.items[-1].n | c",
        ".spec.items[1:].n | b,c",
        ".spec.items[*].v | 1,2,3",
        ".spec.items[?(@.v > 1)].n | b,c",
        ".spec.items[?(@.n != 'b')].n | a,c",
        ".status.conditions[?(@.type==\"Ready\")].status | True,Unknown",
        ".status.conditions[?(@.reason)].type | Ready",
        ".spec.ratio | 0.75",
        ".spec.big | 1.2345675e+06",
        ".spec.tiny | 1e-05",
        ".spec.enabled | true",
        ".spec.html | {\"x\":\"\\u003ca\\u0026b\\u003e\"}",
        ".metadata.labels | {\"app.kubernetes.io/name\":\"web\",\"tier\":\"gold\"}",
        ".spec.items[0] | {\"n\":\"a\",\"v\":1}",
      })
  void findsWhatKubectlsJsonPathFinds(String path, String found) {
    assertThat(String.join(",", find(path))).isEqualTo(found);
  }

  /**
   * kubectl's jsonpath writes a map or list with Go's json.Marshal: encoding/json's appendString
   * with HTML escaping, so {@code < > &}, U+2028 and U+2029 as six-character escapes, backspace,
   * form feed, newline, carriage return and tab short (Go 1.22 on), other control characters as
   * six-character escapes in lower-case hex, DEL as it is. (kubectl v1.32's {@code create configmap
   * --dry-run=client -o jsonpath='{.data}'} prints these characters so.)
   */
  @Test
  void writesStringsInsideMapsAsGoMarshalsThem() {
    JsonNode map =
        Json.F.objectNode()
            .put("k\u001b<", "a\u001bb\u0000\u001f\b\f\n\r\t\u007f\u2028\u2029&\"\\");
    assertThat(ColumnPath.text(map))
        .isEqualTo(
            "{\"k\\u001b\\u003c\":\"a\\u001bb\\u0000\\u001f\\b\\f\\n\\r\\t\u007f"
                + "\\u2028\\u2029\\u0026\\\"\\\\\"}");
  }

  @Test
  void missingKeysFindNothing() {
    assertThat(find(".spec.missing.deeper")).isEmpty();
    assertThat(find(".spec.items[7].n")).isEmpty();
    assertThat(find(".spec.size.x")).isEmpty();
    assertThat(ColumnPath.parse(".spec.missing").first(OBJ)).isNull();
    assertThatThrownBy(() -> ColumnPath.parse(".spec..size"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** The row's cells for columns declared as in a CRD. */
  static List<String> cells(String columns) {
    ArrayNode out = Json.array();
    CustomColumns.of(yaml(columns)).cells().write(OBJ, Instant.parse("2025-01-01T12:00:00Z"), out);
    List<String> texts = new ArrayList<>();
    out.forEach(c -> texts.add(c.isNull() ? "null" : c.getNodeType() + ":" + c.asText()));
    return texts;
  }

  @Test
  void cellsAreTypedAsTheColumnSays() {
    assertThat(
            cells(
                """
                - {name: Size, type: integer, jsonPath: .spec.size}
                - {name: Ratio, type: integer, jsonPath: .spec.ratio}
                - {name: Name, type: integer, jsonPath: .metadata.name}
                - {name: Size, type: number, jsonPath: .spec.size}
                - {name: Ratio, type: number, jsonPath: .spec.ratio}
                - {name: On, type: boolean, jsonPath: .spec.enabled}
                - {name: On, type: boolean, jsonPath: .spec.size}
                - {name: Size, type: string, jsonPath: .spec.size}
                - {name: Nothing, type: string, jsonPath: .spec.nothing}
                - {name: Missing, type: string, jsonPath: .spec.missing}
                - {name: Made, type: date, jsonPath: .metadata.creationTimestamp}
                - {name: Bad, type: date, jsonPath: .metadata.name}
                - {name: Odd, type: object, jsonPath: .spec}
                - {name: Broken, type: string, jsonPath: '.spec[?(@.x'}
                """))
        .containsExactly(
            "STRING:w",
            "NUMBER:3",
            "NUMBER:0",
            "null",
            "NUMBER:3",
            "NUMBER:0.75",
            "BOOLEAN:true",
            "null",
            "STRING:3",
            "null",
            "null",
            "STRING:120m",
            "STRING:<invalid>",
            "null",
            "null");
  }

  @Test
  void columnsKeepTheirDeclaredOrderAndPriority() {
    Printer p =
        CustomColumns.of(
            yaml(
                """
                - {name: Zeta, type: string, jsonPath: .a}
                - {name: Alpha, type: string, jsonPath: .b, priority: 1, description: The b., format: byte}
                """));
    assertThat(p.columns())
        .containsExactly(
            TableColumn.NAME,
            new TableColumn(
                "Zeta",
                "string",
                "",
                "Custom resource definition column (in JSONPath format): .a",
                0),
            new TableColumn("Alpha", "string", "byte", "The b.", 1));
    assertThat(CustomColumns.of(null).columns())
        .containsExactly(
            TableColumn.NAME, new TableColumn("Age", "date", "", TableColumn.CREATED_DOC, 0));
  }
}
