package io.flotilla.server.fluxconfig;

import static io.flotilla.server.fluxconfig.FluxConfigurationRules.findCycle;
import static io.flotilla.server.fluxconfig.FluxConfigurationRules.orDefault;
import static io.flotilla.server.fluxconfig.FluxConfigurationRules.positive;
import static io.flotilla.server.fluxconfig.FluxConfigurationRules.validateName;

import io.flotilla.api.arm.KustomizationDefinition;
import io.flotilla.server.http.ArmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of a flux configuration's kustomizations: names, Kubernetes' limits on their fields,
 * postBuild, decryption, dependsOn within the configuration (no cycles) and the API's defaults.
 * Pure functions, no I/O.
 */
final class KustomizationRules {
  private KustomizationRules() {}

  static Map<String, KustomizationDefinition> kustomizations(
      String configName, Map<String, KustomizationDefinition> in) {
    if (in == null) {
      return null;
    }
    Map<String, KustomizationDefinition> out = new LinkedHashMap<>();
    for (var e : in.entrySet()) {
      String key = e.getKey();
      String target = "properties.kustomizations." + key;
      validateName(key, "kustomization", target);
      if (configName.length() + key.length() > 62) {
        throw ArmException.invalidProperty(
            target,
            "The flux configuration name '"
                + configName
                + "' combined with the kustomization name '"
                + key
                + "' cannot be greater than 62 characters: the Kustomization object is named"
                + " '<configuration>-<kustomization>'. Use shorter names.");
      }
      KustomizationDefinition k = e.getValue();
      if (k == null) {
        throw ArmException.invalidProperty(
            target, "The kustomization '" + key + "' must be an object, not null.");
      }
      if (k.name() != null && !k.name().equals(key)) {
        throw ArmException.invalidProperty(
            target + ".name",
            "The kustomization name '"
                + k.name()
                + "' differs from its key '"
                + key
                + "'. Omit name, or make it equal the key.");
      }
      positive(k.timeoutInSeconds(), target + ".timeoutInSeconds");
      positive(k.syncIntervalInSeconds(), target + ".syncIntervalInSeconds");
      positive(k.retryIntervalInSeconds(), target + ".retryIntervalInSeconds");
      KubernetesLimits.path(k.path(), target + ".path");
      if (k.postBuild() != null && k.postBuild().substitute() != null) {
        for (String variable : k.postBuild().substitute().keySet()) {
          KubernetesLimits.variable(variable, target + ".postBuild.substitute." + variable);
        }
      }
      if (k.postBuild() != null && k.postBuild().substituteFrom() != null) {
        int i = 0;
        for (var from : k.postBuild().substituteFrom()) {
          String t = target + ".postBuild.substituteFrom[" + i++ + "]";
          if (from == null || !("ConfigMap".equals(from.kind()) || "Secret".equals(from.kind()))) {
            throw ArmException.invalidProperty(
                t + ".kind", "substituteFrom kind must be 'ConfigMap' or 'Secret'.");
          }
          if (from.name() == null || from.name().isBlank()) {
            throw ArmException.invalidProperty(t + ".name", "substituteFrom name is required.");
          }
          KubernetesLimits.objectName(from.name(), t + ".name", "substituteFrom " + from.kind());
        }
      }
      if (k.decryption() != null) {
        decryption(k.decryption(), target + ".decryption");
      }
      out.put(
          key,
          new KustomizationDefinition(
              key,
              k.path() == null ? "" : k.path(),
              k.dependsOn() == null ? List.of() : List.copyOf(k.dependsOn()),
              orDefault(k.timeoutInSeconds()),
              orDefault(k.syncIntervalInSeconds()),
              k.retryIntervalInSeconds(),
              k.prune() == null ? Boolean.FALSE : k.prune(),
              k.force() == null ? Boolean.FALSE : k.force(),
              k.waitForHealth() == null ? Boolean.TRUE : k.waitForHealth(),
              k.postBuild(),
              k.decryption()));
    }
    checkDependencies(out);
    return out;
  }

  /** Flotilla's decryption extension: provider sops and the name of a Secret on the cluster. */
  private static void decryption(KustomizationDefinition.DecryptionDefinition d, String target) {
    if (!"sops".equals(d.provider())) {
      throw ArmException.invalidProperty(
          target + ".provider",
          "The decryption provider '"
              + d.provider()
              + "' is not supported. The supported provider is 'sops'.");
    }
    if (d.secretRef() != null) {
      if (d.secretRef().name() == null || d.secretRef().name().isBlank()) {
        throw ArmException.invalidProperty(
            target + ".secretRef.name",
            "The decryption secretRef name is required: the Secret with the SOPS keys"
                + " (*.agekey, *.asc, sops.azure-kv, sops.vault-token) in the configuration's"
                + " namespace.");
      }
      KubernetesLimits.objectName(
          d.secretRef().name(), target + ".secretRef.name", "decryption Secret");
    }
  }

  private static void checkDependencies(Map<String, KustomizationDefinition> ks) {
    for (var k : ks.values()) {
      for (String dep : k.dependsOn()) {
        String target = "properties.kustomizations." + k.name() + ".dependsOn";
        if (dep.equals(k.name())) {
          throw ArmException.invalidProperty(
              target, "The kustomization '" + k.name() + "' cannot depend on itself.");
        }
        if (!ks.containsKey(dep)) {
          throw ArmException.invalidProperty(
              target,
              "The kustomization '"
                  + k.name()
                  + "' depends on '"
                  + dep
                  + "', which is not a kustomization of this configuration. Known kustomizations: "
                  + String.join(", ", ks.keySet())
                  + ".");
        }
      }
    }
    // A cycle would leave every member waiting on another forever.
    Map<String, List<String>> graph = new java.util.LinkedHashMap<>();
    ks.forEach((n, k) -> graph.put(n, k.dependsOn()));
    Set<String> done = new HashSet<>();
    for (String start : ks.keySet()) {
      findCycle(
          start,
          graph,
          new ArrayList<>(),
          done,
          cycle ->
              ArmException.invalidProperty(
                  "properties.kustomizations." + cycle.get(0) + ".dependsOn",
                  "The kustomizations depend on each other in a cycle: "
                      + String.join(" -> ", cycle)
                      + ". Remove one of these dependencies."));
    }
  }
}
