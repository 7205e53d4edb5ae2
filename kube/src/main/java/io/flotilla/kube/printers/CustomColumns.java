package io.flotilla.kube.printers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.flotilla.kube.base.HumanDuration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A custom resource's table, as apiextensions-apiserver builds it: NAME, then the version's {@code
 * additionalPrinterColumns} in their declared order (priority kept, so kubectl shows columns above
 * 0 only with {@code -o wide}), or AGE when the version declares none.
 */
final class CustomColumns {
  private CustomColumns() {}

  private record Column(TableColumn definition, ColumnPath path) {}

  static Printer of(JsonNode printerColumns) {
    List<Column> columns = new ArrayList<>();
    if (printerColumns == null || printerColumns.isEmpty()) {
      columns.add(
          new Column(
              new TableColumn("Age", "date", "", TableColumn.CREATED_DOC, 0),
              ColumnPath.parse(".metadata.creationTimestamp")));
    } else {
      for (JsonNode c : printerColumns) {
        String jsonPath = c.path("jsonPath").asText();
        String description = c.path("description").asText("");
        TableColumn definition =
            new TableColumn(
                c.path("name").asText(),
                c.path("type").asText(""),
                c.path("format").asText(""),
                description.isEmpty()
                    ? "Custom resource definition column (in JSONPath format): " + jsonPath
                    : description,
                c.path("priority").asInt(0));
        columns.add(new Column(definition, parseOrNull(jsonPath)));
      }
    }
    List<TableColumn> definitions = new ArrayList<>();
    definitions.add(TableColumn.NAME);
    columns.forEach(c -> definitions.add(c.definition()));
    return new Printer(
        definitions,
        (obj, now, out) -> {
          out.add(PrinterText.name(obj));
          for (Column c : columns) {
            JsonNode v = c.path() == null ? null : c.path().first(obj);
            cell(c.definition().type(), v, now, out);
          }
        });
  }

  private static ColumnPath parseOrNull(String jsonPath) {
    try {
      return ColumnPath.parse(jsonPath);
    } catch (IllegalArgumentException e) {
      return null; // a column the server cannot evaluate stays empty
    }
  }

  /** One cell: typed as the column says, or null when the value does not fit the type. */
  static void cell(String type, JsonNode v, Instant now, ArrayNode out) {
    if (v == null || v.isNull()) {
      out.addNull();
      return;
    }
    switch (type) {
      case "string" -> out.add(ColumnPath.text(v));
      case "integer" -> {
        if (v.isNumber()) {
          out.add(v.isIntegralNumber() ? v.asLong() : (long) v.doubleValue());
        } else {
          out.addNull();
        }
      }
      case "number" -> {
        if (v.isIntegralNumber()) {
          out.add(v.asLong());
        } else if (v.isNumber()) {
          out.add(v.doubleValue());
        } else {
          out.addNull();
        }
      }
      case "boolean" -> {
        if (v.isBoolean()) {
          out.add(v.asBoolean());
        } else {
          out.addNull();
        }
      }
      case "date" -> {
        if (v.isTextual()) {
          out.add(date(v.asText(), now));
        } else {
          out.addNull();
        }
      }
      default -> out.addNull();
    }
  }

  private static String date(String text, Instant now) {
    if (text.isEmpty() || text.equals("null")) {
      return HumanDuration.UNKNOWN;
    }
    try {
      Instant t = OffsetDateTime.parse(text).toInstant();
      return t.equals(HumanDuration.ZERO) ? HumanDuration.UNKNOWN : HumanDuration.between(t, now);
    } catch (DateTimeParseException e) {
      return "<invalid>";
    }
  }
}
