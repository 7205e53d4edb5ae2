package io.flotilla.controllers.fluxconfig;

import io.flotilla.api.arm.ComplianceState;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.api.fluxconfig.FluxConfigStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Dependencies between configurations on one cluster (Flotilla's {@code dependsOn}, which Azure
 * lacks): a configuration's Kustomizations start only once every configuration it depends on is
 * Compliant on its current version — its controller has seen its latest spec, the agent's version
 * of it is the one applied, and its objects are all Compliant.
 */
final class ConfigurationDependencies {
  private ConfigurationDependencies() {}

  /**
   * Why the configuration must wait, naming the first dependency not ready; empty when it may
   * start. {@code all} are the cluster's FluxConfigs (a configuration name is unique per cluster).
   */
  static Optional<String> waitingFor(FluxConfig config, List<FluxConfig> all) {
    List<String> deps = config.getSpec().dependsOn();
    if (deps == null || deps.isEmpty()) {
      return Optional.empty();
    }
    List<String> missing = new ArrayList<>();
    for (String dep : deps) {
      FluxConfig other =
          all.stream().filter(c -> c.getMetadata().getName().equals(dep)).findFirst().orElse(null);
      if (other == null) {
        missing.add(dep);
        continue;
      }
      Optional<String> why = notReady(other);
      if (why.isPresent()) {
        return Optional.of("waiting for configuration '" + dep + "' (dependsOn): " + why.get());
      }
    }
    if (!missing.isEmpty()) {
      return Optional.of(
          "waiting for configuration '"
              + missing.get(0)
              + "' (dependsOn): it does not exist on this cluster yet");
    }
    return Optional.empty();
  }

  private static Optional<String> notReady(FluxConfig dep) {
    FluxConfigStatus s = dep.getStatus();
    if (s == null) {
      return Optional.of("it has no status yet");
    }
    Long generation = dep.getMetadata().getGeneration();
    if (generation != null && !Objects.equals(s.observedGeneration(), generation)) {
      return Optional.of("its latest change is not reconciled yet");
    }
    Long version = dep.getSpec().version();
    if (version != null && !Objects.equals(s.appliedVersion(), version)) {
      return Optional.of("its current version is not applied yet");
    }
    if (!ComplianceState.COMPLIANT.equals(s.complianceState())) {
      return Optional.of("it is " + s.complianceState() + ", not Compliant");
    }
    return Optional.empty();
  }
}
