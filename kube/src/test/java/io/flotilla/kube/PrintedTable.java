package io.flotilla.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code kubectl get} printed, read back cell by cell: each row is cut at the offsets where
 * the header's columns start (kubectl aligns them), so empty cells stay visible. Cells of age-like
 * columns that hold a duration become {@code <age>}, and so does the age in a RESTARTS cell.
 */
final class PrintedTable {
  private static final Pattern DURATION = Pattern.compile("(\\d+[smhdy])+");
  private static final Pattern RESTART_AGE = Pattern.compile("\\((\\d+[smhdy])+ ago\\)");
  private static final Set<String> AGE_COLUMNS =
      Set.of("AGE", "DURATION", "LAST SEEN", "FIRST SEEN", "LAST SCHEDULE", "STARTED");

  private PrintedTable() {}

  /** Each table (kubectl separates them by a blank line) as lines of cells joined by " | ". */
  static String normalize(String printed) {
    StringBuilder out = new StringBuilder();
    for (String block : printed.split("\n\n")) {
      List<String> lines = block.lines().filter(l -> !l.isBlank()).toList();
      if (lines.isEmpty()) {
        continue;
      }
      if (!out.isEmpty()) {
        out.append('\n');
      }
      List<Integer> starts = new ArrayList<>();
      List<String> names = new ArrayList<>();
      Matcher m = Pattern.compile("\\S+( \\S+)*").matcher(lines.get(0));
      while (m.find()) {
        starts.add(m.start());
        names.add(m.group());
      }
      for (String line : lines) {
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
          int from = Math.min(starts.get(i), line.length());
          int to =
              i + 1 < starts.size() ? Math.min(starts.get(i + 1), line.length()) : line.length();
          String cell = line.substring(from, to).strip();
          if (AGE_COLUMNS.contains(names.get(i)) && DURATION.matcher(cell).matches()) {
            cell = "<age>";
          }
          cells.add(RESTART_AGE.matcher(cell).replaceAll("(<age> ago)"));
        }
        out.append(String.join(" | ", cells)).append('\n');
      }
    }
    return out.toString();
  }
}
