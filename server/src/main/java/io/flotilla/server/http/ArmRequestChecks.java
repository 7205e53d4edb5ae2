package io.flotilla.server.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What ARM checks on every request before a resource provider sees it: an {@code api-version} the
 * provider serves for the resource type, and a resource group name by ARM's rule. Pure functions of
 * the path and query, so the rules are unit-tested without a server.
 */
public final class ArmRequestChecks {
  /** The api-versions served per resource type: ours, and the one az's current SDK sends. */
  static final Map<String, List<String>> VERSIONS =
      Map.of(
          "fluxConfigurations", List.of("2024-11-01", "2025-04-01"),
          "fluxConfigurationAssignments", List.of("2025-04-01"),
          "fluxConfigurationRollouts", List.of("2025-04-01"),
          "extensions", List.of("2024-11-01", "2025-03-01"),
          "connectedClusters", List.of("2021-10-01", "2024-01-01"),
          "roleAssignments", List.of("2022-04-01"),
          "roleDefinitions", List.of("2022-04-01", "2022-05-01-preview"),
          "gitopsClusters", List.of("2024-06-01"),
          "auditLog", List.of("2025-04-01"));

  private static final Pattern VERSION = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}(-[a-zA-Z]+)?$");
  static final int MAX_RESOURCE_GROUP = 90;

  private ArmRequestChecks() {}

  /**
   * Path parts and the resource type they address, in the order they are looked for: role
   * assignments first, as they may sit at a cluster's scope, under its connectedClusters path.
   */
  private static final List<Map.Entry<String, String>> RESOURCE_TYPES =
      List.of(
          Map.entry("/providers/microsoft.authorization/roleassignments", "roleAssignments"),
          Map.entry("/providers/microsoft.authorization/roledefinitions", "roleDefinitions"),
          Map.entry("/providers/microsoft.flotilla/auditlog", "auditLog"),
          Map.entry(
              "/providers/microsoft.kubernetesconfiguration/fluxconfigurationassignments",
              "fluxConfigurationAssignments"),
          Map.entry(
              "/providers/microsoft.kubernetesconfiguration/fluxconfigurationrollouts",
              "fluxConfigurationRollouts"),
          Map.entry(
              "/providers/microsoft.kubernetesconfiguration/fluxconfigurations",
              "fluxConfigurations"),
          Map.entry("/providers/microsoft.kubernetesconfiguration/extensions", "extensions"),
          Map.entry("/providers/flotilla.gitops/gitopsclusters", "gitopsClusters"),
          Map.entry("/providers/microsoft.kubernetes/connectedclusters", "connectedClusters"));

  /** The ARM resource type a request path addresses, or null for paths ARM does not route. */
  static String resourceType(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (!p.startsWith("/subscriptions/")) {
      return null;
    }
    for (var type : RESOURCE_TYPES) {
      if (p.contains(type.getKey())) {
        return type.getValue();
      }
    }
    return null;
  }

  /**
   * @param path the request path, percent-decoded
   * @param apiVersion the {@code api-version} query parameter, or null
   */
  public static void check(String path, String apiVersion) {
    if (apiVersion == null || apiVersion.isBlank()) {
      throw ArmErrors.missingApiVersion();
    }
    resourceGroup(path).ifPresent(ArmRequestChecks::checkResourceGroup);
    String type = resourceType(path);
    if (type == null) {
      return; // no route: the 404 says so
    }
    List<String> served = VERSIONS.get(type);
    if (served.contains(apiVersion)) {
      return;
    }
    String supported = String.join(", ", served);
    if (!VERSION.matcher(apiVersion).matches()) {
      throw new ArmException(
          400,
          "InvalidApiVersionParameter",
          "The api-version '"
              + Printable.quote(apiVersion)
              + "' is invalid. The supported versions are '"
              + supported
              + "'.",
          "api-version");
    }
    throw new ArmException(
        400,
        "NoRegisteredProviderFound",
        "No registered resource provider found for API version '"
            + apiVersion
            + "' and type '"
            + type
            + "'. The supported api-versions are '"
            + supported
            + "'.",
        "api-version");
  }

  static java.util.Optional<String> resourceGroup(String path) {
    String[] parts = path.split("/", -1);
    // "", "subscriptions", {sub}, "resourceGroups", {rg}, …
    if (parts.length > 4 && parts[3].equalsIgnoreCase("resourceGroups")) {
      return java.util.Optional.of(parts[4]);
    }
    return java.util.Optional.empty();
  }

  /**
   * ARM's rule: 1 to 90 letters, digits, '-', '_', '.', '(' or ')', not ending in a period. Letters
   * and digits may be any script's, as ARM allows.
   */
  static void checkResourceGroup(String name) {
    StringBuilder invalid = new StringBuilder();
    name.codePoints()
        .filter(c -> !(Character.isLetterOrDigit(c) || "-_.()".indexOf(c) >= 0))
        .distinct()
        .forEach(invalid::appendCodePoint);
    String shown = Printable.quote(name);
    if (!invalid.isEmpty()) {
      throw new ArmException(
          400,
          "InvalidResourceGroup",
          "The provided resource group name '"
              + shown
              + "' has these invalid characters: '"
              + Printable.quote(invalid.toString())
              + "'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.",
          "resourceGroupName");
    }
    if (name.isEmpty() || name.length() > MAX_RESOURCE_GROUP) {
      throw new ArmException(
          400,
          "InvalidResourceGroup",
          "The provided resource group name '"
              + shown
              + "' is invalid: it must be 1 to "
              + MAX_RESOURCE_GROUP
              + " characters long.",
          "resourceGroupName");
    }
    if (name.endsWith(".")) {
      throw new ArmException(
          400,
          "InvalidResourceGroup",
          "The provided resource group name '" + shown + "' cannot end with a period.",
          "resourceGroupName");
    }
  }
}
