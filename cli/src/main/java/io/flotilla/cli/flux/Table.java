package io.flotilla.cli.flux;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * flux's table (olekukonko/tablewriter with no borders, a tab as padding and no extra white space):
 * each cell padded to its column's width and followed by a tab, the header upper-cased and its last
 * cell followed by a space instead; a cell's lines become lines of their own.
 */
final class Table {
  private Table() {}

  static void print(PrintWriter out, List<String> header, List<List<String>> rows) {
    int columns = header.isEmpty() ? (rows.isEmpty() ? 0 : rows.get(0).size()) : header.size();
    int[] width = new int[columns];
    List<String> heads = header.stream().map(h -> h.toUpperCase(Locale.ROOT)).toList();
    measure(width, List.of(heads));
    for (List<String> row : rows) {
      measure(width, List.of(row));
    }
    if (!heads.isEmpty()) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(pad(heads.get(i), width[i])).append(i == columns - 1 ? " " : "\t");
      }
      out.println(line);
    }
    for (List<String> row : rows) {
      List<String[]> cells = new ArrayList<>();
      int lines = 1;
      for (String cell : row) {
        String[] split = cell.split("\n", -1);
        cells.add(split);
        lines = Math.max(lines, split.length);
      }
      for (int l = 0; l < lines; l++) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns; i++) {
          String[] c = cells.get(i);
          line.append(pad(l < c.length ? c[l] : "", width[i])).append('\t');
        }
        out.println(line);
      }
    }
    out.flush();
  }

  private static void measure(int[] width, List<List<String>> rows) {
    for (List<String> row : rows) {
      for (int i = 0; i < row.size() && i < width.length; i++) {
        for (String line : row.get(i).split("\n", -1)) {
          width[i] = Math.max(width[i], line.codePointCount(0, line.length()));
        }
      }
    }
  }

  private static String pad(String s, int width) {
    int len = s.codePointCount(0, s.length());
    return len >= width ? s : s + " ".repeat(width - len);
  }
}
