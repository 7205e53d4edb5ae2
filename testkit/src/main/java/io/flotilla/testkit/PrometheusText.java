package io.flotilla.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text exposition format (version 0.0.4), as Prometheus' own parser
 * reads it: {@code # HELP}/{@code # TYPE} lines, samples with escaped label values, and the rules a
 * scrape breaks at its peril — names and label names by the grammar, every sample after its
 * family's TYPE, one TYPE per family, and histograms whose buckets ascend by {@code le}, count
 * cumulatively and end with {@code +Inf} equal to {@code _count}. Anything else is an {@link
 * IllegalArgumentException} naming the line.
 */
public final class PrometheusText {
  private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** A family: its TYPE and its samples in order. */
  public record Family(String name, String type, List<Sample> samples) {}

  private final Map<String, Family> families;

  private PrometheusText(Map<String, Family> families) {
    this.families = families;
  }

  public Map<String, Family> families() {
    return families;
  }

  /** The family {@code name}, or an error listing what the scrape has. */
  public Family family(String name) {
    Family f = families.get(name);
    if (f == null) {
      throw new AssertionError("no metric family " + name + " in " + families.keySet());
    }
    return f;
  }

  /** Every sample named exactly {@code sampleName} (e.g. {@code x_bucket}), in any family. */
  public List<Sample> samples(String sampleName) {
    List<Sample> out = new ArrayList<>();
    families
        .values()
        .forEach(
            f -> f.samples().stream().filter(s -> s.name().equals(sampleName)).forEach(out::add));
    return out;
  }

  public static PrometheusText parse(String text) {
    Map<String, Family> families = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int n = i + 1;
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("#")) {
        String[] parts = line.split(" ", 4);
        if (parts.length >= 3 && parts[1].equals("TYPE")) {
          String name = name(parts[2], n);
          String type = parts.length == 4 ? parts[3].strip() : "";
          if (!List.of("counter", "gauge", "histogram", "summary", "untyped").contains(type)) {
            throw bad(n, "unknown type '" + type + "'");
          }
          if (families.containsKey(name)) {
            throw bad(n, "second TYPE for " + name);
          }
          families.put(name, new Family(name, type, new ArrayList<>()));
        }
        continue;
      }
      Sample s = sample(line, n);
      Family f = familyOf(families, s.name());
      if (f == null) {
        throw bad(n, "sample " + s.name() + " before any TYPE of its family");
      }
      f.samples().add(s);
    }
    families.values().stream()
        .filter(f -> f.type().equals("histogram"))
        .forEach(PrometheusText::checkHistogram);
    return new PrometheusText(families);
  }

  private static Family familyOf(Map<String, Family> families, String sample) {
    Family f = families.get(sample);
    if (f != null) {
      return f;
    }
    for (String suffix : List.of("_bucket", "_sum", "_count", "_total", "_created")) {
      if (sample.endsWith(suffix)) {
        f = families.get(sample.substring(0, sample.length() - suffix.length()));
        if (f != null) {
          return f;
        }
      }
    }
    return null;
  }

  private static void checkHistogram(Family f) {
    Map<Map<String, String>, List<Sample>> series = new LinkedHashMap<>();
    Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
    for (Sample s : f.samples()) {
      Map<String, String> key = new TreeMap<>(s.labels());
      key.remove("le");
      if (s.name().equals(f.name() + "_bucket")) {
        if (!s.labels().containsKey("le")) {
          throw new IllegalArgumentException(s.name() + " without le");
        }
        series.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
      } else if (s.name().equals(f.name() + "_count")) {
        counts.put(key, s.value());
      }
    }
    series.forEach(
        (labels, buckets) -> {
          double lastLe = Double.NEGATIVE_INFINITY;
          double lastCount = 0;
          for (Sample b : buckets) {
            double le = number(b.labels().get("le"), 0);
            if (!(le > lastLe)) {
              throw new IllegalArgumentException(f.name() + labels + ": le not ascending at " + le);
            }
            if (b.value() < lastCount) {
              throw new IllegalArgumentException(f.name() + labels + ": buckets not cumulative");
            }
            lastLe = le;
            lastCount = b.value();
          }
          if (lastLe != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(f.name() + labels + ": no +Inf bucket");
          }
          Double count = counts.get(labels);
          if (count == null || count != lastCount) {
            throw new IllegalArgumentException(
                f.name() + labels + ": +Inf bucket " + lastCount + " != _count " + count);
          }
        });
  }

  private static Sample sample(String line, int n) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = name(line.substring(0, i), n);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (true) {
        if (i >= line.length()) {
          throw bad(n, "unterminated labels");
        }
        if (line.charAt(i) == '}') {
          i++;
          break;
        }
        int eq = line.indexOf('=', i);
        if (eq < 0) {
          throw bad(n, "label without '='");
        }
        String label = line.substring(i, eq);
        if (!LABEL.matcher(label).matches()) {
          throw bad(n, "bad label name '" + label + "'");
        }
        if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
          throw bad(n, "label value not quoted");
        }
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        for (; j < line.length() && line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char e = j + 1 < line.length() ? line.charAt(++j) : ' ';
            switch (e) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw bad(n, "bad escape \\" + e);
            }
          } else {
            value.append(c);
          }
        }
        if (j >= line.length()) {
          throw bad(n, "unterminated label value");
        }
        if (labels.put(label, value.toString()) != null) {
          throw bad(n, "label " + label + " twice");
        }
        i = j + 1;
        if (i < line.length() && line.charAt(i) == ',') {
          i++;
        }
      }
    }
    String[] rest = line.substring(i).strip().split(" +");
    if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
      throw bad(n, "expected a value (and an optional timestamp)");
    }
    return new Sample(name, labels, number(rest[0], n));
  }

  private static String name(String text, int n) {
    if (!METRIC.matcher(text).matches()) {
      throw bad(n, "bad metric name '" + text + "'");
    }
    return text;
  }

  private static double number(String text, int n) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw bad(n, "not a number: " + text);
        }
      }
    };
  }

  private static IllegalArgumentException bad(int line, String what) {
    return new IllegalArgumentException("line " + line + ": " + what);
  }
}
