package io.flotilla.cli.flux;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.kustomize.GoRegexp;
import java.util.Set;

/**
 * {@code create image policy}'s {@code --select-*} and {@code --filter-*} flags turned into the
 * spec's {@code policy} and {@code filterTags}, with flux's checks and words.
 */
final class ImagePolicyFlags {
  private ImagePolicyFlags() {}

  /**
   * Exactly one of semver, alpha, numeric. flux's own switch lets semver with another pass and
   * writes no policy at all; any two are refused here with the message it gives for the third pair.
   */
  static ObjectNode policy(String semver, String alpha, String numeric) {
    boolean hasSemver = !Specs.empty(semver);
    boolean hasAlpha = !Specs.empty(alpha);
    boolean hasNumeric = !Specs.empty(numeric);
    int given = (hasSemver ? 1 : 0) + (hasAlpha ? 1 : 0) + (hasNumeric ? 1 : 0);
    if (given > 1) {
      throw new FluxException(
          "only one of --select-semver, --select-alpha or --select-numeric can be specified");
    }
    ObjectNode policy = Kube.JSON.createObjectNode();
    if (hasSemver) {
      policy.putObject("semver").put("range", semver);
    } else if (hasAlpha) {
      policy.putObject("alphabetical").put("order", order("--select-alpha", alpha));
    } else if (hasNumeric) {
      policy.putObject("numerical").put("order", order("--select-numeric", numeric));
    } else {
      throw new FluxException(
          "a policy must be provided with either --select-semver or --select-alpha");
    }
    return policy;
  }

  private static String order(String flag, String value) {
    if (!value.equals("asc") && !value.equals("desc")) {
      throw new FluxException(flag + " must be one of [\"asc\", \"desc\"]");
    }
    return value;
  }

  /** {@code filterTags}, or null without {@code --filter-regex}. */
  static ObjectNode filter(String regex, String extract) {
    boolean hasExtract = !Specs.empty(extract);
    if (Specs.empty(regex)) {
      if (hasExtract) {
        throw new FluxException(
            "cannot specify --filter-extract without specifying --filter-regex");
      }
      return null;
    }
    GoRegexp compiled;
    try {
      compiled = GoRegexp.compile(regex);
    } catch (GoRegexp.SyntaxError e) {
      throw new FluxException("--filter-regex is an invalid regex pattern");
    }
    ObjectNode filter = Kube.JSON.createObjectNode().put("pattern", regex);
    if (hasExtract) {
      checkExtract(extract, compiled.groupNames());
      filter.put("extract", extract);
    }
    return filter;
  }

  /**
   * Go's {@code Regexp.Expand} template read without expanding: {@code $$} is a dollar, {@code
   * $name} or {@code ${name}} a group; numbered groups cannot be checked, named ones must exist.
   */
  static void checkExtract(String template, Set<String> names) {
    int i = 0;
    while ((i = template.indexOf('$', i)) >= 0) {
      if (i + 1 < template.length() && template.charAt(i + 1) == '$') {
        i += 2;
        continue;
      }
      boolean brace = i + 1 < template.length() && template.charAt(i + 1) == '{';
      int start = i + (brace ? 2 : 1);
      int end = start;
      while (end < template.length()
          && (Character.isLetterOrDigit(template.charAt(end)) || template.charAt(end) == '_')) {
        end++;
      }
      if (end == start || (brace && (end >= template.length() || template.charAt(end) != '}'))) {
        throw new FluxException("--filter-extract is malformed");
      }
      String name = template.substring(start, end);
      if (!GoRegexp.isGroupNumber(name) && !names.contains(name)) {
        throw new FluxException(
            "capture group $" + name + " used in --filter-extract not found in --filter-regex");
      }
      i = brace ? end + 1 : end;
    }
  }
}
