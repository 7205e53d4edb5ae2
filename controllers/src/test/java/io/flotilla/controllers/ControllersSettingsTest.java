package io.flotilla.controllers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllersSettingsTest {
  private static final ControllerOptions OPTIONS =
      ControllerOptions.defaults(Path.of("/tmp/unused")).withMultiTenancy(true).withConcurrency(4);

  /** The settings with only {@code key} set to {@code value}. */
  private static ControllersSettings setting(String key, String value) {
    return ControllersSettings.parse(Map.of(key, value), OPTIONS);
  }

  @Test
  void withoutSettingsTheProcessOptionsHold() {
    ControllersSettings s = ControllersSettings.defaults(OPTIONS);
    assertThat(s.sourceEnabled()).isTrue();
    assertThat(s.kustomizeEnabled()).isTrue();
    assertThat(s.kustomizeConcurrent()).isEqualTo(4);
    assertThat(s.requeueDependency()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.multiTenancyEnforce()).isTrue();
    assertThat(s.strictSubstitution()).isTrue();
    assertThat(s.helmDetectDrift()).isFalse();
    assertThat(s.errors()).isEmpty();
  }

  @Test
  void azureKeysOverrideThem() {
    ControllersSettings s =
        ControllersSettings.parse(
            Map.of(
                "kustomize-controller.enabled", "false",
                "source-controller.enabled", "False",
                "kustomize-controller.concurrent", "12",
                "kustomize-controller.requeue-dependency", "50s",
                "kustomize-controller.strict-substitution-mode", "true",
                "helm-controller.detectDrift", "true",
                "multiTenancy.enforce", "false",
                "kustomize-controller.log-level", "debug"),
            OPTIONS);
    assertThat(s.kustomizeEnabled()).isFalse();
    assertThat(s.sourceEnabled()).isFalse();
    assertThat(s.kustomizeConcurrent()).isEqualTo(12);
    assertThat(s.requeueDependency()).isEqualTo(Duration.ofSeconds(50));
    assertThat(s.helmDetectDrift()).isTrue();
    assertThat(s.multiTenancyEnforce()).isFalse();
    assertThat(s.logLevels()).containsExactly(Map.entry("kustomize-controller", "debug"));
    assertThat(s.errors()).isEmpty();
    ControllerOptions k = s.kustomizeOptions(OPTIONS);
    assertThat(k.defaultServiceAccount()).isNull();
    assertThat(k.noCrossNamespaceRefs()).isFalse();
    assertThat(k.concurrency()).isEqualTo(12);
  }

  @Test
  void imageControllersRunOnlyWhenTheirSettingsSaySoAndABadValueKeepsWhatRuns() {
    ControllersSettings off = ControllersSettings.defaults(OPTIONS);
    assertThat(off.imageReflectorEnabled()).isFalse();
    assertThat(off.imageAutomationEnabled()).isFalse();
    ControllersSettings on =
        ControllersSettings.parse(
            Map.of(
                "image-reflector-controller.enabled", "true",
                "image-automation-controller.enabled", "TRUE"),
            OPTIONS,
            off);
    assertThat(on.imageReflectorEnabled()).isTrue();
    assertThat(on.imageAutomationEnabled()).isTrue();
    assertThat(off.imageReflectorChanged(on)).isTrue();
    assertThat(off.imageAutomationChanged(on)).isTrue();
    ControllersSettings bad =
        ControllersSettings.parse(
            Map.of("image-automation-controller.enabled", "yes"), OPTIONS, on);
    assertThat(bad.imageAutomationEnabled()).isTrue();
    assertThat(bad.imageReflectorEnabled()).isFalse();
    assertThat(bad.errors())
        .containsExactly(
            "configuration setting 'image-automation-controller.enabled' is 'yes': use true or false");
  }

  @Test
  void crossNamespaceRefusalAloneSurvivesTheDefaultSettings() {
    ControllerOptions refusing =
        ControllerOptions.defaults(Path.of("/tmp/unused")).withNoCrossNamespaceRefs(true);
    ControllersSettings s = ControllersSettings.defaults(refusing);
    assertThat(s.kustomizeOptions(refusing).noCrossNamespaceRefs()).isTrue();
    assertThat(s.kustomizeOptions(refusing).defaultServiceAccount()).isNull();
    assertThat(s.helmOptions(refusing).noCrossNamespaceRefs()).isTrue();
    ControllersSettings enforced =
        ControllersSettings.parse(Map.of("multiTenancy.enforce", "true"), refusing);
    assertThat(enforced.kustomizeOptions(refusing).defaultServiceAccount())
        .isEqualTo("flux-applier");
  }

  @Test
  void turningStrictSubstitutionOffRestartsTheKustomizeController() {
    ControllersSettings strict = ControllersSettings.parse(Map.of(), OPTIONS);
    ControllersSettings lax = setting("kustomize-controller.strict-substitution-mode", "false");
    assertThat(strict.strictSubstitution()).isTrue();
    assertThat(lax.strictSubstitution()).isFalse();
    assertThat(strict.kustomizeChanged(lax)).isTrue();
    assertThat(strict.sourceChanged(lax)).isFalse();
  }

  @Test
  void badValuesKeepTheDefaultAndSayWhatToUse() {
    ControllersSettings s =
        ControllersSettings.parse(
            Map.of(
                "kustomize-controller.enabled", "nope",
                "kustomize-controller.concurrent", "0",
                "kustomize-controller.requeue-dependency", "soon",
                "source-controller.log-level", "trace"),
            OPTIONS);
    assertThat(s.kustomizeEnabled()).isTrue();
    assertThat(s.kustomizeConcurrent()).isEqualTo(4);
    assertThat(s.errors())
        .containsExactlyInAnyOrder(
            "configuration setting 'kustomize-controller.enabled' is 'nope': use true or false",
            "configuration setting 'kustomize-controller.concurrent' is '0': use a whole number"
                + " from 1 to 1000",
            "configuration setting 'kustomize-controller.requeue-dependency' is 'soon': use a"
                + " positive Go duration such as 30s or 1m30s",
            "configuration setting 'source-controller.log-level' is 'trace': use info, error or"
                + " debug");
  }

  @Test
  void aBadValueKeepsWhatRunsInsteadOfResettingIt() {
    ControllersSettings six = setting("kustomize-controller.concurrent", "6");
    ControllersSettings abc =
        ControllersSettings.parse(Map.of("kustomize-controller.concurrent", "abc"), OPTIONS, six);
    ControllersSettings removed = ControllersSettings.parse(Map.of(), OPTIONS, six);

    assertThat(abc.kustomizeConcurrent()).isEqualTo(6);
    assertThat(abc.kustomizeChanged(six)).isFalse();
    assertThat(abc.errors())
        .containsExactly(
            "configuration setting 'kustomize-controller.concurrent' is 'abc': use a whole number"
                + " from 1 to 1000");
    // a key that is gone goes back to the process's own value
    assertThat(removed.kustomizeConcurrent()).isEqualTo(4);
  }

  @Test
  void onlyWhatAControllerRunsWithRestartsIt() {
    ControllersSettings a = ControllersSettings.defaults(OPTIONS);
    ControllersSettings drift = setting("helm-controller.detectDrift", "true");
    ControllersSettings tenancy = setting("multiTenancy.enforce", "false");
    assertThat(a.kustomizeChanged(drift)).isFalse();
    assertThat(a.sourceChanged(drift)).isFalse();
    assertThat(a.kustomizeChanged(tenancy)).isTrue();
    assertThat(a.sourceChanged(tenancy)).isFalse();
  }

  @Test
  void helmControllerSettingsRestartOnlyTheHelmController() {
    ControllersSettings a = ControllersSettings.defaults(OPTIONS);
    ControllersSettings b =
        ControllersSettings.parse(
            Map.of("helm-controller.concurrent", "3", "helm-controller.detectDrift", "true"),
            OPTIONS);

    assertThat(b.helmConcurrent()).isEqualTo(3);
    assertThat(b.helmOptions(OPTIONS).detectDrift()).isTrue();
    assertThat(a.helmChanged(b)).isTrue();
    assertThat(a.kustomizeChanged(b)).isFalse();
    assertThat(a.sourceChanged(b)).isFalse();
  }

  @Test
  void outOfMemoryWatchIsRefusedWithTheReasonAndTheFix() {
    ControllersSettings on = setting("helm-controller.outOfMemoryWatch.enabled", "true");
    ControllersSettings off = setting("helm-controller.outOfMemoryWatch.enabled", "false");

    assertThat(on.errors())
        .singleElement()
        .asString()
        .startsWith("configuration setting 'helm-controller.outOfMemoryWatch.enabled' is 'true':")
        .contains("not supported by this engine")
        .endsWith("Remove the setting or set it to false");
    assertThat(off.errors()).isEmpty();
  }
}
