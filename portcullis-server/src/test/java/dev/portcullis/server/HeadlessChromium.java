package dev.portcullis.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The system's Chromium (the Debian packages {@code chromium} and {@code chromium-driver}, installed
 * by {@code .ci/run}) driven headless by Selenium, with a fresh profile; Selenium Manager is never
 * asked to download anything (the binaries are given, and failsafe sets {@code SE_OFFLINE}). As a
 * JUnit extension ({@link #onFailure}) it saves a screenshot and the page source of a failed test
 * to {@code target/screenshots/}, before any {@code @AfterEach} closes the browser.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String BINARY = "/usr/bin/chromium";
  private static final String DRIVER = "/usr/bin/chromedriver";

  private final Path profile;
  final ChromeDriver driver;

  HeadlessChromium(int width, int height) {
    try {
      profile = Files.createTempDirectory("portcullis-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
        .usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  /** Saves what the browser shows as {@code target/screenshots/<name>.png} and returns the file. */
  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path to = SCREENSHOTS.resolve(name + ".png");
      Files.write(to, driver.getScreenshotAs(OutputType.BYTES));
      return to;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * An extension that saves the screenshot and page source of the browser {@code current} returns
   * when a test fails; register it with {@code @RegisterExtension}.
   */
  static AfterTestExecutionCallback onFailure(java.util.function.Supplier<HeadlessChromium> current) {
    return context -> context.getExecutionException().ifPresent(cause -> {
      HeadlessChromium chromium = current.get();
      if (chromium == null) {
        return;
      }
      String name = "FAILED-" + context.getRequiredTestClass().getSimpleName() + "-"
          + context.getRequiredTestMethod().getName();
      try {
        chromium.screenshot(name);
        Files.writeString(SCREENSHOTS.resolve(name + ".html"), chromium.driver.getCurrentUrl() + "\n"
            + chromium.driver.getPageSource());
      } catch (IOException | RuntimeException e) {
        cause.addSuppressed(e);
      }
    });
  }

  @Override
  public void close() {
    driver.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // a temp profile left behind is harmless
    }
  }
}
