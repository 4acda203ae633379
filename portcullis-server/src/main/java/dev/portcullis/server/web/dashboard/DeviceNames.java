package dev.portcullis.server.web.dashboard;

import java.util.List;
import java.util.Locale;

/**
 * A person's name for a device from its User-Agent: "Chrome on Linux", "Safari on iPhone". Only
 * the browser family and the platform, the two things people recognise; never trusted for anything
 * (the header is whatever the client sent), so a made-up one merely shows an odd name.
 */
public final class DeviceNames {
  private record Rule(String marker, String name) {}

  // order matters: Edge and Opera carry "Chrome", Chrome carries "Safari"; Android carries "Linux"
  private static final List<Rule> BROWSERS = List.of(new Rule("edg/", "Edge"), new Rule("opr/", "Opera"),
      new Rule("firefox/", "Firefox"), new Rule("chromium/", "Chromium"), new Rule("chrome/", "Chrome"),
      new Rule("crios/", "Chrome"), new Rule("fxios/", "Firefox"), new Rule("safari/", "Safari"),
      new Rule("curl/", "curl"), new Rule("okhttp", "Android app"), new Rule("cfnetwork", "iOS app"),
      new Rule("java-http-client", "Java client"), new Rule("python", "Python client"));
  private static final List<Rule> PLATFORMS = List.of(new Rule("iphone", "iPhone"), new Rule("ipad", "iPad"),
      new Rule("android", "Android"), new Rule("windows", "Windows"), new Rule("mac os x", "macOS"),
      new Rule("macintosh", "macOS"), new Rule("cros", "ChromeOS"), new Rule("linux", "Linux"));

  private DeviceNames() {}

  public static String of(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return "Unknown device";
    }
    String ua = userAgent.toLowerCase(Locale.ROOT);
    String browser = first(BROWSERS, ua);
    String platform = first(PLATFORMS, ua);
    if (ua.contains("headlesschrome/")) {
      browser = "Headless Chrome";
    }
    if (browser == null && platform == null) {
      return "Unknown device";
    }
    if (browser == null) {
      return "Browser on " + platform;
    }
    return platform == null ? browser : browser + " on " + platform;
  }

  private static String first(List<Rule> rules, String ua) {
    for (Rule r : rules) {
      if (ua.contains(r.marker())) {
        return r.name();
      }
    }
    return null;
  }
}
