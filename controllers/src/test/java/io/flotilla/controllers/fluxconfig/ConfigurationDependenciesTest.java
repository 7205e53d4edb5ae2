package io.flotilla.controllers.fluxconfig;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.flotilla.api.fluxconfig.FluxConfig;
import io.flotilla.api.fluxconfig.FluxConfigSpec;
import io.flotilla.api.fluxconfig.FluxConfigStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationDependenciesTest {
  static FluxConfig config(String name, long generation, long version, List<String> dependsOn) {
    FluxConfig c = new FluxConfig();
    c.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(name)
            .withGeneration(generation)
            .build());
    c.setSpec(
        FluxConfigSpec.of("/x/" + name, version, "cluster", null)
            .with(
                s -> {
                  s.sourceKind = "GitRepository";
                  s.dependsOn = dependsOn;
                }));
    return c;
  }

  static FluxConfig withStatus(FluxConfig c, long observed, long applied, String compliance) {
    c.setStatus(
        new FluxConfigStatus(
            observed,
            applied,
            List.of(),
            "Succeeded",
            compliance,
            List.of(),
            null,
            null,
            null,
            null,
            ""));
    return c;
  }

  @Test
  void aConfigurationWithoutDependenciesNeverWaits() {
    assertThat(ConfigurationDependencies.waitingFor(config("apps", 1, 1, null), List.of()))
        .isEmpty();
  }

  @Test
  void itWaitsUntilTheOtherIsCompliantOnItsCurrentVersion() {
    FluxConfig apps = config("apps", 1, 1, List.of("platform"));
    assertThat(ConfigurationDependencies.waitingFor(apps, List.of(apps)))
        .hasValue(
            "waiting for configuration 'platform' (dependsOn): it does not exist on this cluster"
                + " yet");
    FluxConfig platform = config("platform", 2, 5, null);
    assertThat(ConfigurationDependencies.waitingFor(apps, List.of(apps, platform)))
        .hasValue("waiting for configuration 'platform' (dependsOn): it has no status yet");
    withStatus(platform, 1, 4, "Compliant");
    assertThat(ConfigurationDependencies.waitingFor(apps, List.of(apps, platform)))
        .hasValue(
            "waiting for configuration 'platform' (dependsOn): its latest change is not reconciled"
                + " yet");
    withStatus(platform, 2, 4, "Compliant");
    assertThat(ConfigurationDependencies.waitingFor(apps, List.of(apps, platform)))
        .hasValue(
            "waiting for configuration 'platform' (dependsOn): its current version is not applied"
                + " yet");
    withStatus(platform, 2, 5, "Non-Compliant");
    assertThat(ConfigurationDependencies.waitingFor(apps, List.of(apps, platform)))
        .hasValue(
            "waiting for configuration 'platform' (dependsOn): it is Non-Compliant, not Compliant");
    withStatus(platform, 2, 5, "Compliant");
    assertThat(ConfigurationDependencies.waitingFor(apps, List.of(apps, platform))).isEmpty();
  }
}
