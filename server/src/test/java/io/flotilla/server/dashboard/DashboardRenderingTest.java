package io.flotilla.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.api.agent.ObservedObjects;
import io.flotilla.api.arm.ClusterRef;
import io.flotilla.server.http.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the views render from given data: escaping, refusals, addresses, the offline cell. */
class DashboardRenderingTest {
  static final String HOSTILE = "\"><script>alert(1)</script><img src=x onerror=alert(2)>'";
  static final ClusterRef REF =
      new ClusterRef("sub-1", "rg", "Microsoft.Kubernetes", "connectedClusters", "edge-1");
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  /** The page of configuration "shop" ({@link #DESIRED}) with what the agent observed. */
  static String page(ObservedObjects observed) {
    return ConfigurationPage.render(
        REF,
        "shop",
        new ArmReader.Found(Json.tree(DESIRED)),
        ConfigurationPage.Allowed.ALL,
        observed);
  }

  @Test
  void everyValueIsEscapedForTextAndAttributes() {
    assertThat(Html.escape(HOSTILE))
        .isEqualTo(
            "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&#39;");
    assertThat(Html.escape("plain")).isEqualTo("plain");
    assertThat(Html.escape(null)).isEmpty();
  }

  static final String DESIRED =
      """
      {"id":"/x","name":"shop","properties":{"sourceKind":"GitRepository",
        "gitRepository":{"url":"https://git.example/shop","repositoryRef":{"branch":"release"},
                         "syncIntervalInSeconds":3600},
        "kustomizations":{"apps":{"path":"./apps","prune":true,"dependsOn":["infra"]},
                          "infra":{"path":"./infra"}}}}
      """;

  static ObservedObjects.Live live(String kind, String name, String spec) {
    return new ObservedObjects.Live(kind, name, "shop", Json.tree(spec));
  }

  @Test
  void desiredAndLiveAreSetSideBySideAndWhatDiffersIsMarked() {
    List<ObservedObjects.Live> cluster =
        List.of(
            // the cluster still fetches the old branch, every hour as desired
            live(
                "GitRepository",
                "shop",
                "{\"url\":\"https://git.example/shop\",\"ref\":{\"branch\":\"main\"},"
                    + "\"interval\":\"1h0m0s\"}"),
            live(
                "Kustomization",
                "shop-apps",
                "{\"path\":\"./apps\",\"prune\":true,\"interval\":\"10m0s\","
                    + "\"dependsOn\":[{\"name\":\"shop-infra\"}]}"),
            live("Kustomization", "shop-old", "{\"path\":\"./old\"}"));
    var rows = DesiredVsLive.compare("shop", Json.tree(DESIRED).path("properties"), cluster);
    assertThat(rows.stream().filter(r -> !r.same()).map(r -> r.object() + " " + r.field()))
        .containsExactlyInAnyOrder(
            "GitRepository/shop ref.branch",
            // infra is not in the cluster at all
            "Kustomization/shop-infra path",
            "Kustomization/shop-infra prune",
            "Kustomization/shop-infra interval",
            "Kustomization/shop-infra dependsOn",
            "Kustomization/shop-infra suspend",
            // and the cluster runs one the configuration no longer has
            "Kustomization/shop-old (object)");
    String html =
        page(
            new ObservedObjects(
                List.of(
                    new ObservedObjects.Event(
                        "Kustomization",
                        "shop-apps",
                        "Warning",
                        "BuildFailed",
                        "kustomization path not found " + HOSTILE,
                        3,
                        "2026-12-01T09:59:00Z")),
                cluster));
    assertThat(html)
        .contains("7 field(s) differ")
        .contains("not in the cluster")
        .contains("BuildFailed")
        .contains("×3")
        .doesNotContain("<script");
  }

  @Test
  void withoutAReportTheViewSaysSoInsteadOfGuessing() {
    String html = page(null);
    assertThat(html)
        .contains("The agent has not reported events of these objects yet.")
        .contains("The agent has not reported the live objects yet.");
  }

  @Test
  void aConfigurationWithHostileTextRendersItAsText() {
    String body =
        """
        {"id":"%s","name":"app","properties":{"complianceState":"Non-Compliant",
          "errorMessage":%s,"gitRepository":{"url":%s,"repositoryRef":{"branch":%s}},
          "kustomizations":{%s:{"path":%s,"dependsOn":[%s]}},
          "statuses":[{"name":%s,"namespace":%s,"kind":"Kustomization",
            "complianceState":"Non-Compliant","statusConditions":[{"type":"Ready",
            "status":"False","reason":%s,"message":%s}]}]}}
        """
            .formatted(
                REF.fluxConfigurationId("app"),
                q(HOSTILE),
                q(HOSTILE),
                q(HOSTILE),
                q(HOSTILE),
                q(HOSTILE),
                q(HOSTILE),
                q(HOSTILE),
                q(HOSTILE),
                q(HOSTILE),
                q(HOSTILE));
    String html = ConfigurationPage.render(REF, "app", new ArmReader.Found(Json.tree(body)));
    assertThat(html)
        .doesNotContain("<script")
        .doesNotContain("<img")
        .doesNotContain("onerror=alert(2)>");
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void aRefusedReadSaysNotAllowedAndShowsNothingElse() {
    var refused =
        new ArmReader.Refused(
            403,
            "AuthorizationFailed",
            "The client 'alice' does not have authorization to perform action <x>.");
    String config = ConfigurationPage.render(REF, "app", refused);
    assertThat(config)
        .contains("Not allowed.")
        .contains("data-problem=\"403\"")
        .contains("action &lt;x&gt;.")
        .doesNotContain("data-action");
    String cluster = ClusterPage.render(REF, Optional.empty(), refused, refused, NOW);
    assertThat(cluster).contains("Not allowed.").doesNotContain("Connectivity");
  }

  @Test
  void anOfflineClusterIsNeverGreen() {
    var stale =
        new Fleet.Row(
            "id",
            REF,
            Instant.parse("2026-12-01T07:00:00Z"),
            true,
            null,
            Map.of("Unknown", 2),
            List.of(),
            List.of());
    String html = FleetPage.render(new Fleet.Page(List.of(stale), 1, Fleet.Filter.all(), NOW));
    assertThat(html)
        .contains("Offline")
        .contains("since <time datetime=\"2026-12-01T07:00:00Z\">2026-12-01 07:00:00 UTC (3 h ago)")
        .contains("2 Unknown")
        .doesNotContain("badge ok");
  }

  @Test
  void viewsHaveAddressesMadeOfArmIds() {
    assertThat(ResourceView.parse(REF.resourceId())).contains(new ResourceView.Cluster(REF));
    assertThat(ResourceView.parse(REF.fluxConfigurationId("app")))
        .contains(new ResourceView.Configuration(REF, "app"));
    assertThat(ResourceView.parse("/subscriptions/s/resourceGroups/rg")).isEmpty();
    assertThat(ResourceView.parse(REF.resourceId() + "/providers/Other/things/x")).isEmpty();
    assertThat(ResourceView.parse("/subscriptions//resourceGroups/rg/providers/a/b/c")).isEmpty();
    assertThat(Views.configurationUrl(REF, "app"))
        .isEqualTo("/ui" + REF.fluxConfigurationId("app"));
    assertThat(
            FleetPage.url(new Fleet.Filter("a b&c", Fleet.Reach.OFFLINE, "Non-Compliant", 3, 50)))
        .isEqualTo("/?q=a+b%26c&reach=offline&compliance=Non-Compliant&page=3");
    assertThat(FleetQuery.likeEscape("50%_!")).isEqualTo("50!%!_!!");
  }

  @Test
  void pagesWithoutDataAreTheOnlyOnesServedWithoutAToken() {
    assertThat(Dashboard.servesWithoutToken("/")).isTrue();
    assertThat(Dashboard.servesWithoutToken("/login")).isTrue();
    assertThat(Dashboard.servesWithoutToken("/UI/subscriptions/x")).isTrue();
    assertThat(Dashboard.servesWithoutToken("/dashboard/assets/dashboard.js")).isTrue();
    assertThat(Dashboard.servesWithoutToken("/dashboard/fleet")).isFalse();
    assertThat(Dashboard.servesWithoutToken("/dashboard/resource")).isFalse();
    assertThat(Dashboard.servesWithoutToken("/subscriptions/x")).isFalse();
    assertThat(Dashboard.servesWithoutToken("/uix")).isFalse();
  }

  private static String q(String s) {
    return Json.write(s);
  }

  @Test
  void theFleetShowsOnlyClustersInsideTheScopesTheUserMayRead() {
    var binds = new java.util.HashMap<String, Object>();
    assertThat(FleetQuery.within(null, binds)).isEqualTo("1 = 1");
    // no readable scope: no cluster, not even its existence
    assertThat(FleetQuery.within(java.util.List.of(), binds)).isEqualTo("1 = 0");
    String sql =
        FleetQuery.within(
            java.util.List.of(
                "/subscriptions/SUB-1",
                "/subscriptions/sub-2/resourceGroups/RG-A",
                "/subscriptions/sub-3/resourceGroups/rg-b/providers/Microsoft.Kubernetes"
                    + "/connectedClusters/Edge-1"),
            binds);
    assertThat(sql)
        .isEqualTo(
            "((LOWER(c.subscription_id) = :scopeSub0) OR (LOWER(c.subscription_id) = :scopeSub1"
                + " AND LOWER(c.resource_group) = :scopeRg1) OR (LOWER(c.subscription_id) ="
                + " :scopeSub2 AND LOWER(c.resource_group) = :scopeRg2 AND"
                + " LOWER(c.cluster_resource_name) = :scopeName2))");
    assertThat(binds)
        .containsEntry("scopeSub0", "sub-1")
        .containsEntry("scopeRg1", "rg-a")
        .containsEntry("scopeName2", "edge-1");
  }
}
