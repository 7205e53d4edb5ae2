package io.flotilla.kustomize.postbuild;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * postBuild variable substitution on one resource's YAML text, as Flux does it, in the strict mode
 * Flux 2.9 uses by default: {@code ${var}}, {@code ${var:=default}}, {@code ${var:-default}}
 * (default when unset or empty), {@code ${var=default}}, {@code ${var-default}} (default when
 * unset); {@code $${var}} stays literal {@code ${var}}; {@code $var} without braces is left alone;
 * a variable neither set nor defaulted is an error (with strict mode off, as Flux's {@code
 * StrictPostBuildSubstitutions=false}, it becomes the empty string). The text is the built object
 * printed anew, so YAML types the result: {@code N=3} makes a number of both {@code replicas: ${N}}
 * and {@code value: "${N}"} (the repository's quotes are gone by then, as in Flux), and {@code
 * N='"3"'} a string.
 */
final class Substitution {
  static final String DISABLED_ANNOTATION = "kustomize.toolkit.fluxcd.io/substitute";
  private static final Pattern EXPR =
      Pattern.compile("\\$(\\$?)\\{([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[=-])([^}]*))?}");

  private Substitution() {}

  static String apply(String yaml, Map<String, String> vars) throws SubstitutionException {
    return apply(yaml, vars, true);
  }

  static String apply(String yaml, Map<String, String> vars, boolean strict)
      throws SubstitutionException {
    if (!yaml.contains("${")) {
      return yaml;
    }
    Matcher m = EXPR.matcher(yaml);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(replacement(m, vars, strict)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String replacement(Matcher m, Map<String, String> vars, boolean strict)
      throws SubstitutionException {
    if (!m.group(1).isEmpty()) {
      return m.group().substring(1);
    }
    String name = m.group(2);
    String value = vars.get(name);
    String op = m.group(3);
    if (op == null) {
      if (value == null && !strict) {
        return "";
      }
      if (value == null) {
        throw new SubstitutionException("variable not set (strict mode): \"" + name + "\"");
      }
      return value;
    }
    boolean emptyCounts = op.startsWith(":");
    return value == null || (emptyCounts && value.isEmpty()) ? m.group(4) : value;
  }

  static final class SubstitutionException extends Exception {
    SubstitutionException(String message) {
      super(message);
    }
  }
}
