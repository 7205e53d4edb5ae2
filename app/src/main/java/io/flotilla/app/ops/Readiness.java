package io.flotilla.app.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The named checks behind {@code /readyz}, as controller-runtime's healthz handler lists them: each
 * {@code [+]name ok} or {@code [-]name failed}, ready only when all pass.
 */
public final class Readiness {
  private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();

  public synchronized Readiness add(String name, BooleanSupplier check) {
    checks.put(name, check);
    return this;
  }

  /** The verdict and its text, {@code verbose} listing every check as kube-apiserver does. */
  synchronized Report report(boolean verbose) {
    StringBuilder text = new StringBuilder();
    boolean ok = true;
    for (Map.Entry<String, BooleanSupplier> c : checks.entrySet()) {
      boolean passed;
      try {
        passed = c.getValue().getAsBoolean();
      } catch (RuntimeException e) {
        passed = false;
      }
      ok &= passed;
      if (verbose || !passed) {
        text.append(passed ? "[+]" : "[-]")
            .append(c.getKey())
            .append(passed ? " ok" : " failed: reason withheld")
            .append('\n');
      }
    }
    text.append(ok ? (verbose ? "readyz check passed\n" : "ok") : "readyz check failed\n");
    return new Report(ok, text.toString());
  }

  record Report(boolean ok, String text) {}
}
