package dev.portcullis.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * The browsers of one test: {@code @RegisterExtension final Chromiums chromiums = new Chromiums();}
 * then {@code chromiums.open("a")}. When the test fails, every open browser saves a screenshot to
 * {@code target/screenshots/<class>.<test>-<browser>.png} before the failure is reported; after each
 * test every browser is quit and its profile deleted.
 */
final class Chromiums implements TestExecutionExceptionHandler, AfterEachCallback {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private final List<ChromiumBrowser> open = new ArrayList<>();

  ChromiumBrowser open(String name, String... extraArguments) {
    ChromiumBrowser b = ChromiumBrowser.open(name, extraArguments);
    open.add(b);
    return b;
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
    String test = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
    for (ChromiumBrowser b : open) {
      try {
        Path file = SCREENSHOTS.resolve(test + "-" + b.name + ".png");
        b.screenshot(file, false);
        failure.addSuppressed(new AssertionError("screenshot of browser " + b.name + " at " + b.path() + ": "
            + file.toAbsolutePath()));
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
    throw failure;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (ChromiumBrowser b : open) {
      try {
        b.close();
      } catch (RuntimeException e) {
        // a browser that died already
      }
    }
    open.clear();
  }
}
