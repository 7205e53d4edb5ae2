package io.flotilla.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArmRequestChecksTest {
  static final String CLUSTER =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c";
  static final String FLUX =
      CLUSTER + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/x";
  static final String EXTENSION =
      CLUSTER + "/providers/Microsoft.KubernetesConfiguration/extensions/flux/operations/1";

  @Test
  void eachResourceTypeHasItsVersions() {
    assertThat(ArmRequestChecks.resourceType(FLUX)).isEqualTo("fluxConfigurations");
    assertThat(ArmRequestChecks.resourceType(EXTENSION)).isEqualTo("extensions");
    assertThat(ArmRequestChecks.resourceType(CLUSTER + "/issueAgentToken"))
        .isEqualTo("connectedClusters");
    assertThat(ArmRequestChecks.resourceType("/subscriptions/s/resourceGroups/rg/providers/x/y"))
        .isNull();
    assertThatCode(() -> ArmRequestChecks.check(FLUX, "2025-04-01")).doesNotThrowAnyException();
    assertThatCode(() -> ArmRequestChecks.check(EXTENSION, "2025-03-01"))
        .doesNotThrowAnyException();
    assertThatCode(() -> ArmRequestChecks.check(CLUSTER, "2024-01-01")).doesNotThrowAnyException();
  }

  static Stream<Arguments> refusedVersions() {
    return Stream.of(
        Arguments.of(FLUX, null, "MissingApiVersionParameter", null),
        Arguments.of(
            FLUX,
            "2025-04-01\u0000",
            "InvalidApiVersionParameter",
            "The api-version '2025-04-01\\u0000' is invalid. The supported versions are"
                + " '2024-11-01, 2025-04-01'."),
        Arguments.of(
            EXTENSION,
            "2025-04-01",
            "NoRegisteredProviderFound",
            "No registered resource provider found for API version '2025-04-01' and type"
                + " 'extensions'. The supported api-versions are '2024-11-01, 2025-03-01'."));
  }

  @ParameterizedTest
  @MethodSource("refusedVersions")
  void aMissingMalformedOrUnservedVersionIsArmsError(
      String path, String version, String code, String message) {
    var refused =
        catchThrowableOfType(ArmException.class, () -> ArmRequestChecks.check(path, version));
    assertThat(refused.code()).isEqualTo(code);
    if (message != null) {
      assertThat(refused).hasMessage(message);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rg", "My-RG_1", "(prod).eu", "Équipe", "数据", "a"})
  void resourceGroupNamesArmAllows(String name) {
    assertThatCode(() -> ArmRequestChecks.checkResourceGroup(name)).doesNotThrowAnyException();
  }

  @Test
  void resourceGroupNamesArmRefuses() {
    assertThatThrownBy(() -> ArmRequestChecks.checkResourceGroup("rg' OR 1=1--"))
        .hasMessage(
            "The provided resource group name 'rg' OR 1=1--' has these invalid characters: '' ='."
                + " The name can only be a letter, digit, '-', '.', '(', ')' or '_'.");
    assertThatThrownBy(() -> ArmRequestChecks.checkResourceGroup("a\tb\u0000"))
        .hasMessageContaining("'a\\u0009b\\u0000' has these invalid characters: '\\u0009\\u0000'");
    assertThatThrownBy(() -> ArmRequestChecks.checkResourceGroup("rg."))
        .hasMessageContaining("cannot end with a period");
    assertThatThrownBy(() -> ArmRequestChecks.checkResourceGroup("r".repeat(91)))
        .hasMessageContaining("must be 1 to 90 characters long");
    assertThatThrownBy(() -> ArmRequestChecks.checkResourceGroup(""))
        .hasMessageContaining("must be 1 to 90 characters long");
  }

  @Test
  void requestTextIsQuotedSafely() {
    assertThat(Printable.quote("a\u0000b\u202ec")).isEqualTo("a\\u0000b\\u202ec");
    assertThat(Printable.quote("x".repeat(200))).hasSize(121).endsWith("…");
  }
}
