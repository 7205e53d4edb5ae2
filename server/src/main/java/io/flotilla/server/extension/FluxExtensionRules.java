package io.flotilla.server.extension;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.agent.FluxExtensionSettings;
import io.flotilla.api.arm.ErrorResponse;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.store.ExtensionRow;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What is special about the {@code microsoft.flux} extension: its settings are checked with the
 * rule the controllers read them by ({@link FluxExtensionSettings}) before anything is stored, and
 * a cluster has at most one of it (a cluster-scoped extension type is installed once per cluster,
 * in its release namespace).
 */
final class FluxExtensionRules {
  static final String TYPE = "microsoft.flux";

  private FluxExtensionRules() {}

  static boolean isFlux(JsonNode body) {
    return TYPE.equals(
        body.path("properties").path("extensionType").asText("").toLowerCase(Locale.ROOT));
  }

  static boolean isFlux(ExtensionRow row) {
    return isFlux(Json.tree(row.body()));
  }

  /**
   * Refuses the whole request when any setting it gives is one the controllers cannot use, naming
   * every such key and what it accepts; {@code null} values (a PATCH removing a key) are not
   * checked. Settings stored before are not checked again, so one can never block a valid update.
   */
  static void checkSettings(JsonNode settings) {
    if (settings == null || !settings.isObject()) {
      return;
    }
    Map<String, String> given = new LinkedHashMap<>();
    settings
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue() != null && e.getValue().isValueNode() && !e.getValue().isNull()) {
                given.put(e.getKey(), e.getValue().asText());
              }
            });
    List<FluxExtensionSettings.Problem> problems = FluxExtensionSettings.check(given);
    if (problems.isEmpty()) {
      return;
    }
    List<ErrorResponse.ErrorDetail> details =
        problems.stream()
            .map(
                p ->
                    new ErrorResponse.ErrorDetail(
                        "InvalidConfigurationSetting", p.message(), target(p.key()), null, null))
            .toList();
    throw new ArmException(
            400,
            "InvalidConfigurationSetting",
            "The microsoft.flux extension's settings were refused and nothing was changed: "
                + String.join(
                    "; ", problems.stream().map(FluxExtensionSettings.Problem::message).toList())
                + ".",
            target(problems.get(0).key()))
        .withDetails(details);
  }

  private static String target(String key) {
    return "properties.configurationSettings." + key;
  }

  /** A flux extension of the cluster other than {@code name}, if there is one. */
  static Optional<ExtensionRow> other(List<ExtensionRow> all, String name) {
    return all.stream()
        .filter(r -> !r.name().equalsIgnoreCase(name))
        .filter(FluxExtensionRules::isFlux)
        .findFirst();
  }

  static ArmException alreadyInstalled(ExtensionRow existing, String clusterName) {
    return new ArmException(
        409,
        "ExtensionTypeAlreadyInstalled",
        "The cluster '"
            + clusterName
            + "' already has the microsoft.flux extension, as '"
            + existing.name()
            + "' ("
            + existing.provisioningState()
            + "). A cluster-scoped extension type is installed once per cluster. Change '"
            + existing.name()
            + "' with 'k8s-extension update --name "
            + existing.name()
            + "', or delete it first.",
        "properties.extensionType");
  }
}
