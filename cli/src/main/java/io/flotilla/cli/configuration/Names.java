package io.flotilla.cli.configuration;

import io.flotilla.cli.CliException;
import java.util.regex.Pattern;

/** az's Kubernetes name rules for {@code --name}, {@code --namespace} and kustomization names. */
final class Names {
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([.\\-a-z0-9]*[a-z0-9])?$");
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([\\-a-z0-9]*[a-z0-9])?$");

  private Names() {}

  /** A flux configuration or kustomization name: lowercase alphanumerics, '-' and '.'. */
  static void validateResourceName(String value, String param, int maxLength) {
    checkLength(value, param, maxLength);
    if (!DNS_SUBDOMAIN.matcher(value).matches()) {
      checkEdges(value, param, true);
      // az's consts pass the error text as the recommendation here too; we print what az prints.
      throw CliException.invalid("Error! Invalid " + param, "Error! Invalid " + param);
    }
  }

  /** A namespace: lowercase alphanumerics and '-'. */
  static void validateNamespace(String value, String param, int maxLength) {
    checkLength(value, param, maxLength);
    if (!DNS_LABEL.matcher(value).matches()) {
      checkEdges(value, param, false);
      throw CliException.invalid(
          "Error! Invalid " + param,
          "Parameter " + param + " can only contain lowercase alphanumeric characters and hyphens");
    }
  }

  private static void checkLength(String value, String param, int maxLength) {
    if (value.length() > maxLength) {
      throw CliException.invalid(
          "Error! Invalid " + param,
          "Parameter "
              + param
              + " can be a maximum of "
              + maxLength
              + " characters. Specify a shorter name and try again.");
    }
  }

  private static void checkEdges(String value, String param, boolean periods) {
    if (value.isEmpty()) {
      return;
    }
    char first = value.charAt(0);
    char last = value.charAt(value.length() - 1);
    if (first == '-' || last == '-') {
      throw CliException.invalid(
          "Error! Invalid " + param, "Parameter " + param + " cannot begin or end with a hyphen.");
    }
    if (periods && (first == '.' || last == '.')) {
      throw CliException.invalid(
          "Error! Invalid " + param, "Parameter " + param + " cannot begin or end with a period.");
    }
  }
}
