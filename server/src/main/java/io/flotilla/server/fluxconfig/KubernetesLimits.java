package io.flotilla.server.fluxconfig;

import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Printable;
import java.util.regex.Pattern;

/**
 * Kubernetes' and Flux's limits on the values a configuration carries into the cluster, checked at
 * the API so that a value the cluster would refuse (a namespace over 63 characters, a Secret name
 * with capitals, a variable Flux cannot substitute) is a 400 naming the field instead of a write
 * the agent retries forever. Messages quote the value with control characters escaped.
 */
final class KubernetesLimits {
  /** A Namespace or Service name (RFC 1123 label), as kube-apiserver validates it. */
  static final int MAX_LABEL = 63;

  /** Most object names (RFC 1123 subdomain): Secrets, ConfigMaps, ServiceAccounts. */
  static final int MAX_SUBDOMAIN = 253;

  /** Go's largest time.Duration, 2562047h47m16s, in whole seconds: Flux parses intervals so. */
  static final long MAX_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

  /** Linux's PATH_MAX: a longer path cannot be opened in the checkout. */
  static final int MAX_PATH = 4096;

  private static final Pattern LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
  private static final Pattern SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  /** Flux's rule for postBuild variable names (kustomize-controller refuses others). */
  private static final Pattern VARIABLE = Pattern.compile("^[_a-zA-Z][_a-zA-Z0-9]*$");

  private KubernetesLimits() {}

  /** A namespace: a DNS-1123 label of at most 63 characters. */
  static void namespace(String value, String target) {
    if (value.length() > MAX_LABEL) {
      throw refused(
          target,
          "namespace",
          value,
          "is too long: a Kubernetes namespace name is a DNS-1123 label of at most "
              + MAX_LABEL
              + " characters, and this one has "
              + value.length()
              + ". Use a shorter namespace.");
    }
    if (!LABEL.matcher(value).matches()) {
      throw refused(
          target,
          "namespace",
          value,
          "is invalid: it can only contain lowercase alphanumeric characters and hyphens,"
              + " and must begin and end with an alphanumeric character.");
    }
  }

  /** The name of a Secret, ConfigMap or ServiceAccount the cluster must find. */
  static void objectName(String value, String target, String what) {
    if (value == null) {
      return;
    }
    if (value.isEmpty() || value.length() > MAX_SUBDOMAIN || !SUBDOMAIN.matcher(value).matches()) {
      throw refused(
          target,
          what + " name",
          value,
          "is invalid: a Kubernetes object name is at most "
              + MAX_SUBDOMAIN
              + " lowercase alphanumeric characters, '-' or '.', beginning and ending with an"
              + " alphanumeric character.");
    }
  }

  /** A postBuild variable name, by Flux's rule. */
  static void variable(String name, String target) {
    if (!VARIABLE.matcher(name).matches()) {
      throw refused(
          target,
          "postBuild variable name",
          name,
          "is invalid: Flux substitutes names of letters, digits and '_' that do not"
              + " begin with a digit.");
    }
  }

  /** A path in the source artifact: no control characters, at most {@value #MAX_PATH} bytes. */
  static void path(String value, String target) {
    if (value == null) {
      return;
    }
    if (hasControl(value)) {
      throw refused(
          target,
          "path",
          value,
          "contains a control character. Give a path in the repository such as"
              + " './apps/staging'.");
    }
    if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PATH) {
      throw ArmException.invalidProperty(
          target, "The path is longer than " + MAX_PATH + " bytes. Give a shorter path.");
    }
  }

  /** A single-line value (a URL, a Git reference): no whitespace or control characters. */
  static void token(String value, String target, String what) {
    if (value != null && (hasControl(value) || value.chars().anyMatch(Character::isWhitespace))) {
      throw refused(
          target, what, value, "contains whitespace or a control character, which it cannot hold.");
    }
  }

  /** A number of seconds: positive, and no longer than Go's largest duration. */
  static void seconds(Long value, String target) {
    if (value == null) {
      return;
    }
    if (value <= 0) {
      throw ArmException.invalidProperty(
          target, target + " must be a positive number of seconds, got " + value + ".");
    }
    if (value > MAX_SECONDS) {
      throw ArmException.invalidProperty(
          target,
          target
              + " is "
              + value
              + " seconds, longer than the longest duration Flux can hold ("
              + MAX_SECONDS
              + " seconds, about 292 years).");
    }
  }

  /** "The {@code what} '{@code value}' {@code why}", the value quoted with controls escaped. */
  private static ArmException refused(String target, String what, String value, String why) {
    return ArmException.invalidProperty(
        target, "The " + what + " '" + Printable.quote(value) + "' " + why);
  }

  private static boolean hasControl(String value) {
    return value
        .codePoints()
        .anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
  }
}
