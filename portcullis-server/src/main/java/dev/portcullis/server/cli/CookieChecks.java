package dev.portcullis.server.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The session cookie of a login answer against OWASP ASVS 5.0 V3.3 / V7: {@code __Host-} prefix,
 * Secure, HttpOnly, SameSite, no Domain, Path=/, at most 4096 bytes, and at least 128 bits of
 * entropy as far as length and alphabet can tell (an upper bound: a weak generator is not visible).
 */
final class CookieChecks {
  static final int MAX_BYTES = 4096;
  static final int MIN_BITS = 128;

  /** A {@code Set-Cookie} header split into name, value and attributes (names lower-cased). */
  record SetCookie(String raw, String name, String value, Map<String, String> attributes) {
    static SetCookie parse(String header) {
      String[] parts = header.split(";");
      String pair = parts[0].trim();
      int eq = pair.indexOf('=');
      Map<String, String> attrs = new LinkedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        int e = p.indexOf('=');
        attrs.put((e < 0 ? p : p.substring(0, e)).trim().toLowerCase(Locale.ROOT), e < 0 ? "" : p.substring(e + 1).trim());
      }
      return new SetCookie(header, eq < 0 ? pair : pair.substring(0, eq).trim(), eq < 0 ? "" : pair.substring(eq + 1).trim(), attrs);
    }

    boolean clears() {
      return value.isEmpty() || "0".equals(attributes.get("max-age"));
    }
  }

  private CookieChecks() {}

  static List<Finding> check(List<String> setCookieHeaders) {
    List<Finding> out = new ArrayList<>();
    List<SetCookie> cookies = setCookieHeaders.stream().map(SetCookie::parse).filter(c -> !c.clears()).toList();
    if (cookies.isEmpty()) {
      out.add(Finding.fail("session cookie", "the login answer set no cookie", "a browser login must answer with Set-Cookie"));
      return out;
    }
    for (SetCookie c : cookies) {
      String n = "cookie " + c.name() + ": ";
      out.add(c.name().startsWith("__Host-") ? Finding.pass(n + "__Host- prefix", "the browser enforces Secure, Path=/ and no Domain")
          : Finding.fail(n + "__Host- prefix", "no __Host- prefix: a sibling subdomain or plain-HTTP page can set or overwrite it",
              "serve over HTTPS without --dev; Portcullis then names it __Host-portcullis"));
      out.add(c.attributes().containsKey("secure") ? Finding.pass(n + "Secure", "sent over HTTPS only")
          : Finding.fail(n + "Secure", "no Secure attribute: the browser sends it over plain HTTP too", "drop --dev and serve HTTPS"));
      out.add(c.attributes().containsKey("httponly") ? Finding.pass(n + "HttpOnly", "script cannot read it")
          : Finding.fail(n + "HttpOnly", "no HttpOnly: any XSS reads the session id", "set HttpOnly on the session cookie"));
      out.add(sameSite(n, c.attributes().get("samesite")));
      out.add(c.attributes().containsKey("domain")
          ? Finding.fail(n + "no Domain", "Domain=" + c.attributes().get("domain") + " sends it to every subdomain too",
              "drop the Domain attribute (a host-only cookie)")
          : Finding.pass(n + "no Domain", "host-only: sent to this host alone"));
      String path = c.attributes().get("path");
      out.add("/".equals(path) ? Finding.pass(n + "Path=/", "one cookie for the whole host")
          : Finding.fail(n + "Path=/", path == null ? "no Path: it defaults to the login URL's directory" : "Path=" + path
              + " (__Host- cookies need Path=/; a narrower path is no isolation)", "set Path=/"));
      int size = c.raw().getBytes(StandardCharsets.UTF_8).length;
      out.add(size <= MAX_BYTES ? Finding.pass(n + "size", size + " bytes (at most " + MAX_BYTES + ")")
          : Finding.fail(n + "size", size + " bytes: browsers drop cookies over " + MAX_BYTES + " bytes (RFC 6265 section 6.1)",
              "keep the session on the server and only its id in the cookie"));
      double bits = entropyBits(c.value());
      out.add(bits >= MIN_BITS ? Finding.pass(n + "entropy", String.format(Locale.ROOT, "%d characters, at most %.0f bits (at least %d)",
              c.value().length(), bits, MIN_BITS))
          : Finding.fail(n + "entropy", String.format(Locale.ROOT, "%d characters of its alphabet carry at most %.0f bits, under %d: guessable",
              c.value().length(), bits, MIN_BITS), "use at least 128 random bits from a CSPRNG (Portcullis: 256)"));
    }
    return out;
  }

  private static Finding sameSite(String n, String value) {
    if (value == null) {
      return Finding.fail(n + "SameSite", "no SameSite attribute: older browsers send it on every cross-site request",
          "set SameSite=Lax (the Portcullis default)");
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "lax", "strict" -> Finding.pass(n + "SameSite", "SameSite=" + value + ": not sent on cross-site subrequests");
      case "none" -> Finding.warn(n + "SameSite", "SameSite=None: sent from every site; the Origin check and CSRF token are the whole defence",
          "only for a SPA on another site (--cookie-samesite none); prefer a backend-for-frontend");
      default -> Finding.fail(n + "SameSite", "SameSite=" + value + " is not a known value: browsers ignore it",
          "set SameSite=Lax");
    };
  }

  /** Length times the bits of the smallest common alphabet that holds every character. */
  static double entropyBits(String value) {
    if (value.isEmpty()) {
      return 0;
    }
    int alphabet;
    if (value.matches("[0-9]+")) {
      alphabet = 10;
    } else if (value.matches("[0-9a-f]+") || value.matches("[0-9A-F]+")) {
      alphabet = 16;
    } else if (value.matches("[a-z]+") || value.matches("[A-Z]+")) {
      alphabet = 26;
    } else if (value.matches("[0-9a-z]+") || value.matches("[0-9A-Z]+")) {
      alphabet = 36;
    } else if (value.matches("[A-Za-z0-9_=-]+") || value.matches("[A-Za-z0-9+/=]+")) {
      alphabet = 64;
    } else {
      alphabet = 94; // printable ASCII at most
    }
    long payload = value.chars().filter(ch -> ch != '=').count();
    return payload * (Math.log(alphabet) / Math.log(2));
  }

  /** Cookie names and values only, for a follow-up request (attributes dropped). */
  static String cookieHeader(List<String> setCookieHeaders) {
    return String.join("; ", setCookieHeaders.stream().map(SetCookie::parse).filter(c -> !c.clears())
        .map(c -> c.name() + "=" + c.value()).toList());
  }

}
