package io.flotilla.controllers.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flotilla.controllers.runtime.ReconcileException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcrLoginTest {
  @Test
  void theArmScopeFollowsTheRegistrysCloud() {
    assertThat(AcrLogin.scope("team.azurecr.io"))
        .isEqualTo("https://management.azure.com/.default");
    assertThat(AcrLogin.scope("team.azurecr.cn:443"))
        .isEqualTo("https://management.chinacloudapi.cn/.default");
    assertThat(AcrLogin.scope("team.azurecr.us"))
        .isEqualTo("https://management.usgovcloudapi.net/.default");
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
