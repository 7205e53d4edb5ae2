package io.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.testkit.MutableClock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

/**
 * The dashboard's server side over HTTP: pages without data need no token, views need one; the
 * fleet's connectivity, extension and compliance cells follow the service's own rules (stale is
 * never green); search, filters and paging; a configuration's objects and conditions as the agent
 * reported them, with HTML in any of it shown as text.
 */
@OnEachTestDatabase
class DashboardIT {
  static final Duration OFFLINE_AFTER = Duration.ofMinutes(5);
  static final String HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>";

  @Parameter String databaseUrl;
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));

  @RegisterExtension
  final ServiceHarness service =
      ServiceHarness.on(() -> databaseUrl)
          .with(o -> o.withOfflineAfter(OFFLINE_AFTER))
          .clock(clock);

  final Api admin = service.admin();

  final String sub = UUID.randomUUID().toString();
  FleetFixture fleet;

  @BeforeEach
  void start() {
    fleet = new FleetFixture(admin, sub);
  }

  String fleetView(String query) {
    var r = admin.get("/dashboard/fleet" + query);
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }

  String resourceView(String id) {
    return admin
        .get("/dashboard/resource?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8))
        .body();
  }

  /** The table row of one cluster in a fleet fragment. */
  static String row(String html, String cluster) {
    int at = html.indexOf("<tr data-cluster=\"" + cluster + "\"");
    assertThat(at).as("row of " + cluster).isNotNegative();
    return html.substring(at, html.indexOf("</tr>", at));
  }

  @Test
  void pagesWithoutDataNeedNoTokenAndViewsDo() {
    Api anonymous = admin.withToken(null);
    for (String page : new String[] {"/", "/login", "/ui/subscriptions/" + sub}) {
      var r = anonymous.get(page);
      assertThat(r.status()).as(page).isEqualTo(200);
      assertThat(r.body()).contains("/dashboard/assets/dashboard.js");
      assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'");
    }
    assertThat(anonymous.get("/dashboard/assets/dashboard.js").status()).isEqualTo(200);
    assertThat(anonymous.get("/dashboard/assets/other.js").status()).isEqualTo(404);
    assertThat(anonymous.get("/dashboard/fleet").status()).isEqualTo(401);
    assertThat(anonymous.get("/dashboard/resource?id=/subscriptions/x").status()).isEqualTo(401);
    assertThat(admin.withToken("forged").get("/dashboard/fleet").status()).isEqualTo(401);
  }

  @Test
  void staleClustersAreNeverGreen() {
    var online = fleet.register("rg-a", "edge-online");
    fleet.configure(online, "web");
    fleet.report(online, "web", "Compliant", "[]", clock.instant());
    fleet.register("rg-a", "edge-never");

    // the store may hold other tests' clusters (PostgreSQL is shared): look at this test's own
    String mine = "?q=" + sub;
    String html = fleetView(mine);
    assertThat(row(html, "edge-online")).contains("Online").contains("1 Compliant");
    assertThat(row(html, "edge-never")).contains("Offline").contains("never connected");

    clock.advance(OFFLINE_AFTER.plusSeconds(1));
    String stale = fleetView(mine);
    assertThat(row(stale, "edge-online"))
        .doesNotContain("Online")
        .doesNotContain("Compliant")
        .contains("Offline")
        .contains("since")
        .contains("2026-12-01 08:00:00 UTC")
        .contains("1 Unknown");
    assertThat(fleetView(mine + "&reach=online")).contains("No cluster matches.");
    assertThat(fleetView(mine + "&compliance=Unknown")).contains("edge-online");
    assertThat(fleetView(mine + "&compliance=Compliant")).doesNotContain("edge-online");
  }

  @Test
  void searchFiltersAndPagesAThousandClusters() {
    fleet.seed(service.server().databaseUrl(), "store", 1000, clock.instant(), 100, 250);
    var failing = fleet.register("rg-shops", "shop-berlin");
    String payments = "payments-" + sub.substring(0, 8);
    fleet.configure(failing, payments);
    fleet.report(failing, payments, "Non-Compliant", "[]", clock.instant());

    // the store may hold other tests' clusters (PostgreSQL is shared): this test's subscription
    String mine = "?q=" + sub;
    String first = fleetView(mine);
    assertThat(first).contains("Clusters 1–50 of 1,002").contains("Page 1 of 21");
    assertThat(first).contains("href=\"/?q=" + sub + "&amp;page=2\"");
    String second = fleetView(mine + "&page=2");
    assertThat(second).contains("Clusters 51–100 of 1,002").contains("store-00049");

    String found = fleetView("?q=" + payments);
    assertThat(found).contains("Clusters 1–1 of 1");
    assertThat(row(found, "shop-berlin"))
        .contains("1 Non-Compliant")
        .contains("href=\"/ui" + failing.ref().fluxConfigurationId(payments) + "\"");

    // every 100th seeded cluster is Non-Compliant (10), plus shop-berlin
    assertThat(fleetView(mine + "&compliance=Non-Compliant")).contains("of 11");
    // every 250th was never heard from: 4 offline, plus the template cluster without agent
    assertThat(fleetView(mine + "&reach=offline")).contains("of 5");
    // online and Compliant: 1,000 less 10 Non-Compliant less 4 offline
    assertThat(fleetView(mine + "&compliance=Compliant")).contains("of 986");
    assertThat(row(fleetView("?q=store-00000"), "store-00000"))
        .contains("Succeeded")
        .contains("1.18.0");
    assertThat(row(fleetView("?q=store-00001"), "store-00001")).contains("not installed");
    // a search for LIKE's own wildcards matches them literally
    assertThat(fleetView("?q=%25")).contains("No cluster matches.");
  }

  @Test
  void aConfigurationShowsItsObjectsConditionsAndSourceAsText() {
    var a = fleet.register("rg-a", "edge-1");
    String config = fleet.configure(a, "payments");
    String statuses =
        """
        [{"name":"payments","namespace":"default","kind":"GitRepository",
          "complianceState":"Compliant","statusConditions":[{"type":"Ready","status":"True",
          "reason":"Succeeded","message":"stored artifact for revision 'main@sha1:0ba6f0d3a1'"}]},
         {"name":"payments-apps","namespace":"default","kind":"Kustomization",
          "complianceState":"Non-Compliant","statusConditions":[{"type":"Ready","status":"False",
          "reason":"BuildFailed","message":%s,"lastTransitionTime":"2026-12-01T08:00:00Z"}]},
         {"name":"redis","namespace":"cache","kind":"HelmRelease","complianceState":"Compliant",
          "appliedBy":{"name":"payments-apps","namespace":"default"},
          "helmReleaseProperties":{"lastRevisionApplied":3,"failureCount":0}}]
        """
            .formatted(io.flotilla.server.http.Json.write("kustomize build failed: " + HOSTILE));
    fleet.report(a, "payments", "Non-Compliant", statuses, clock.instant());

    String html = resourceView(config);
    assertThat(html)
        .contains("https://github.com/Azure/arc-k8s-demo")
        .contains("branch main")
        .contains("main@sha1:0ba6f0d3a1")
        .contains("BuildFailed")
        .contains("data-object=\"Kustomization/payments-apps\"")
        .contains("Helm release revision 3")
        .contains("data-action=\"reconcile\"")
        .contains("data-action=\"suspend\"")
        .contains("data-resource=\"" + config + "\"");
    // the HelmRelease hangs under the Kustomization that applied it
    int kustomization = html.indexOf("data-object=\"Kustomization/payments-apps\"");
    int helm = html.indexOf("data-object=\"HelmRelease/redis\"");
    assertThat(helm).isGreaterThan(kustomization);
    assertThat(html.substring(kustomization, helm)).doesNotContain("</li>");
    assertThat(html)
        .contains("kustomize build failed: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        .doesNotContain("<script")
        .doesNotContain("<img");
    // this agent reported no events or live objects: said, not guessed
    assertThat(html)
        .contains("The agent has not reported events of these objects yet.")
        .contains("The agent has not reported the live objects yet.");

    String cluster = resourceView(a.path());
    assertThat(cluster).contains("data-configuration=\"payments\"").contains("Non-Compliant");

    assertThat(fleetView("?q=" + URLEncoder.encode(HOSTILE, StandardCharsets.UTF_8)))
        .contains("value=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
        .doesNotContain("<script")
        .doesNotContain("<img");
  }

  @Test
  void unknownResourcesAreSaidAsTheApiSaysThem() {
    var a = fleet.register("rg-a", "edge-1");
    String missing = resourceView(a.ref().fluxConfigurationId("nope"));
    assertThat(missing).contains("data-problem=\"404\"");
    String other =
        resourceView("/subscriptions/" + sub + "/resourceGroups/rg-a/providers/X/y/<b>z</b>");
    assertThat(other).contains("data-problem=").doesNotContain("<b>");
    assertThat(resourceView("/not/an/id")).contains("is not the id of a cluster");
  }
}
