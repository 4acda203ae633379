package dev.portcullis.server;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real, headless Chromium driven by Selenium: the system binaries {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver} ({@code .ci/run} installs them), named explicitly so Selenium
 * Manager never looks for a download. One instance is one browser profile (its own
 * {@code --user-data-dir}), i.e. one device; {@link #restart} quits the browser process and starts a
 * new one on the same profile, as a person closing and reopening the browser does.
 */
final class ChromiumBrowser implements AutoCloseable {
  static final String BINARY = "/usr/bin/chromium";
  static final String DRIVER = "/usr/bin/chromedriver";

  final String name;
  final Path profile;
  private final List<String> extraArguments;
  private ChromeDriver driver;

  private ChromiumBrowser(String name, Path profile, List<String> extraArguments) {
    this.name = name;
    this.profile = profile;
    this.extraArguments = List.copyOf(extraArguments);
    this.driver = launch();
  }

  /** A new profile (fresh {@code --user-data-dir}) with {@code extraArguments} added to the standard flags. */
  static ChromiumBrowser open(String name, String... extraArguments) {
    if (!Files.isExecutable(Path.of(BINARY)) || !Files.isExecutable(Path.of(DRIVER))) {
      throw new AssertionError("Chromium is missing: install the chromium and chromium-driver packages (.ci/run does)");
    }
    try {
      return new ChromiumBrowser(name, Files.createTempDirectory("portcullis-chromium-" + name + "-"),
          List.of(extraArguments));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private ChromeDriver launch() {
    System.setProperty("SE_OFFLINE", "true");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    List<String> args = new ArrayList<>(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1280,900", "--user-data-dir=" + profile));
    args.addAll(extraArguments);
    options.addArguments(args);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
        .usingAnyFreePort().build();
    ChromeDriver d = new ChromeDriver(service, options);
    d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(15));
    return d;
  }

  ChromeDriver driver() {
    return driver;
  }

  ChromiumBrowser go(String url) {
    driver.get(url);
    return this;
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /**
   * Clicks what navigates (a link, a form's button) and waits until the next page has loaded: the
   * clicked element gone with the old document, the new one complete. A test that reads the page
   * right after a click otherwise races the navigation.
   */
  ChromiumBrowser click(String css) {
    clickAndAwaitNextPage(driver, find(css));
    return this;
  }

  /** {@link #click(String)} for any driver: clicks, then waits for the old page to go and the next to load. */
  static void clickAndAwaitNextPage(WebDriver driver, WebElement element) {
    element.click();
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    wait.until(d -> isStale(element));
    wait.until(d -> "complete".equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  /**
   * Whether the element left the document. ChromeDriver reports a node of a document being replaced
   * either as stale or, mid-navigation, as an inspector error ("does not belong to the document"):
   * both mean the old page is gone.
   */
  private static boolean isStale(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (StaleElementReferenceException e) {
      return true;
    } catch (WebDriverException e) {
      if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
        return true;
      }
      throw e;
    }
  }

  /**
   * Waits until the element's text is {@code expected} and returns it, or returns the last text
   * seen after ten seconds: what a script on the page changes asynchronously (a promise settling)
   * is read only after it had its chance to run.
   */
  String textOnceItSettles(String css, String expected) {
    try {
      new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> expected.equals(find(css).getText()));
    } catch (org.openqa.selenium.TimeoutException e) {
      // the caller's assertion reports the text actually shown
    }
    return find(css).getText();
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  String path() {
    String url = driver.getCurrentUrl();
    int start = url.indexOf('/', url.indexOf("//") + 2);
    return start < 0 ? "/" : url.substring(start);
  }

  String heading() {
    return find("h1").getText();
  }

  /** Fills in and submits the sign-in form of the page shown. */
  ChromiumBrowser signIn(String email, String password, boolean keep) {
    find("#email").clear();
    find("#email").sendKeys(email);
    find("#password").sendKeys(password);
    if (keep) {
      find("#remember").click();
    }
    return click("#sign-in");
  }

  /** Every cookie of the profile as Chromium itself stores it (DevTools {@code Storage.getCookies}). */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> cookies() {
    return (List<Map<String, Object>>) driver.executeCdpCommand("Storage.getCookies", Map.of()).get("cookies");
  }

  /** Quits the browser process and starts a new one on the same profile directory. */
  void restart() {
    driver.quit();
    driver = launch();
  }

  /** A PNG of the viewport, or of the whole page (DevTools {@code Page.captureScreenshot} beyond the viewport). */
  void screenshot(Path file, boolean fullPage) throws IOException {
    Files.createDirectories(file.getParent());
    if (!fullPage) {
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> size = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of())
        .get("cssContentSize");
    Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", ((Number) size.get("width")).doubleValue(),
        "height", ((Number) size.get("height")).doubleValue(), "scale", 1);
    String png = (String) driver.executeCdpCommand("Page.captureScreenshot",
        Map.of("format", "png", "captureBeyondViewport", true, "clip", clip)).get("data");
    Files.write(file, java.util.Base64.getDecoder().decode(png));
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory: the OS cleans it up
    }
  }
}
