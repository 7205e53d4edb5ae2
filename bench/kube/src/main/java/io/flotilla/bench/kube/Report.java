package io.flotilla.bench.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints each figure as it is measured, against its target when it has one, and a summary. */
final class Report {
  private final List<String> lines = new ArrayList<>();
  private int below;

  static String num(double v) {
    return v >= 100
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  /** A figure that must be at least {@code min}. */
  void atLeast(String what, double value, double min, String unit) {
    boolean ok = value >= min;
    line(
        what
            + ": "
            + num(value)
            + unit
            + " (target ≥ "
            + num(min)
            + unit
            + ") "
            + (ok ? "OK" : "BELOW"),
        ok);
  }

  /** A figure that must be at most {@code max}. */
  void atMost(String what, double value, double max, String unit) {
    boolean ok = value <= max;
    line(
        what
            + ": "
            + num(value)
            + unit
            + " (target ≤ "
            + num(max)
            + unit
            + ") "
            + (ok ? "OK" : "ABOVE"),
        ok);
  }

  /** A ratio (two decimals) that must be above {@code min}. */
  void ratio(String what, double value, double min) {
    boolean ok = value > min;
    line(
        String.format(
            Locale.ROOT, "%s: %.2f× (target > %.2f×) %s", what, value, min, ok ? "OK" : "BELOW"),
        ok);
  }

  /** A figure without a target. */
  void info(String what, String value) {
    line(what + ": " + value, true);
  }

  void failed(String what, Throwable e) {
    line(what + ": FAILED " + e, false);
  }

  /** One measurement; when it throws, {@code what} is reported failed and the run goes on. */
  void measure(String what, Measurement m) {
    try {
      m.run();
    } catch (Exception e) {
      failed(what, e);
    }
  }

  @FunctionalInterface
  interface Measurement {
    void run() throws Exception;
  }

  private void line(String s, boolean ok) {
    if (!ok) {
      below++;
    }
    lines.add(s);
    System.out.println(s);
    System.out.flush();
  }

  static void section(String title) {
    System.out.println();
    System.out.println("== " + title);
  }

  int misses() {
    return below;
  }
}
