package io.flotilla.server;

import static io.flotilla.server.ConfigurationServerIT.v;
import static io.flotilla.server.TestServers.AUDIENCE;
import static io.flotilla.server.TestServers.CONTRIBUTOR;
import static io.flotilla.server.TestServers.READER;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import io.flotilla.server.auth.OidcOptions;
import io.flotilla.testkit.MutableClock;
import io.flotilla.testkit.browser.Chromium;
import io.flotilla.testkit.oidc.OidcIssuer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's chromium, as a user works: sign in with the token, find the failing
 * configuration among 1,000 clusters by search, open it, read the failing object's message (HTML in
 * it shown as text), press Reconcile now and Suspend, and watch the page follow the agent's next
 * report without a reload. With {@code -Ddashboard.screenshots=<dir>} it also writes the main views
 * there as {@code dashboard-*.png} ({@code server/dashboard-screenshots} does that for docs/).
 */
class DashboardBrowserIT {
  static final String HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>";

  static final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
  static final OidcIssuer issuer = OidcIssuer.start(clock);

  @RegisterExtension
  static final ServiceHarness service =
      ServiceHarness.h2()
          .with(
              o ->
                  o.withOfflineAfter(Duration.ofMinutes(5))
                      .withOidc(
                          OidcOptions.of(issuer.issuer(), AUDIENCE).withSignIn("dashboard", null)))
          .clock(clock);

  static final Api admin = service.admin();
  static FleetFixture fleet;
  static SimulatedFleet.Agent shop;
  static String config;
  static WebDriver browser;
  static WebDriverWait wait;

  @BeforeAll
  static void start() {
    Chromium.assumeInstalled("DashboardBrowserIT");
    fleet = new FleetFixture(admin, UUID.randomUUID().toString());
    fleet.seed(service.server().databaseUrl(), "store", 1000, clock.instant(), 97, 200);
    shop = fleet.register("rg-shops", "shop-berlin");
    config = fleet.configure(shop, "payments");
    fleet.report(
        shop, "payments", "Non-Compliant", statuses(false), clock.instant(), observed("main"));

    browser = Chromium.start();
    wait = new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    issuer.close();
  }

  /** An OIDC access token of the issuer for {@code user}, valid by the service's clock. */
  static String userToken(String user) {
    Instant now = clock.instant();
    return issuer.sign(
        JWSAlgorithm.RS256,
        c ->
            c.audience(AUDIENCE)
                .subject(user)
                .claim("oid", user)
                .claim("preferred_username", user + "@example.com")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(8)))));
  }

  static void assign(String scope, String role, String user) {
    var r = admin.assignRole(scope, role, user);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  static String statuses(boolean fixed) {
    String ready =
        fixed
            ? "\"status\":\"True\",\"reason\":\"ReconciliationSucceeded\",\"message\":\"Applied"
                + " revision: main@sha1:0ba6f0d3a1\""
            : "\"status\":\"False\",\"reason\":\"BuildFailed\",\"message\":"
                + io.flotilla.server.http.Json.write(
                    "kustomization path not found: ./apps/berlin " + HOSTILE);
    return """
        [{"name":"payments","namespace":"default","kind":"GitRepository",
          "complianceState":"Compliant","statusConditions":[{"type":"Ready","status":"True",
          "reason":"Succeeded","message":"stored artifact for revision 'main@sha1:0ba6f0d3a1'"}]},
         {"name":"payments-apps","namespace":"default","kind":"Kustomization",
          "complianceState":"%s","statusConditions":[{"type":"Ready",%s,
          "lastTransitionTime":"2026-12-01T08:00:00Z"}]}]
        """
        .formatted(fixed ? "Compliant" : "Non-Compliant", ready);
  }

  /**
   * The events and live objects an agent reports for {@code payments}: its source fetching {@code
   * branch}, and the build failures.
   */
  static String observed(String branch) {
    return """
        {"events":[{"kind":"Kustomization","name":"payments-apps","type":"Warning",
            "reason":"BuildFailed","message":"kustomization path not found: ./apps/berlin",
            "count":4,"lastTimestamp":"2026-12-01T07:59:00Z"},
          {"kind":"GitRepository","name":"payments","type":"Normal","reason":"NewArtifact",
            "message":"stored artifact for commit 'Add the Berlin shop'",
            "lastTimestamp":"2026-12-01T07:58:00Z"}],
         "live":[{"kind":"GitRepository","name":"payments","namespace":"default",
            "spec":{"url":"https://github.com/Azure/arc-k8s-demo","ref":{"branch":"%s"},
                    "interval":"10m0s"}},
           {"kind":"Kustomization","name":"payments-apps","namespace":"default",
            "spec":{"path":"./apps","prune":true,"interval":"10m0s",
                    "dependsOn":[{"name":"payments-infra"}]}},
           {"kind":"Kustomization","name":"payments-infra","namespace":"default",
            "spec":{"path":"./infrastructure","prune":false,"interval":"10m0s"}}]}
        """
        .formatted(branch);
  }

  /** Each test starts signed out, in the default theme. */
  @BeforeEach
  void signOut() {
    browser.get(service.server().url() + "/login");
    ((JavascriptExecutor) browser).executeScript("localStorage.clear()");
    browser.manage().deleteAllCookies();
  }

  @Test
  void findTheFailingConfigurationAmongAThousandClustersAndReconcileIt() throws Exception {
    browser.get(service.server().url() + "/");
    wait.until(ExpectedConditions.urlContains("/login"));
    shot("login");
    browser.findElement(By.id("token")).sendKeys(service.server().adminToken());
    browser.findElement(By.cssSelector("#login button")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".summary"), "of 1,002"));
    shot("fleet");

    WebElement search = browser.findElement(By.name("q"));
    search.sendKeys("payments");
    wait.until(ExpectedConditions.textToBe(By.cssSelector(".summary"), "Clusters 1–1 of 1"));
    assertThat(((JavascriptExecutor) browser).executeScript("return location.href"))
        .isEqualTo(service.server().url() + "/?q=payments");
    WebElement row = browser.findElement(By.cssSelector("tr[data-cluster='shop-berlin']"));
    assertThat(row.getText()).contains("Online").contains("1 Non-Compliant");
    shot("search");

    row.findElement(By.linkText("payments")).click();
    WebElement failing =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("li.failing[data-object='Kustomization/payments-apps']")));
    assertThat(failing.getText())
        .contains("Non-Compliant")
        .contains("BuildFailed")
        .contains("kustomization path not found: ./apps/berlin " + HOSTILE);
    assertThat(browser.findElements(By.cssSelector("img"))).isEmpty();
    assertNoAlert();
    assertThat(browser.findElement(By.cssSelector("table.events")).getText())
        .contains("BuildFailed")
        .contains("kustomization path not found: ./apps/berlin");
    assertThat(browser.findElements(By.cssSelector("tr[data-diff='differs']"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("tr[data-diff='same']"))).hasSize(14);
    assertThat(browser.getCurrentUrl()).isEqualTo(service.server().url() + "/ui" + config);
    shot("configuration");
    ((JavascriptExecutor) browser)
        .executeScript("document.querySelector('table.events').scrollIntoView()");
    shot("configuration-events");

    String before = admin.get(v(config)).header("ETag");
    browser.findElement(By.cssSelector("button[data-action='reconcile']")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Reconcile requested"));
    assertThat(admin.get(v(config)).header("ETag")).isNotEqualTo(before);

    browser.findElement(By.cssSelector("button[data-action='suspend']")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Suspended"));
    assertThat(admin.get(v(config)).json().at("/properties/suspend").asBoolean()).isTrue();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("button[data-action='resume']")));
    browser.findElement(By.cssSelector("button[data-action='resume']")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Resumed"));
    assertThat(admin.get(v(config)).json().at("/properties/suspend").asBoolean()).isFalse();

    // The agent applies the fix; the open page follows without a reload.
    fleet.report(shop, "payments", "Compliant", statuses(true), clock.instant(), observed("main"));
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("li.failing")));
    assertThat(browser.findElement(By.cssSelector("[data-compliance] .badge")).getText())
        .isEqualTo("Compliant");

    // The address is the view: opened again, it shows the same configuration.
    browser.get(browser.getCurrentUrl());
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("[data-object='Kustomization/payments-apps']")));

    browser.findElement(By.linkText("shop-berlin")).click();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("tr[data-configuration='payments']")));
    shot("cluster");

    browser.findElement(By.id("theme")).click();
    assertThat(
            ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.dataset.theme"))
        .isEqualTo("dark");
    String background =
        (String)
            ((JavascriptExecutor) browser)
                .executeScript("return getComputedStyle(document.body).backgroundColor");
    assertThat(background).isEqualTo("rgb(15, 18, 23)");
    browser.get(service.server().url() + "/?compliance=Non-Compliant");
    wait.until(ExpectedConditions.textToBe(By.cssSelector(".summary"), "Clusters 1–10 of 10"));
    shot("fleet-dark");
  }

  @Test
  void deleteAsksFirstThenGoesBackToTheCluster() {
    String old = fleet.configure(shop, "old-app");
    // the sign-in page goes on to the view once the session cookie is set (navigating away at once
    // would race the sign-in's request)
    signIn(service.server().adminToken(), "/ui" + old);
    wait.until(
            ExpectedConditions.elementToBeClickable(By.cssSelector("button[data-action='delete']")))
        .click();
    browser.switchTo().alert().dismiss();
    assertThat(admin.get(v(old)).json().at("/properties/provisioningState").asText())
        .isNotEqualTo("Deleting");
    browser.findElement(By.cssSelector("button[data-action='delete']")).click();
    browser.switchTo().alert().accept();
    wait.until(ExpectedConditions.urlToBe(service.server().url() + "/ui" + shop.path()));
    assertThat(browser.findElement(By.id("flash")).getText()).startsWith("Delete requested (202)");
    assertThat(admin.get(v(old)).json().at("/properties/provisioningState").asText())
        .isEqualTo("Deleting");
  }

  @Test
  void aSignedOutBrowserIsSentToSignInAndBack() {
    browser.get(service.server().url() + "/ui" + shop.path());
    wait.until(ExpectedConditions.urlContains("/login?next="));
    browser.findElement(By.id("token")).sendKeys(service.server().adminToken());
    browser.findElement(By.cssSelector("#login button")).click();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("tr[data-configuration='payments']")));
    assertThat(browser.getCurrentUrl()).isEqualTo(service.server().url() + "/ui" + shop.path());
  }

  @Test
  void aReaderSeesTheConfigurationButCannotAct() {
    assign("/subscriptions/" + fleet.sub, READER, "rita");
    signIn(userToken("rita"), "/ui" + config);
    WebElement failing =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-object='Kustomization/payments-apps']")));
    assertThat(failing.getText()).contains("payments-apps");
    for (String action : new String[] {"reconcile", "suspend", "delete"}) {
      WebElement button =
          browser.findElement(By.cssSelector("button[data-action='" + action + "']"));
      assertThat(button.isEnabled()).as(action).isFalse();
      assertThat(button.getAttribute("title")).contains("does not allow");
    }
    // the API the buttons would call says no in ARM's words
    Api.Response patch = admin.withToken(userToken("rita")).patch(v(config), "{\"properties\":{}}");
    assertThat(patch.error()).startsWith("403 AuthorizationFailed: ");
    assertThat(patch.errorMessage())
        .contains("rita@example.com")
        .contains("Microsoft.KubernetesConfiguration/fluxConfigurations/write");

    // a Contributor at the cluster may act there
    assign(shop.path(), CONTRIBUTOR, "carl");
    browser.manage().deleteAllCookies();
    signIn(userToken("carl"), "/ui" + config);
    WebElement reconcile =
        wait.until(
            ExpectedConditions.elementToBeClickable(
                By.cssSelector("button[data-action='reconcile']")));
    reconcile.click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Reconcile requested"));
  }

  @Test
  void signingInAtTheIdentityProviderComesBackToTheAskedView() {
    assign("/subscriptions/" + fleet.sub, READER, "olga");
    issuer.signIn("olga", "olga@example.com", AUDIENCE);
    browser.get(service.server().url() + "/ui" + shop.path());
    wait.until(ExpectedConditions.urlContains("/login?next="));
    browser.findElement(By.id("oidc")).click();
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("tr[data-configuration='payments']")));
    assertThat(browser.getCurrentUrl()).isEqualTo(service.server().url() + "/ui" + shop.path());
    assertThat(issuer.authorizationRequests())
        .last()
        .asString()
        .contains("code_challenge_method=S256");
    // the session is a cookie the page's scripts cannot read
    assertThat(((JavascriptExecutor) browser).executeScript("return document.cookie"))
        .isEqualTo("");
    assertThat(browser.manage().getCookieNamed("flotilla_session").isHttpOnly()).isTrue();

    browser.findElement(By.id("logout")).click();
    wait.until(ExpectedConditions.urlContains("/login"));
    browser.get(service.server().url() + "/ui" + shop.path());
    wait.until(ExpectedConditions.urlContains("/login?next="));
  }

  /** Signs in on the sign-in page with a pasted token, to come back to {@code next}. */
  static void signIn(String token, String next) {
    browser.get(service.server().url() + "/login?next=" + next);
    browser.findElement(By.id("token")).sendKeys(token);
    browser.findElement(By.cssSelector("#login button")).click();
  }

  static void assertNoAlert() {
    try {
      browser.switchTo().alert();
      throw new AssertionError("a script from the data ran and opened an alert");
    } catch (NoAlertPresentException expected) {
      // nothing ran
    }
  }

  static void shot(String name) throws IOException {
    Chromium.screenshot(browser, name);
  }
}
