package io.flotilla.server.prometheus;

import io.flotilla.gotext.GoFloat;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The registry's Prometheus text as client_golang would write the same series: Micrometer's
 * exposition writes the numeric labels {@code le} and {@code quantile} with Java's {@link
 * Double#toString}; this rewrites them in Go's spelling ({@link GoFloat}) so that the series of
 * {@code gotk_reconcile_duration_seconds_bucket} and controller-runtime's histograms are the ones
 * Flux's dashboards and alert rules already name. Everything else passes through as written.
 */
public final class GoExposition {
  private GoExposition() {}

  public static String scrape(PrometheusMeterRegistry registry) {
    return rewrite(registry.scrape());
  }

  static String rewrite(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      end = end < 0 ? text.length() : end + 1;
      String line = text.substring(start, end);
      out.append(line.startsWith("#") || line.indexOf('{') < 0 ? line : sample(line));
      start = end;
    }
    return out.toString();
  }

  // name{a="x",le="1.0E-8"} 3.0 → name{a="x",le="1e-08"} 3.0; label values may hold escapes
  private static String sample(String line) {
    int open = line.indexOf('{');
    StringBuilder out = new StringBuilder(line.length()).append(line, 0, open + 1);
    int i = open + 1;
    while (i < line.length() && line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
        return line; // not the shape the writer makes: leave the line as it is
      }
      String label = line.substring(i, eq).trim();
      int v = eq + 2;
      int close = v;
      while (close < line.length() && line.charAt(close) != '"') {
        close += line.charAt(close) == '\\' ? 2 : 1;
      }
      if (close >= line.length()) {
        return line;
      }
      String value = line.substring(v, close);
      out.append(line, i, eq + 2)
          .append(label.equals("le") || label.equals("quantile") ? go(value) : value)
          .append('"');
      i = close + 1;
      if (i < line.length() && line.charAt(i) == ',') {
        out.append(',');
        i++;
      }
    }
    return out.append(line, i, line.length()).toString();
  }

  private static String go(String value) {
    return switch (value) {
      case "+Inf", "-Inf", "NaN" -> value;
      default -> {
        try {
          yield GoFloat.format(Double.parseDouble(value));
        } catch (NumberFormatException e) {
          yield value;
        }
      }
    };
  }
}
