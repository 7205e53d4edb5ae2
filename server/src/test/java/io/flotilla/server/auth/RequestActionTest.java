package io.flotilla.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestActionTest {
  static final String C =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c";

  @ParameterizedTest
  @CsvSource({
    "GET,    /subscriptions/s,                           Microsoft.Resources/subscriptions/read",
    "GET,    /subscriptions/s/resourceGroups/rg,         Microsoft.Resources/subscriptions/resourceGroups/read",
    "GET,    /subscriptions/s/providers/Microsoft.Kubernetes/connectedClusters, Microsoft.Kubernetes/connectedClusters/read",
    "DELETE, "
        + C
        + ",                                  Microsoft.Kubernetes/connectedClusters/delete",
    "PATCH,  "
        + C
        + "/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/f, Microsoft.KubernetesConfiguration/fluxConfigurations/write",
    "GET,    "
        + C
        + "/providers/Microsoft.KubernetesConfiguration/extensions/e/operations/o, Microsoft.KubernetesConfiguration/extensions/operations/read",
    "PUT,    "
        + C
        + "/providers/Microsoft.Authorization/roleAssignments/x, Microsoft.Authorization/roleAssignments/write",
  })
  void actionFollowsArmPaths(String method, String path, String action) {
    assertThat(RequestAction.of(method, path).action()).isEqualTo(action);
    assertThat(RequestAction.of(method, path).scope()).isEqualTo(path);
  }

  @Test
  void aPostIsTheResourceActionOverTheResource() {
    var r = RequestAction.of("POST", C + "/listClusterUserCredential");
    assertThat(r.action())
        .isEqualTo("Microsoft.Kubernetes/connectedClusters/listClusterUserCredential/action");
    assertThat(r.scope()).isEqualTo(C);
    // the agent's credential comes with onboarding, as in Azure
    assertThat(RequestAction.of("POST", C + "/issueAgentToken").action())
        .isEqualTo("Microsoft.Kubernetes/connectedClusters/write");
  }

  @Test
  void readingTheAuditLogIsAnActionOwnersAndContributorsHaveAndReadersDoNot() {
    var r = RequestAction.of("POST", C + "/providers/Microsoft.Flotilla/auditLog/list");
    assertThat(r.action()).isEqualTo("Microsoft.Flotilla/auditLog/list/action");
    assertThat(BuiltInRoles.OWNER.permits(r.action())).isTrue();
    assertThat(BuiltInRoles.CONTRIBUTOR.permits(r.action())).isTrue();
    assertThat(BuiltInRoles.READER.permits(r.action())).isFalse();
    assertThat(BuiltInRoles.KUBERNETES_EXTENSION_CONTRIBUTOR.permits(r.action())).isFalse();
  }

  @Test
  void scopesCoverWhatIsBelowThemOnly() {
    assertThat(RequestAction.covers("/subscriptions/S/resourceGroups/RG", C)).isTrue();
    assertThat(RequestAction.covers("/subscriptions/s/resourceGroups/r", C)).isFalse();
    assertThat(RequestAction.covers(C, C + "x")).isFalse();
    assertThat(RequestAction.of("GET", "/healthz")).isNull();
  }

  @Test
  void builtInRolesMatchActionsAsAzure() {
    assertThat(
            BuiltInRoles.READER.permits(
                "Microsoft.KubernetesConfiguration/fluxConfigurations/read"))
        .isTrue();
    assertThat(
            BuiltInRoles.READER.permits(
                "Microsoft.KubernetesConfiguration/fluxConfigurations/write"))
        .isFalse();
    assertThat(BuiltInRoles.CONTRIBUTOR.permits("Microsoft.Authorization/roleAssignments/write"))
        .isFalse();
    assertThat(BuiltInRoles.CONTRIBUTOR.permits("Microsoft.Authorization/roleAssignments/read"))
        .isTrue();
    assertThat(BuiltInRoles.ARC_ONBOARDING.permits("Microsoft.Kubernetes/connectedClusters/write"))
        .isTrue();
    assertThat(BuiltInRoles.ARC_ONBOARDING.permits("Microsoft.Kubernetes/connectedClusters/delete"))
        .isFalse();
    assertThat(
            RoleDefinition.matches(
                "Microsoft.Authorization/*/read", "microsoft.authorization/x.y/read"))
        .isTrue();
  }
}
