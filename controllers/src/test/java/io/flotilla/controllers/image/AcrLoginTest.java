package io.flotilla.controllers.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.controllers.runtime.ReconcileException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcrLoginTest {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    "team.azurecr.io, https://management.azure.com/.default",
    "team.azurecr.cn:443, https://management.chinacloudapi.cn/.default",
    "team.azurecr.us, https://management.usgovcloudapi.net/.default",
  })
  void theArmScopeFollowsTheRegistrysCloud(String registry, String scope) {
    assertThat(AcrLogin.scope(registry)).isEqualTo(scope);
  }

  @Test
  void aMissingIdentityIsTerminalAndNamesEachMissingVariable() {
    assertThatThrownBy(
            () ->
                AcrLogin.login(
                    Map.of("AZURE_TENANT_ID", "t", "AZURE_CLIENT_ID", " "),
                    "team.azurecr.io",
                    false,
                    null,
                    Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            ReconcileException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("AuthenticationFailed");
              assertThat(e.terminal()).isTrue();
              assertThat(e.getMessage())
                  .startsWith(
                      "spec.provider 'azure' needs the controller's workload identity, but"
                          + " AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE are not set");
            });
  }
}
