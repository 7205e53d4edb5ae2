package io.flotilla.server.assignment;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.api.arm.FluxConfigurationProperties;
import io.flotilla.server.fluxconfig.FluxConfigurationRules;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.KnownProperties;
import io.flotilla.server.http.RequestBodies;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The rules of an assignment's PUT. The template is checked by the single configuration's rules,
 * with their messages; only the error's target moves under {@code properties.template}.
 */
final class AssignmentRules {
  /** The cluster types an assignment can select, as their ARM types end. */
  static final List<String> CLUSTER_TYPES =
      List.of("connectedClusters", "managedClusters", "provisionedClusters");

  static final List<String> DEFAULT_CLUSTER_TYPES = List.of("connectedClusters", "managedClusters");

  private AssignmentRules() {}

  /** A validated assignment and the template's protected settings (null when none were given). */
  record Parsed(AssignmentSpec spec, Map<String, String> secrets) {}

  static Parsed parse(AssignmentScope scope, JsonNode properties) {
    if (properties == null || !properties.isObject()) {
      throw ArmException.invalidProperty(
          "properties",
          "The request body must contain 'properties' with configurationName and template.");
    }
    KnownProperties.check(properties, AssignmentProperties.class, "properties");
    AssignmentProperties p = RequestBodies.convert(properties, AssignmentProperties.class);
    FluxConfigurationRules.validateName(
        p.configurationName(), "flux configuration", "properties.configurationName");
    List<String> types = clusterTypes(p.clusterTypes());
    Map<String, String> tags =
        p.clusterSelector() == null || p.clusterSelector().matchTags() == null
            ? Map.of()
            : new LinkedHashMap<>(p.clusterSelector().matchTags());
    tags.forEach(
        (k, v) -> {
          if (k.isBlank() || v == null) {
            throw ArmException.invalidProperty(
                "properties.clusterSelector.matchTags",
                "Every tag of matchTags needs a name and a string value, e.g."
                    + " {\"matchTags\":{\"env\":\"prod\"}}.");
          }
        });
    AssignmentSpec.DriftPolicy drift = driftPolicy(p.driftPolicy());
    JsonNode templateNode = properties.get("template");
    if (p.template() == null || templateNode == null || !templateNode.isObject()) {
      throw ArmException.invalidProperty(
          "properties.template",
          "The template is required: the properties of the flux configuration every cluster in"
              + " scope gets, as in a fluxConfigurations PUT.");
    }
    retargeted(
        () -> {
          KnownProperties.check(templateNode, FluxConfigurationProperties.class, "properties");
          return null;
        });
    Map<String, String> secrets = p.template().configurationProtectedSettings();
    retargeted(
        () -> {
          FluxConfigurationRules.checkProtectedSettings(secrets);
          return null;
        });
    AssignmentSpec spec =
        new AssignmentSpec(
            p.configurationName(),
            types,
            tags,
            drift,
            Boolean.TRUE.equals(p.clusterTagSubstitutions()),
            rolloutMode(p.rolloutMode()),
            p.template().desiredOnly());
    // The template must make a valid configuration for any cluster: render it for a stand-in.
    ClusterRef standIn =
        new ClusterRef(
            scope.subscription(),
            scope.resourceGroup() == null ? "resource-group" : scope.resourceGroup(),
            "Microsoft.Kubernetes",
            "connectedClusters",
            "cluster");
    retargeted(() -> ClusterTemplate.render(spec, standIn, Map.of()));
    return new Parsed(spec, secrets);
  }

  private static List<String> clusterTypes(List<String> given) {
    if (given == null || given.isEmpty()) {
      return DEFAULT_CLUSTER_TYPES;
    }
    List<String> out = new ArrayList<>();
    for (String g : given) {
      String shortName = g == null ? "" : g.substring(g.lastIndexOf('/') + 1);
      String known =
          CLUSTER_TYPES.stream()
              .filter(t -> t.equalsIgnoreCase(shortName))
              .findFirst()
              .orElse(null);
      if (known == null) {
        throw ArmException.invalidProperty(
            "properties.clusterTypes",
            "The cluster type '"
                + g
                + "' is invalid: use "
                + String.join(", ", CLUSTER_TYPES)
                + " (or the full type, e.g. Microsoft.Kubernetes/connectedClusters).");
      }
      if (!out.contains(known)) {
        out.add(known);
      }
    }
    return out;
  }

  private static AssignmentSpec.DriftPolicy driftPolicy(String given) {
    return choice(AssignmentSpec.DriftPolicy.class, given, "driftPolicy");
  }

  private static AssignmentSpec.RolloutMode rolloutMode(String given) {
    return choice(AssignmentSpec.RolloutMode.class, given, "rolloutMode");
  }

  /** One of an enum's values, case-insensitively; the first is the default. */
  private static <E extends Enum<E>> E choice(Class<E> type, String given, String property) {
    E[] values = type.getEnumConstants();
    if (given == null) {
      return values[0];
    }
    for (E e : values) {
      if (e.name().equalsIgnoreCase(given)) {
        return e;
      }
    }
    throw ArmException.invalidProperty(
        "properties." + property,
        "The "
            + property
            + " '"
            + given
            + "' is invalid: use "
            + String.join(
                " or ", java.util.Arrays.stream(values).map(e -> "'" + e.name() + "'").toList())
            + ".");
  }

  /** Runs a single-configuration check, moving its error's target under the template. */
  private static <T> T retargeted(Supplier<T> check) {
    try {
      return check.get();
    } catch (ArmException e) {
      String t = e.target();
      String target =
          t == null
              ? "properties.template"
              : t.equals("name")
                  ? "properties.configurationName"
                  : t.startsWith("properties")
                      ? "properties.template" + t.substring("properties".length())
                      : "properties.template." + t;
      throw new ArmException(e.status(), e.code(), e.getMessage(), target);
    }
  }

  /** ARM's message for two assignments that would write the same configuration on a cluster. */
  static ArmException overlap(String id, String otherId, String configurationName) {
    return new ArmException(
        409,
        "ConflictingAssignment",
        "The assignment '"
            + id
            + "' would create flux configuration '"
            + configurationName
            + "' on clusters that assignment '"
            + otherId
            + "' already gives a configuration of that name. Use another configurationName, or"
            + " make the scopes disjoint (another resource group, another cluster type, or a"
            + " matchTags value the other assignment does not select).");
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
