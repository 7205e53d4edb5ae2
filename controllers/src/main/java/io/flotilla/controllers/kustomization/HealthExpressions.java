package io.flotilla.controllers.kustomization;

import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelRuntime;
import io.flotilla.api.flux.kustomize.CustomHealthCheck;
import io.flotilla.apply.HealthStatus;
import io.flotilla.apply.ObjectRef;
import io.flotilla.controllers.runtime.CelEnv;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code spec.healthCheckExprs}: per group and kind, CEL expressions that replace kstatus. As in
 * Flux, the first entry for a kind wins; an object whose {@code status.observedGeneration} lags
 * {@code metadata.generation} is InProgress; then inProgress, failed and current are tried in that
 * order, and when none holds the object is InProgress.
 */
final class HealthExpressions {
  private static final HealthExpressions NONE = new HealthExpressions(Map.of());
  private final Map<String, Evaluator> byKind;

  private HealthExpressions(Map<String, Evaluator> byKind) {
    this.byKind = byKind;
  }

  /**
   * Parses every kind's expressions; a syntax error is reported with Flux's wording, e.g. {@code
   * failed to create custom status reader for healthchecks[0]: failed to parse the expression
   * InProgress: failed to parse the CEL expression 'foo.': …}.
   */
  static HealthExpressions parse(List<CustomHealthCheck> checks) throws CelEnv.InvalidExpression {
    if (checks == null || checks.isEmpty()) {
      return NONE;
    }
    Map<String, Evaluator> byKind = new LinkedHashMap<>();
    for (int i = 0; i < checks.size(); i++) {
      CustomHealthCheck check = checks.get(i);
      String key = key(group(check.apiVersion()), check.kind());
      if (byKind.containsKey(key)) {
        continue;
      }
      try {
        byKind.put(key, Evaluator.of(check));
      } catch (CelEnv.InvalidExpression e) {
        throw new CelEnv.InvalidExpression(
            "failed to create custom status reader for healthchecks[%d]: %s"
                .formatted(i, e.getMessage()));
      }
    }
    return new HealthExpressions(byKind);
  }

  boolean isEmpty() {
    return byKind.isEmpty();
  }

  /** Whether an expression decides this object's health (instead of kstatus). */
  boolean covers(ObjectRef ref) {
    return byKind.containsKey(key(ref.group(), ref.kind()));
  }

  /** The health of a live object (as JSON-shaped maps) of a covered kind. */
  Result evaluate(ObjectRef ref, Map<String, Object> live) {
    Evaluator evaluator = byKind.get(key(ref.group(), ref.kind()));
    if (evaluator == null) {
      throw new IllegalArgumentException("no health check expressions for " + ref.subject());
    }
    return evaluator.evaluate(live);
  }

  record Result(HealthStatus status, String message) {}

  private static String key(String group, String kind) {
    return (group == null ? "" : group) + "/" + kind;
  }

  private static String group(String apiVersion) {
    if (apiVersion == null) {
      return "";
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** One kind's expressions; programs are built per set of top-level fields, which vary by CRD. */
  private static final class Evaluator {
    private final String current;
    private final String inProgress;
    private final String failed;
    private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

    private Evaluator(String current, String inProgress, String failed) {
      this.current = current;
      this.inProgress = inProgress;
      this.failed = failed;
    }

    static Evaluator of(CustomHealthCheck check) throws CelEnv.InvalidExpression {
      if (check.current() == null || check.current().isEmpty()) {
        throw new CelEnv.InvalidExpression("expression Current not specified");
      }
      parse("Current", check.current());
      if (present(check.failed())) {
        parse("Failed", check.failed());
      }
      if (present(check.inProgress())) {
        parse("InProgress", check.inProgress());
      }
      return new Evaluator(
          check.current(),
          present(check.inProgress()) ? check.inProgress() : null,
          present(check.failed()) ? check.failed() : null);
    }

    private static boolean present(String expr) {
      return expr != null && !expr.isEmpty();
    }

    private static void parse(String which, String expr) throws CelEnv.InvalidExpression {
      try {
        CelEnv.parse(expr);
      } catch (CelEnv.InvalidExpression e) {
        throw new CelEnv.InvalidExpression(
            "failed to parse the expression " + which + ": " + e.getMessage());
      }
    }

    Result evaluate(Map<String, Object> live) {
      @SuppressWarnings("unchecked")
      Map<String, Object> obj = (Map<String, Object>) CelEnv.value(live);
      Object observed = path(obj, "status", "observedGeneration");
      Object generation = path(obj, "metadata", "generation");
      if (observed instanceof Long o && generation instanceof Long g && !o.equals(g)) {
        return new Result(
            HealthStatus.IN_PROGRESS,
            "observedGeneration %d does not match generation %d".formatted(o, g));
      }
      Map<String, CelType> vars = new TreeMap<>();
      obj.keySet().forEach(k -> vars.put(k, SimpleType.DYN));
      try {
        if (inProgress != null && eval(inProgress, vars, obj)) {
          return new Result(HealthStatus.IN_PROGRESS, "");
        }
        if (failed != null && eval(failed, vars, obj)) {
          return new Result(HealthStatus.FAILED, "");
        }
        if (eval(current, vars, obj)) {
          return new Result(HealthStatus.CURRENT, "");
        }
        return new Result(HealthStatus.IN_PROGRESS, "");
      } catch (CelEnv.InvalidExpression | CelEnv.EvaluationError e) {
        return new Result(HealthStatus.UNKNOWN, e.getMessage());
      }
    }

    private boolean eval(String expr, Map<String, CelType> vars, Map<String, Object> obj)
        throws CelEnv.InvalidExpression, CelEnv.EvaluationError {
      // an identifier that is not a top-level field fails here, as cel-go fails on evaluation
      String key = expr + "\u0000" + String.join(",", vars.keySet());
      CelRuntime.Program program = programs.get(key);
      if (program == null) {
        program = CelEnv.compile(expr, vars, null);
        programs.put(key, program);
      }
      return CelEnv.evalBoolean(program, expr, obj);
    }

    private static Object path(Map<String, Object> obj, String... keys) {
      Object cur = obj;
      for (String k : keys) {
        if (!(cur instanceof Map<?, ?> m)) {
          return null;
        }
        cur = m.get(k);
      }
      return cur;
    }
  }
}
