package io.flotilla.server;

import io.javalin.http.Context;
import java.util.List;
import java.util.function.BooleanSupplier;

/** One named check behind the service's {@code /readyz}, answered as kube-apiserver does. */
record ReadinessCheck(String name, BooleanSupplier check) {

  boolean passes() {
    try {
      return check.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** 200 when every check passes, else 503 naming the failed ones; {@code ?verbose} lists all. */
  static void answer(Context ctx, List<ReadinessCheck> checks) {
    boolean verbose = ctx.queryParamMap().containsKey("verbose");
    StringBuilder text = new StringBuilder();
    boolean ok = true;
    for (ReadinessCheck c : checks) {
      boolean passed = c.passes();
      ok &= passed;
      if (verbose || !passed) {
        text.append(passed ? "[+]" : "[-]").append(c.name()).append(passed ? " ok\n" : " failed\n");
      }
    }
    text.append(ok ? (verbose ? "readyz check passed" : "ok") : "readyz check failed");
    ctx.contentType("text/plain; charset=utf-8").status(ok ? 200 : 503).result(text.toString());
  }
}
