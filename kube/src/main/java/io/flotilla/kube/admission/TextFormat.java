package io.flotilla.kube.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A string format Kubernetes checks by length and regular expression ({@code IsDNS1123Label} and
 * its kin), with the message kube-apiserver gives when the regex does not match.
 */
record TextFormat(int maxLength, Pattern pattern, String message) {
  /** The format, its message {@code rule} followed by the examples and the regex. */
  static TextFormat of(int maxLength, String regex, String rule, String... examples) {
    return new TextFormat(
        maxLength, Pattern.compile(regex), ObjectMetaRules.regexError(rule, regex, examples));
  }

  boolean matches(String value) {
    return pattern.matcher(value).matches();
  }

  /** The messages for {@code value}, the length first; empty when it is valid. */
  List<String> errors(String value) {
    List<String> errs = new ArrayList<>();
    if (value.length() > maxLength) {
      errs.add(ObjectMetaRules.maxLen(maxLength));
    }
    if (!matches(value)) {
      errs.add(message);
    }
    return errs;
  }
}
