package io.flotilla.testkit.browser;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless chromium driven through its chromedriver, for the dashboard's browser tests
 * (which declare Selenium themselves: it is optional here). A test skips, loudly, where chromium is
 * not installed.
 */
public final class Chromium {
  static final String BINARY = System.getProperty("chromium", "/usr/bin/chromium");
  static final String DRIVER = System.getProperty("chromedriver", "/usr/bin/chromedriver");

  private Chromium() {}

  /** Skips the calling test unless chromium and chromedriver are installed. */
  public static void assumeInstalled(String test) {
    boolean present = new File(BINARY).canExecute() && new File(DRIVER).canExecute();
    if (!present) {
      System.err.println(
          "SKIPPED "
              + test
              + ": "
              + BINARY
              + " or "
              + DRIVER
              + " is missing (apt-get install chromium chromium-driver)");
    }
    Assumptions.assumeTrue(present, "chromium and chromedriver are needed for the browser test");
  }

  /** A headless browser with a 1400×1000 window. */
  public static WebDriver start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /**
   * Saves the page as {@code dashboard-<name>.png} in the folder named by {@code
   * -Ddashboard.screenshots} ({@code server/dashboard-screenshots} points it at docs/); nothing
   * without it.
   */
  public static void screenshot(WebDriver browser, String name) throws IOException {
    String target = System.getProperty("dashboard.screenshots");
    if (target == null || target.isBlank()) {
      return;
    }
    Path out = Path.of(target);
    Files.createDirectories(out);
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(out.resolve("dashboard-" + name + ".png"), png);
  }
}
