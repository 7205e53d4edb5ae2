package io.flotilla.kube.base;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Label keys and values as apimachinery's {@code validation.IsQualifiedName} and {@code
 * IsValidLabelValue} check them (lengths in UTF-8 bytes, as Go's {@code len}): the one copy that
 * admission (object labels, annotation keys) and label selectors both use, each failure also
 * rendered as {@code field.Invalid(path, value, messages joined by "; ").Error()}.
 */
public final class LabelSyntax {
  private LabelSyntax() {}

  private static final String QNAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String LABEL_VALUE_FMT = "(" + QNAME_FMT + ")?";
  private static final String DNS_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String SUBDOMAIN_FMT = DNS_LABEL_FMT + "(\\." + DNS_LABEL_FMT + ")*";
  private static final Pattern QNAME = Pattern.compile(QNAME_FMT);
  private static final Pattern LABEL_VALUE = Pattern.compile(LABEL_VALUE_FMT);
  private static final Pattern SUBDOMAIN = Pattern.compile(SUBDOMAIN_FMT);
  private static final String ALNUM_RULE =
      "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
          + " alphanumeric character";
  private static final String QNAME_MSG =
      regexError("must " + ALNUM_RULE, QNAME_FMT, "MyName", "my.name", "123-abc");
  private static final String LABEL_VALUE_MSG =
      regexError(
          "a valid label must be an empty string or " + ALNUM_RULE,
          LABEL_VALUE_FMT,
          "MyValue",
          "my_value",
          "12345");
  private static final String SUBDOMAIN_MSG =
      regexError(
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-'"
              + " or '.', and must start and end with an alphanumeric character",
          SUBDOMAIN_FMT,
          "example.com");

  /** The error for an invalid label key at {@code path}, or null when the key is valid. */
  public static String invalidKey(String path, String key) {
    List<String> errs = qualifiedNameErrors(key);
    return errs.isEmpty() ? null : invalid(path, key, String.join("; ", errs));
  }

  /** The error for an invalid label value at {@code path}, or null when the value is valid. */
  public static String invalidValue(String path, String value) {
    List<String> errs = labelValueErrors(value);
    return errs.isEmpty() ? null : invalid(path, value, String.join("; ", errs));
  }

  /** {@code IsValidLabelValue}'s messages for {@code value}; empty when it is valid. */
  public static List<String> labelValueErrors(String value) {
    List<String> errs = new ArrayList<>();
    if (bytes(value) > 63) {
      errs.add(maxLen(63));
    }
    if (!LABEL_VALUE.matcher(value).matches()) {
      errs.add(LABEL_VALUE_MSG);
    }
    return errs;
  }

  /** {@code field.Invalid(path, value, detail).Error()} for a string value. */
  public static String invalid(String path, String value, String detail) {
    return invalidRendered(path, GoText.quote(value), detail);
  }

  /** {@code field.Invalid(path, value, detail).Error()}, the value as Go prints it. */
  public static String invalidRendered(String path, String rendered, String detail) {
    return path + ": " + FieldErrors.invalidRendered(path, rendered, detail).message();
  }

  /**
   * {@code IsQualifiedName}'s messages: an optional DNS-subdomain prefix and '/', the name part.
   */
  public static List<String> qualifiedNameErrors(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    if (parts.length > 2) {
      errs.add(
          "a qualified name "
              + QNAME_MSG
              + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    String name = parts[parts.length - 1];
    if (parts.length == 2) {
      String prefix = parts[0];
      if (prefix.isEmpty()) {
        errs.add("prefix part must be non-empty");
      } else {
        if (bytes(prefix) > 253) {
          errs.add("prefix part " + maxLen(253));
        }
        if (!SUBDOMAIN.matcher(prefix).matches()) {
          errs.add("prefix part " + SUBDOMAIN_MSG);
        }
      }
    }
    if (name.isEmpty()) {
      errs.add("name part must be non-empty");
    } else if (bytes(name) > 63) {
      errs.add("name part " + maxLen(63));
    }
    if (!QNAME.matcher(name).matches()) {
      errs.add("name part " + QNAME_MSG);
    }
    return errs;
  }

  /** Go's {@code len}: bytes, not characters. */
  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String maxLen(int n) {
    return "must be no more than " + n + " characters";
  }

  /** {@code validation.RegexError}: the rule, its examples and the regex. */
  private static String regexError(String msg, String fmt, String... examples) {
    StringBuilder b = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      b.append(i > 0 ? " or " : "").append('\'').append(examples[i]).append("', ");
    }
    return b.append("regex used for validation is '").append(fmt).append("')").toString();
  }
}
