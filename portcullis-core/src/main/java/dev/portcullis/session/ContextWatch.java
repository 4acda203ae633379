package dev.portcullis.session;

import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.auth.Device;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The playbook's "monitor suspicious reuse": a session (or an app's refresh family, through {@link
 * #admit(String, String, String, String, String, Device, Runnable)}) used from another browser family (browser
 * and operating system, not version, so an update is no change) or another network (IPv4 /16,
 * IPv6 /48) than the one it was created on is recorded as a {@code session_context_changed} audit
 * event, once per session and new context on this instance; in {@link Mode#REVOKE} it is also
 * ended, and the request fails as with any ended session. A side it cannot tell (no User-Agent or
 * address stored or sent) is not compared. Revoking on a network change also signs out a phone
 * that moves between networks: choose it where sessions come from fixed networks.
 */
public final class ContextWatch {
  public enum Mode {
    OFF, RECORD, REVOKE;

    public static Mode parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--session-context-change must be record, revoke or off");
      }
    }
  }

  private static final int MEMORY = 10_000;
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.\\d{1,3}\\.\\d{1,3}");

  private final Mode mode;
  private final SessionStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final Map<String, String> families = new ConcurrentHashMap<>();
  private final Map<String, Boolean> reported = new ConcurrentHashMap<>();

  public ContextWatch(Mode mode, SessionStore store, AuditLog audit, Clock clock) {
    this.mode = mode;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  public Mode mode() {
    return mode;
  }

  /** False when the session was ended for being used from another context (revoke mode only). */
  public boolean admit(Session s, Device current) {
    return admit("session", s.id(), s.userId(), s.userAgent(), s.ip(), current, () -> store.delete(s.userId(), s.id()));
  }

  /**
   * The same for any credential that remembers where it was created (an app's refresh family):
   * {@code what} names it in the audit detail, {@code revoke} ends it in revoke mode.
   */
  public boolean admit(String what, String id, String userId, String createdUserAgent, String createdIp,
      Device current, Runnable revoke) {
    if (mode == Mode.OFF) {
      return true;
    }
    String wasFamily = family(createdUserAgent);
    String nowFamily = family(current.userAgent());
    String wasNet = network(createdIp);
    String nowNet = network(current.ip());
    boolean familyChanged = wasFamily != null && nowFamily != null && !wasFamily.equals(nowFamily);
    boolean networkChanged = wasNet != null && nowNet != null && !wasNet.equals(nowNet);
    if (!familyChanged && !networkChanged) {
      return true;
    }
    String change = (familyChanged ? "browser " + wasFamily + " -> " + nowFamily : "")
        + (familyChanged && networkChanged ? ", " : "") + (networkChanged ? "network " + wasNet + " -> " + nowNet : "");
    String detail = what + " " + id + " used from another context (" + change + ")";
    if (mode == Mode.REVOKE) {
      revoke.run();
      record(userId, current, detail + "; revoked");
      return false;
    }
    String key = id + '|' + nowFamily + '|' + nowNet;
    if (reported.putIfAbsent(key, Boolean.TRUE) == null) {
      if (reported.size() > MEMORY) {
        reported.clear(); // a crude bound: at worst a change is recorded once more
      }
      record(userId, current, detail);
    }
    return true;
  }

  private void record(String userId, Device current, String detail) {
    audit.record(new AuditEvent(clock.instant(), AuditEvent.SESSION_CONTEXT_CHANGED, userId, current.ip(),
        current.userAgent(), detail));
  }

  /** "Chrome on Windows", "Firefox on Linux", "curl": browser and OS, without versions; null if unknown. */
  String family(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return null;
    }
    String cached = families.get(userAgent);
    if (cached != null) {
      return cached;
    }
    String family = parseFamily(userAgent);
    if (families.size() > MEMORY) {
      families.clear();
    }
    families.put(userAgent, family);
    return family;
  }

  static String parseFamily(String ua) {
    String browser;
    if (ua.contains("Edg/") || ua.contains("EdgA/") || ua.contains("EdgiOS/")) {
      browser = "Edge";
    } else if (ua.contains("OPR/")) {
      browser = "Opera";
    } else if (ua.contains("Firefox/") || ua.contains("FxiOS/")) {
      browser = "Firefox";
    } else if (ua.contains("Chrome/") || ua.contains("CriOS/") || ua.contains("Chromium/")) {
      browser = "Chrome";
    } else if (ua.contains("Safari/")) {
      browser = "Safari";
    } else {
      int slash = ua.indexOf('/');
      int space = ua.indexOf(' ');
      int end = slash < 0 ? (space < 0 ? ua.length() : space) : (space < 0 ? slash : Math.min(slash, space));
      browser = ua.substring(0, Math.min(end, 40));
    }
    String os = ua.contains("Android") ? "Android"
        : ua.contains("iPhone") || ua.contains("iPad") || ua.contains("iOS") ? "iOS"
        : ua.contains("Windows") ? "Windows"
        : ua.contains("CrOS") ? "ChromeOS"
        : ua.contains("Mac OS X") || ua.contains("Macintosh") ? "macOS"
        : ua.contains("Linux") ? "Linux" : null;
    return os == null ? browser : browser + " on " + os;
  }

  /** IPv4 /16 or IPv6 /48 of an address literal; null for anything else (never a name lookup). */
  static String network(String ip) {
    if (ip == null) {
      return null;
    }
    var v4 = IPV4.matcher(ip);
    if (v4.matches()) {
      return v4.group(1) + "." + v4.group(2) + ".0.0/16";
    }
    if (ip.indexOf(':') < 0 || ip.length() > 45) {
      return null;
    }
    try {
      // a literal with ':' is never looked up as a host name
      byte[] a = java.net.InetAddress.getByName(ip.startsWith("[") ? ip : "[" + ip + "]").getAddress();
      if (a.length == 4) {
        return (a[0] & 0xff) + "." + (a[1] & 0xff) + ".0.0/16";
      }
      return String.format("%x:%x:%x::/48", ((a[0] & 0xff) << 8) | (a[1] & 0xff), ((a[2] & 0xff) << 8) | (a[3] & 0xff),
          ((a[4] & 0xff) << 8) | (a[5] & 0xff));
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }
}
