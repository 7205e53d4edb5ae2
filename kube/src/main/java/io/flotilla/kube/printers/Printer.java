package io.flotilla.kube.printers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How one kind prints as a table: its columns and the cells of an object's row. As in
 * kube-apiserver, a row always carries every column (the server prints "wide"); kubectl hides the
 * columns of priority above 0 unless asked for {@code -o wide}.
 */
public record Printer(List<TableColumn> columns, Cells cells, Conditions conditions) {

  /** Writes one cell per column, in order, for {@code obj} as seen at {@code now}. */
  @FunctionalInterface
  public interface Cells {
    void write(JsonNode obj, Instant now, ArrayNode out);
  }

  /** The row's {@code conditions} (Pods mark completed rows), or null for none. */
  @FunctionalInterface
  public interface Conditions {
    ArrayNode of(JsonNode obj);
  }

  Printer(List<TableColumn> columns, Cells cells) {
    this(columns, cells, o -> null);
  }

  /** Writes the cells between NAME and AGE. */
  @FunctionalInterface
  interface Between {
    void write(JsonNode obj, ArrayNode out);
  }

  /** The usual shape: NAME, the kind's own columns, AGE. */
  static Printer named(List<TableColumn> between, Between cells) {
    List<TableColumn> columns = new ArrayList<>();
    columns.add(TableColumn.NAME);
    columns.addAll(between);
    columns.add(TableColumn.AGE);
    return new Printer(
        List.copyOf(columns),
        (obj, now, out) -> {
          out.add(PrinterText.name(obj));
          cells.write(obj, out);
          out.add(PrinterText.age(obj, now));
        });
  }
}
