package io.flotilla.controllers.runtime;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CEL environment Flux's {@code runtime/cel} sets up (standard macros, the strings and sets
 * extensions, numeric comparisons across int and double), and the conversion of JSON-shaped objects
 * into CEL values.
 */
public final class CelEnv {
  private static final Cel BASE =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build())
          .addCompilerLibraries(CelExtensions.strings(), CelExtensions.sets(CelOptions.DEFAULT))
          .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.sets(CelOptions.DEFAULT))
          .build();

  private CelEnv() {}

  /** A syntax check only; Flux's wording: {@code failed to parse the CEL expression '…': …}. */
  public static void parse(String expr) throws InvalidExpression {
    try {
      BASE.parse(expr).getAst();
    } catch (CelValidationException e) {
      throw new InvalidExpression(
          "failed to parse the CEL expression '" + expr + "': " + e.getMessage());
    }
  }

  /** Type-checks {@code expr} against the variables (name to type) and builds a program. */
  public static CelRuntime.Program compile(
      String expr, Map<String, CelType> variables, CelType result) throws InvalidExpression {
    var builder = BASE.toCelBuilder();
    variables.forEach(builder::addVar);
    Cel cel = builder.build();
    CelAbstractSyntaxTree ast;
    try {
      ast = cel.compile(expr).getAst();
    } catch (CelValidationException e) {
      throw new InvalidExpression(
          "failed to parse the CEL expression '" + expr + "': " + e.getMessage());
    }
    if (result != null && !result.equals(ast.getResultType())) {
      throw new InvalidExpression(
          "CEL expression output type mismatch: expected "
              + result.name()
              + ", got "
              + ast.getResultType().name());
    }
    try {
      return cel.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw new InvalidExpression("failed to create CEL program: " + e.getMessage());
    }
  }

  /** Evaluates to a boolean; anything else, or an evaluation error, is an EvaluationError. */
  public static boolean evalBoolean(CelRuntime.Program program, String expr, Map<String, ?> vars)
      throws EvaluationError {
    Object value;
    try {
      value = program.eval(vars);
    } catch (CelEvaluationException e) {
      throw new EvaluationError(
          "failed to evaluate the CEL expression '" + expr + "': " + e.getMessage());
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw new EvaluationError("failed to evaluate CEL expression as boolean: '" + expr + "'");
  }

  /** JSON values as CEL expects them: 64-bit ints, doubles, lists and string-keyed maps. */
  public static Object value(Object json) {
    return switch (json) {
      case null -> dev.cel.common.values.NullValue.NULL_VALUE;
      case Map<?, ?> m -> {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), value(v)));
        yield out;
      }
      case List<?> l -> {
        List<Object> out = new ArrayList<>(l.size());
        l.forEach(v -> out.add(value(v)));
        yield out;
      }
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case BigInteger b -> b.longValue();
      case Float f -> f.doubleValue();
      case BigDecimal d -> d.doubleValue();
      default -> json;
    };
  }

  /** An expression that does not parse or type-check: a configuration error, not retried. */
  public static final class InvalidExpression extends Exception {
    public InvalidExpression(String message) {
      super(message);
    }
  }

  /** An expression that failed on this input (e.g. a missing field): retried. */
  public static final class EvaluationError extends Exception {
    public EvaluationError(String message) {
      super(message);
    }
  }
}
