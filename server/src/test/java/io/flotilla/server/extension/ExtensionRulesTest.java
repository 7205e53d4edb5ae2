package io.flotilla.server.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flotilla.server.http.Json;
import org.junit.jupiter.api.Test;

class ExtensionRulesTest {
  static ObjectNode body(String json) {
    return (ObjectNode) Json.tree(json);
  }

  static ObjectNode validated(String json) {
    return ExtensionRules.validateAndDefault(body(json));
  }

  @Test
  void fluxGetsClusterScopeInFluxSystemAndTheUsualDefaults() {
    var out = validated("{\"properties\":{\"extensionType\":\"microsoft.flux\"}}");
    var p = out.get("properties");
    assertThat(p.get("autoUpgradeMinorVersion").asBoolean()).isTrue();
    assertThat(p.get("releaseTrain").asText()).isEqualTo("Stable");
    assertThat(p.at("/scope/cluster/releaseNamespace").asText()).isEqualTo("flux-system");
  }

  @Test
  void otherExtensionsKeepTheirScope() {
    var out =
        validated(
            "{\"properties\":{\"extensionType\":\"x.y\",\"scope\":{\"namespace\":{\"targetNamespace\":\"t\"}}}}");
    assertThat(out.at("/properties/scope/namespace/targetNamespace").asText()).isEqualTo("t");
  }

  @Test
  void readOnlyFieldsFromTheCallerAreDropped() {
    var out =
        validated(
            "{\"properties\":{\"extensionType\":\"x\",\"provisioningState\":\"Failed\",\"currentVersion\":\"9\"}}");
    assertThat(out.get("properties").has("provisioningState")).isFalse();
    assertThat(out.get("properties").has("currentVersion")).isFalse();
  }

  @Test
  void invalidBodiesAreExplained() {
    assertThatThrownBy(() -> validated("{\"properties\":{}}"))
        .hasMessageContaining("extensionType is required");
    assertThatThrownBy(
            () -> validated("{\"properties\":{\"extensionType\":\"x\",\"version\":\"1.2.3\"}}"))
        .hasMessageContaining("autoUpgradeMinorVersion must be set to false");
    assertThatThrownBy(
            () ->
                validated(
                    "{\"properties\":{\"extensionType\":\"microsoft.flux\",\"scope\":{\"namespace\":{}}}}"))
        .hasMessageContaining("only be installed with cluster scope");
    assertThatThrownBy(
            () ->
                validated(
                    "{\"properties\":{\"extensionType\":\"x\",\"configurationSettings\":{\"a\":{\"b\":1}}}}"))
        .hasMessageContaining("must be a string");
  }

  @Test
  void aPatchMergesSettingsAndAPinnedVersionTurnsMinorUpgradesOff() {
    ObjectNode props =
        body(
            "{\"autoUpgradeMinorVersion\":true,\"configurationSettings\":{\"a\":\"1\",\"b\":\"2\"}}");
    ExtensionRules.merge(
        props,
        ExtensionRules.checkPatch(
            body("{\"version\":\"1.2.3\",\"configurationSettings\":{\"b\":null,\"c\":\"3\"}}")));
    assertThat(props.toString())
        .isEqualTo(
            "{\"autoUpgradeMinorVersion\":false,\"configurationSettings\":{\"a\":\"1\",\"c\":\"3\"},"
                + "\"version\":\"1.2.3\"}");
  }

  @Test
  void turningMinorUpgradesOnDropsThePinnedVersion() {
    ObjectNode props = body("{\"version\":\"1.0.0\",\"autoUpgradeMinorVersion\":false}");
    ExtensionRules.merge(
        props, ExtensionRules.checkPatch(body("{\"autoUpgradeMinorVersion\":true}")));
    assertThat(props.toString()).isEqualTo("{\"autoUpgradeMinorVersion\":true}");
  }

  @Test
  void aPatchChangesOnlyThePatchableFieldsAndLeavesProtectedSettingsToTheCaller() {
    assertThatThrownBy(() -> ExtensionRules.checkPatch(body("{\"scope\":{\"cluster\":{}}}")))
        .hasMessageContaining("'scope' cannot be changed with PATCH");
    assertThatThrownBy(
            () ->
                ExtensionRules.checkPatch(
                    body("{\"configurationProtectedSettings\":{\"k\":{\"x\":1}}}")))
        .hasMessageContaining("must be a string");
    ObjectNode changes =
        ExtensionRules.checkPatch(
            body(
                "{\"releaseTrain\":\"Preview\",\"configurationProtectedSettings\":{\"k\":\"v\"}}"));
    assertThat(changes.toString()).isEqualTo("{\"releaseTrain\":\"Preview\"}");
  }
}
