package io.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.flotilla.api.agent.ExtensionStatus;
import io.flotilla.api.agent.FluxExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExtensionWriterTest {
  private static ConfigMap settings(Map<String, String> annotations) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(FluxExtension.SETTINGS_CONFIG_MAP)
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  @Test
  void nothingIsReportedUntilTheControllersTookTheCurrentVersion() {
    assertThat(
            ExtensionWriter.fluxStatus(
                settings(
                    Map.of(
                        FluxExtension.VERSION_ANNOTATION, "3",
                        ExtensionWriter.NAME_ANNOTATION, "flux",
                        FluxExtension.APPLIED_ANNOTATION, "2"))))
        .isEmpty();
    assertThat(ExtensionWriter.fluxStatus(null)).isEmpty();
  }

  @Test
  void anAcknowledgedVersionIsSucceededWithTheControllersStatuses() {
    ExtensionStatus s =
        ExtensionWriter.fluxStatus(
                settings(
                    Map.of(
                        FluxExtension.VERSION_ANNOTATION, "3",
                        ExtensionWriter.NAME_ANNOTATION, "flux",
                        FluxExtension.APPLIED_ANNOTATION, "3",
                        FluxExtension.RESULT_ANNOTATION,
                            """
                            [{"code":"ConfigurationSettingsApplied","displayStatus":"Applied",
                              "level":"Information","message":"source-controller: running"}]
                            """)))
            .orElseThrow();
    assertThat(s.name()).isEqualTo("flux");
    assertThat(s.appliedVersion()).isEqualTo(3);
    assertThat(s.provisioningState()).isEqualTo("Succeeded");
    assertThat(s.errorMessage()).isNull();
    assertThat(s.statuses())
        .extracting(ExtensionStatus.Status::code)
        .containsExactly("ConfigurationSettingsApplied");
  }

  @Test
  void aSettingTheControllersRejectedFailsTheExtensionWithTheirMessage() {
    ExtensionStatus s =
        ExtensionWriter.fluxStatus(
                settings(
                    Map.of(
                        FluxExtension.VERSION_ANNOTATION, "4",
                        ExtensionWriter.NAME_ANNOTATION, "flux",
                        FluxExtension.APPLIED_ANNOTATION, "4",
                        FluxExtension.RESULT_ANNOTATION,
                            """
                            [{"code":"InvalidConfigurationSetting","level":"Error",
                              "message":"configuration setting 'multiTenancy.enforce' is 'maybe': use true or false"}]
                            """)))
            .orElseThrow();
    assertThat(s.provisioningState()).isEqualTo("Failed");
    assertThat(s.errorMessage())
        .isEqualTo("configuration setting 'multiTenancy.enforce' is 'maybe': use true or false");
  }
}
