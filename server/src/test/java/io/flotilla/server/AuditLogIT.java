package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.GIT_CONFIG;
import static io.flotilla.server.ConfigurationServerIT.v;
import static io.flotilla.server.TestServers.AUDIENCE;
import static io.flotilla.server.TestServers.CONTRIBUTOR;
import static io.flotilla.server.TestServers.OWNER;
import static io.flotilla.server.TestServers.READER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.server.auth.OidcOptions;
import io.flotilla.testkit.oidc.OidcIssuer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit log read through the REST API: who changed what at a scope and below, newest first, for
 * the Owners and Contributors of that scope only; a Reader or a user without a role gets ARM's
 * AuthorizationFailed.
 */
class AuditLogIT {
  static final String LIST = "/providers/Microsoft.Flotilla/auditLog/list?api-version=2025-04-01";

  final OidcIssuer issuer = OidcIssuer.start();

  @RegisterExtension
  final ServiceHarness service =
      ServiceHarness.h2().with(o -> o.withOidc(OidcOptions.of(issuer.issuer(), AUDIENCE)));

  final Api admin = service.admin();

  String sub;
  ClusterRef shop;
  String config;

  @BeforeEach
  void start() {
    sub = UUID.randomUUID().toString();
    shop =
        new ClusterRef(sub, "rg-shops", "Microsoft.Kubernetes", "connectedClusters", "shop-berlin");
    TestServers.register(admin, shop.resourceId());
    config = shop.fluxConfigurationId("payments");
    assertThat(admin.put(v(config), GIT_CONFIG).status()).isEqualTo(201);
    assign("/subscriptions/" + sub + "/resourceGroups/rg-shops", OWNER, "olga");
    assign(shop.resourceId(), CONTRIBUTOR, "carl");
    assign("/subscriptions/" + sub, READER, "rita");
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  void assign(String scope, String role, String user) {
    var r = admin.assignRole(scope, role, user);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  Api as(String user) {
    return admin.withToken(issuer.token(AUDIENCE, user, user + "@example.com", null));
  }

  @Test
  void anOwnerOrContributorReadsWhoChangedWhatAtTheirScope() {
    int patched = as("carl").patch(v(config), "{\"properties\":{\"suspend\":true}}").status();
    assertThat(patched).isIn(200, 202);

    Api.Response r =
        as("olga").post("/subscriptions/" + sub + "/resourceGroups/rg-shops" + LIST, null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonNode first = r.json().path("value").get(0);
    // newest first: carl's request, with the principal behind it
    assertThat(first.path("caller").asText()).isEqualTo("carl@example.com");
    assertThat(first.path("principalId").asText()).isEqualTo("carl");
    assertThat(first.path("operationName").asText())
        .isEqualTo("Microsoft.KubernetesConfiguration/fluxConfigurations/write");
    assertThat(first.path("resourceId").asText()).isEqualTo(config);
    assertThat(first.path("detail").asText()).isEqualTo("HTTP " + patched);
    List<String> what = new ArrayList<>();
    r.json()
        .path("value")
        .forEach(e -> what.add(e.path("caller").asText() + " " + e.path("operationName").asText()));
    // who granted whom a role at the scope is part of it
    assertThat(what)
        .contains(
            "carl@example.com update",
            "admin create",
            "admin Microsoft.Authorization/roleAssignments/write")
        .noneMatch(e -> e.startsWith("rita"));

    // a Contributor of the cluster reads the cluster's log, not the resource group's
    assertThat(as("carl").post(shop.resourceId() + LIST, null).status()).isEqualTo(200);
    Api.Response above =
        as("carl").post("/subscriptions/" + sub + "/resourceGroups/rg-shops" + LIST, null);
    assertThat(above.error()).startsWith("403 AuthorizationFailed: ");
  }

  @Test
  void aReaderOrAUserWithoutARoleIsRefusedInArmsWords() {
    Api.Response reader = as("rita").post("/subscriptions/" + sub + LIST, null);
    assertThat(reader.error()).startsWith("403 AuthorizationFailed: ");
    assertThat(reader.errorMessage())
        .contains("rita@example.com")
        .contains("'Microsoft.Flotilla/auditLog/list/action'");
    Api.Response nobody = as("nobody").post(shop.resourceId() + LIST, null);
    assertThat(nobody.error()).startsWith("403 AuthorizationFailed: ");
  }

  @Test
  void pagesFollowTheNextLinkAndBadParametersAreNamed() {
    for (int i = 0; i < 3; i++) {
      admin.patch(v(config), "{\"properties\":{\"suspend\":" + (i % 2 == 0) + "}}");
    }
    String path = shop.resourceId() + LIST;
    List<String> seen = new ArrayList<>();
    Api.Response page = admin.post(path + "&$top=2", null);
    int pages = 0;
    while (true) {
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      assertThat(page.json().path("value").size()).isLessThanOrEqualTo(2);
      page.json().path("value").forEach(e -> seen.add(e.toString()));
      // each read of the log is itself recorded (as Azure's listKeys is): newer, so not paged
      seen.removeIf(e -> e.contains("auditLog/list/action"));
      pages++;
      String next = page.json().path("nextLink").asText("");
      if (next.isEmpty()) {
        break;
      }
      page = admin.post(next.substring(service.server().url().length()), null);
    }
    Api.Response all = admin.post(path + "&$top=1000", null);
    List<String> everything = new ArrayList<>();
    all.json().path("value").forEach(e -> everything.add(e.toString()));
    everything.removeIf(e -> e.contains("auditLog/list/action"));
    assertThat(seen).isEqualTo(everything);
    assertThat(pages).isGreaterThan(2);

    Api.Response bad = admin.post(path + "&$top=0", null);
    bad.assertBadRequestSaying("$top must be a whole number from 1 to 1000");
  }
}
