package io.flotilla.server.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.server.fluxconfig.FluxConfigurationService;
import io.flotilla.server.http.ArmException;
import io.flotilla.server.http.Json;
import io.flotilla.server.rollout.ConfigurationSubject.Member;
import io.flotilla.server.rollout.RolloutPlan.PlannedWave;
import io.flotilla.server.rollout.RolloutSubject.Target;
import io.flotilla.server.store.ClusterRepository;
import io.flotilla.server.store.ClusterRow;
import io.flotilla.server.store.ConfigurationRepository;
import io.flotilla.server.store.ConfigurationRow;
import io.flotilla.server.store.OwnerRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The rules of a configuration rollout's PUT: {@code configurationName} and {@code patch} are
 * given, the waves follow an assignment rollout's rules over the clusters of the scope that hold
 * that configuration (made by hand: an assignment's roll out through the assignment), and the patch
 * gives every one of them a valid configuration. Nothing is written when one fails.
 */
final class ConfigurationRolloutRules {
  private ConfigurationRolloutRules() {}

  /** The plan, and each cluster's configuration before and after the patch. */
  record Parsed(RolloutPlan plan, List<Member> members) {}

  static Parsed parse(
      Handle h, String key, String resourceId, String sub, String rg, JsonNode properties) {
    if (properties == null || !properties.isObject()) {
      throw ArmException.invalidProperty(
          "properties",
          "The request body must contain 'properties' with 'configurationName', 'patch' and"
              + " 'waves'.");
    }
    ObjectNode rest = ((ObjectNode) properties).deepCopy();
    JsonNode nameNode = rest.remove("configurationName");
    JsonNode patch = rest.remove("patch");
    if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
      throw ArmException.invalidProperty(
          "properties.configurationName",
          "configurationName is required: the name of the flux configuration to change on each"
              + " cluster of the waves.");
    }
    String name = nameNode.asText();
    if (patch == null || !patch.isObject() || patch.isEmpty()) {
      throw ArmException.invalidProperty(
          "properties.patch",
          "patch is required: a non-empty FluxConfigurationPatch (JSON merge patch of the"
              + " configuration's properties), e.g. {\"gitRepository\":{\"repositoryRef\":"
              + "{\"tag\":\"v2\"}}}.");
    }
    for (String fixed : List.of("scope", "namespace", "configurationProtectedSettings")) {
      if (patch.has(fixed)) {
        throw ArmException.invalidProperty(
            "properties.patch." + fixed,
            fixed.equals("configurationProtectedSettings")
                ? "A configuration rollout does not change protected settings (they are per"
                    + " cluster and write-only): update them with the configuration, or roll them"
                    + " out through an assignment."
                : fixed
                    + " cannot be changed on an existing flux configuration. Remove it from the"
                    + " patch.");
      }
    }
    if (rest.has("targetRevision")) {
      throw ArmException.invalidProperty(
          "properties.targetRevision",
          "A configuration rollout has no targetRevision: it rolls out its patch. Remove it.");
    }
    Map<String, String> holders = new OwnerRepository().holdersOf(h, sub, name);
    List<ClusterRow> holding = new ArrayList<>();
    for (ClusterRow c : new ClusterRepository().listInScope(h, sub, rg)) {
      if ("".equals(holders.get(c.id()))) {
        holding.add(c);
      }
    }
    Target target =
        new Target(key, resourceId, ConfigurationSubject.TARGET, ConfigurationSubject.BASE, true);
    RolloutPlan waves = RolloutRules.parse(rest, target, holding);
    ConfigurationRepository configs = new ConfigurationRepository();
    List<Member> members = new ArrayList<>();
    for (PlannedWave w : waves.waves()) {
      for (String id : w.clusterIds()) {
        ConfigurationRow row = configs.find(h, id, name).orElseThrow();
        String after;
        try {
          after = Json.write(FluxConfigurationService.patched(name, row.desired(), patch));
        } catch (ArmException e) {
          throw ArmException.invalidProperty(
              "properties.patch",
              "The patch makes configuration '"
                  + name
                  + "' of cluster '"
                  + holding.stream()
                      .filter(c -> c.id().equals(id))
                      .findFirst()
                      .map(c -> c.ref().resourceId())
                      .orElse(id)
                  + "' invalid: "
                  + e.getMessage());
        }
        members.add(new Member(id, name, row.desired(), after));
      }
    }
    RolloutPlan plan =
        new RolloutPlan(
            key,
            waves.targetRevision(),
            waves.baseRevision(),
            waves.rollbackOnFailure(),
            waves.waves(),
            name,
            patch);
    return new Parsed(plan, members);
  }
}
