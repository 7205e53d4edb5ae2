package io.flotilla.kube.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.kube.base.GoText;
import io.flotilla.kube.base.LabelSyntax;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One requirement of a label selector, as apimachinery's {@code labels.Requirement}: a key, an
 * operator and its values; the parser makes each through {@link #of}, which checks them as {@code
 * NewRequirement} does.
 */
record LabelRequirement(String key, Operator op, List<String> values) {

  /** {@code selection.Operator}; {@code text} is the operator's Go value. */
  enum Operator {
    IN("in"),
    NOT_IN("notin"),
    EQUALS("="),
    DOUBLE_EQUALS("=="),
    NOT_EQUALS("!="),
    GREATER_THAN("gt"),
    LESS_THAN("lt"),
    EXISTS("exists"),
    DOES_NOT_EXIST("!");

    final String text;

    Operator(String text) {
      this.text = text;
    }
  }

  /**
   * {@code NewRequirement}: the requirement, or an {@link IllegalArgumentException} whose message
   * is the aggregate of every check that failed (one message, or {@code [a, b]}).
   */
  static LabelRequirement of(String key, Operator op, List<String> values) {
    List<String> errs = new ArrayList<>();
    String keyErr = LabelSyntax.invalidKey("key", key);
    if (keyErr != null) {
      errs.add(keyErr);
    }
    switch (op) {
      case IN, NOT_IN -> {
        if (values.isEmpty()) {
          errs.add(invalidList(values, "for 'in', 'notin' operators, values set can't be empty"));
        }
      }
      case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
        if (values.size() != 1) {
          errs.add(invalidList(values, "exact-match compatibility requires one single value"));
        }
      }
      case EXISTS, DOES_NOT_EXIST -> {
        if (!values.isEmpty()) {
          errs.add(invalidList(values, "values set must be empty for exists and does not exist"));
        }
      }
      case GREATER_THAN, LESS_THAN -> {
        if (values.size() != 1) {
          errs.add(invalidList(values, "for 'Gt', 'Lt' operators, exactly one value is required"));
        }
        for (int i = 0; i < values.size(); i++) {
          if (integer(values.get(i)) == null) {
            errs.add(
                LabelSyntax.invalid(
                    "values[" + i + "]",
                    values.get(i),
                    "for 'Gt', 'Lt' operators, the value must be an integer"));
          }
        }
      }
    }
    for (int i = 0; i < values.size(); i++) {
      String valueErr = LabelSyntax.invalidValue("values[" + i + "][" + key + "]", values.get(i));
      if (valueErr != null) {
        errs.add(valueErr);
      }
    }
    if (!errs.isEmpty()) {
      throw new IllegalArgumentException(aggregate(errs));
    }
    return new LabelRequirement(key, op, List.copyOf(values));
  }

  /** Whether {@code labels} (an object's {@code metadata.labels}, maybe null) satisfy this. */
  boolean matches(JsonNode labels) {
    JsonNode v = labels == null ? null : labels.get(key);
    String s = v == null ? null : v.asText();
    return switch (op) {
      case IN, EQUALS, DOUBLE_EQUALS -> s != null && values.contains(s);
      case NOT_IN, NOT_EQUALS -> s == null || !values.contains(s);
      case EXISTS -> s != null;
      case DOES_NOT_EXIST -> s == null;
      case GREATER_THAN, LESS_THAN -> {
        Long have = s == null ? null : integer(s);
        Long want = values.size() == 1 ? integer(values.get(0)) : null;
        yield have != null
            && want != null
            && (op == Operator.GREATER_THAN ? have > want : have < want);
      }
    };
  }

  /** The label pair an object must carry to match: for {@code =}, {@code ==} and one-value in. */
  boolean requiresExactly() {
    return values.size() == 1
        && (op == Operator.EQUALS || op == Operator.DOUBLE_EQUALS || op == Operator.IN);
  }

  /** {@code strconv.ParseInt(s, 10, 64)}: a signed decimal that fits in 64 bits, else null. */
  private static Long integer(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code field.Invalid(values, vals, detail)}: Go renders the slice with {@code %#v}. */
  private static String invalidList(List<String> values, String detail) {
    StringBuilder b = new StringBuilder("[]string{");
    for (int i = 0; i < values.size(); i++) {
      b.append(i > 0 ? ", " : "").append(GoText.quote(values.get(i)));
    }
    return LabelSyntax.invalidRendered("values", b.append('}').toString(), detail);
  }

  /** {@code ErrorList.ToAggregate().Error()}: duplicates dropped, several in brackets. */
  private static String aggregate(List<String> errs) {
    Set<String> unique = new LinkedHashSet<>(errs);
    String joined = String.join(", ", unique);
    return unique.size() == 1 ? joined : "[" + joined + "]";
  }
}
