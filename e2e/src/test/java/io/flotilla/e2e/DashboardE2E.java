package io.flotilla.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.flotilla.testkit.browser.Chromium;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 18's proof, in Debian's chromium against {@code flotilla up} with a real agent and
 * controllers: sign in, find the failing configuration among 1,000 clusters by search, open it, see
 * the failing Kustomization and its message, push the fixing commit, press Reconcile now and watch
 * the page turn Compliant — although the source would not fetch for another hour.
 */
class DashboardE2E {
  static final int CLUSTERS = 1000;
  @TempDir Path dir;

  @Test
  void findTheFailingConfigurationAmongAThousandClustersAndReconcileItToCompliant()
      throws Exception {
    Chromium.assumeInstalled("DashboardE2E");
    try (FailingConfiguration f = new FailingConfiguration(dir)) {
      String sub = f.flotilla.subscription();
      // up serves one cluster; the others are registered as Arc clusters through the ARM API
      for (int i = 1; i < CLUSTERS; i++) {
        HttpResponse<String> r =
            f.send(f.arm.putCluster(ArmRequests.cluster(sub, "store-%04d".formatted(i))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      }
      WebDriver browser = Chromium.start();
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(f.flotilla.serviceUrl() + "/");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("token")).sendKeys(f.flotilla.adminToken());
        browser.findElement(By.cssSelector("#login button")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".summary"), "of 1,000"));

        browser.findElement(By.name("q")).sendKeys(FailingConfiguration.NAME);
        wait.until(ExpectedConditions.textToBe(By.cssSelector(".summary"), "Clusters 1–1 of 1"));
        WebElement row =
            wait.until(
                ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("tr[data-cluster='shop-berlin']")));
        new WebDriverWait(browser, FailingConfiguration.CONVERGE)
            .until(
                ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("tr[data-cluster='shop-berlin']"), "1 Non-Compliant"));
        row = browser.findElement(By.cssSelector("tr[data-cluster='shop-berlin']"));
        row.findElement(By.linkText(FailingConfiguration.NAME)).click();

        WebElement failing =
            new WebDriverWait(browser, FailingConfiguration.CONVERGE)
                .until(
                    ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("li.failing[data-object='Kustomization/payments-apps']")));
        assertThat(failing.getText())
            .contains("Non-Compliant")
            .contains("kustomization path not found")
            .contains("apps/berlin");

        String fix = f.fix();
        browser.findElement(By.cssSelector("button[data-action='reconcile']")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("flash"), "Reconcile requested"));
        new WebDriverWait(browser, FailingConfiguration.CONVERGE)
            .until(
                ExpectedConditions.textToBe(
                    By.cssSelector("[data-compliance] .badge"), "Compliant"));
        assertThat(browser.findElements(By.cssSelector("li.failing"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector(".facts")).getText()).contains("main/" + fix);
      } finally {
        browser.quit();
      }
    }
  }
}
