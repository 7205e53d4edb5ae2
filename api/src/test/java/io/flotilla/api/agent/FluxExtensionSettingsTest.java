package io.flotilla.api.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FluxExtensionSettingsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "kustomize-controller.log-level | verbose | use info, error or debug",
        "kustomize-controller.concurrent | abc | use a whole number from 1 to 1000",
        "source-controller.concurrent | 0 | use a whole number from 1 to 1000",
        "helm-controller.concurrent | 1001 | use a whole number from 1 to 1000",
        "kustomize-controller.requeue-dependency | 0s | use a positive Go duration such as 30s or"
            + " 1m30s",
        "kustomize-controller.requeue-dependency | 5 minutes | use a positive Go duration such as"
            + " 30s or 1m30s",
        "multiTenancy.enforce | yes | use true or false",
        "helm-controller.outOfMemoryWatch.enabled | maybe | use true or false",
      })
  void refusesAValueNamingTheKeyAndWhatItAccepts(String key, String value, String hint) {
    assertThat(FluxExtensionSettings.check(key, value))
        .get()
        .extracting(FluxExtensionSettings.Problem::message)
        .isEqualTo("configuration setting '" + key + "' is '" + value + "': " + hint);
  }

  @Test
  void turningOnTheOutOfMemoryWatchIsRefusedWithTheReason() {
    assertThat(FluxExtensionSettings.check("helm-controller.outOfMemoryWatch.enabled", "true"))
        .get()
        .extracting(FluxExtensionSettings.Problem::message)
        .asString()
        .contains("not supported by this engine")
        .endsWith("set it to false");
    assertThat(FluxExtensionSettings.check("helm-controller.outOfMemoryWatch.enabled", "false"))
        .isEmpty();
  }

  @Test
  void acceptsWhatTheControllersRead() {
    assertThat(
            FluxExtensionSettings.check(
                Map.of(
                    "kustomize-controller.log-level", "DEBUG",
                    "kustomize-controller.concurrent", " 12 ",
                    "kustomize-controller.requeue-dependency", "1m30s",
                    "source-controller.enabled", "False",
                    "fluxconfig-agent.log-level", "error")))
        .isEmpty();
    assertThat(FluxExtensionSettings.duration("1m30s")).contains(Duration.ofSeconds(90));
    assertThat(FluxExtensionSettings.count("1000")).hasValue(1000);
    assertThat(FluxExtensionSettings.level(" Info ")).contains("info");
  }

  @Test
  void keysTheEngineDoesNotReadAreLeftToTheChart() {
    assertThat(
            FluxExtensionSettings.check(
                Map.of(
                    "source-controller.resources.limits.memory", "2Gi",
                    "workloadIdentity.enable", "anything")))
        .isEmpty();
  }

  @Test
  void listsEveryProblemOfARequestInKeyOrder() {
    assertThat(
            FluxExtensionSettings.check(
                    Map.of(
                        "kustomize-controller.log-level", "verbose",
                        "kustomize-controller.concurrent", "abc",
                        "helm-controller.detectDrift", "true"))
                .stream()
                .map(FluxExtensionSettings.Problem::key))
        .containsExactly("kustomize-controller.concurrent", "kustomize-controller.log-level");
  }
}
