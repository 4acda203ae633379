package dev.portcullis.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.InMemoryAuditLog;
import dev.portcullis.auth.Device;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContextWatchTest {
  static final String CHROME_WIN_124 = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
      + " Chrome/124.0.0.0 Safari/537.36";
  static final String CHROME_WIN_125 = CHROME_WIN_124.replace("124.0.0.0", "125.0.6422.60");
  static final String FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0";
  static final String SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15"
      + " (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
  static final String EDGE_WIN = CHROME_WIN_124 + " Edg/124.0.2478.80";

  private final Clock clock = Clock.systemUTC();
  private final InMemorySessionStore store = new InMemorySessionStore(clock);
  private final InMemoryAuditLog audit = new InMemoryAuditLog();

  private Session session(String ua, String ip) {
    Instant now = clock.instant();
    Session s = new Session("s_" + System.nanoTime(), "u_1", "h" + System.nanoTime(), now, now, now,
        now.plus(Duration.ofMinutes(30)), now.plus(Duration.ofDays(1)), 0, 0, ua, ip);
    store.create(s);
    return s;
  }

  @Test
  void familiesIgnoreVersionsButTellBrowsersAndSystemsApart() {
    assertThat(ContextWatch.parseFamily(CHROME_WIN_124)).isEqualTo("Chrome on Windows")
        .isEqualTo(ContextWatch.parseFamily(CHROME_WIN_125));
    assertThat(ContextWatch.parseFamily(EDGE_WIN)).isEqualTo("Edge on Windows");
    assertThat(ContextWatch.parseFamily(FIREFOX_LINUX)).isEqualTo("Firefox on Linux");
    assertThat(ContextWatch.parseFamily(SAFARI_IPHONE)).isEqualTo("Safari on iOS");
    assertThat(ContextWatch.parseFamily("curl/8.5.0")).isEqualTo("curl");
  }

  @Test
  void networksAreIpv4Slash16AndIpv6Slash48AndNeverLookedUp() {
    assertThat(ContextWatch.network("203.0.113.9")).isEqualTo("203.0.0.0/16");
    assertThat(ContextWatch.network("2001:db8:abcd:12::1")).isEqualTo("2001:db8:abcd::/48");
    assertThat(ContextWatch.network("::ffff:198.51.100.7")).isEqualTo("198.51.0.0/16");
    assertThat(ContextWatch.network("example.com")).isNull();
    assertThat(ContextWatch.network("abc")).isNull();
    assertThat(ContextWatch.network(null)).isNull();
  }

  @Test
  void recordModeRecordsAChangeOncePerContextAndKeepsTheSession() {
    ContextWatch watch = new ContextWatch(ContextWatch.Mode.RECORD, store, audit, clock);
    Session s = session(CHROME_WIN_124, "203.0.113.9");
    assertThat(watch.admit(s, new Device("203.0.200.1", CHROME_WIN_125))).isTrue(); // same family and /16
    assertThat(audit.find(null, AuditEvent.SESSION_CONTEXT_CHANGED, 10)).isEmpty();

    assertThat(watch.admit(s, new Device("198.51.100.7", FIREFOX_LINUX))).isTrue();
    assertThat(watch.admit(s, new Device("198.51.100.8", FIREFOX_LINUX))).isTrue();
    assertThat(audit.find(null, AuditEvent.SESSION_CONTEXT_CHANGED, 10)).singleElement().satisfies(e -> {
      assertThat(e.userId()).isEqualTo("u_1");
      assertThat(e.detail()).contains(s.id()).contains("Chrome on Windows -> Firefox on Linux")
          .contains("203.0.0.0/16 -> 198.51.0.0/16");
    });
    assertThat(store.findByTokenHash(s.tokenHash())).isPresent();
  }

  @Test
  void revokeModeEndsTheSessionOnAChange() {
    ContextWatch watch = new ContextWatch(ContextWatch.Mode.REVOKE, store, audit, clock);
    Session s = session(CHROME_WIN_124, "203.0.113.9");
    assertThat(watch.admit(s, new Device("203.0.113.9", CHROME_WIN_124))).isTrue();
    assertThat(watch.admit(s, new Device("203.0.113.9", SAFARI_IPHONE))).isFalse();
    assertThat(store.findByTokenHash(s.tokenHash())).isEmpty();
    assertThat(audit.find("u_1", AuditEvent.SESSION_CONTEXT_CHANGED, 10)).singleElement()
        .satisfies(e -> assertThat(e.detail()).endsWith("revoked"));
  }

  @Test
  void anUnknownSideIsNotComparedAndOffComparesNothing() {
    ContextWatch watch = new ContextWatch(ContextWatch.Mode.REVOKE, store, audit, clock);
    Session noAgent = session(null, null);
    assertThat(watch.admit(noAgent, new Device("198.51.100.7", FIREFOX_LINUX))).isTrue();
    Session s = session(CHROME_WIN_124, "203.0.113.9");
    assertThat(watch.admit(s, Device.UNKNOWN)).isTrue();
    ContextWatch off = new ContextWatch(ContextWatch.Mode.OFF, store, audit, clock);
    assertThat(off.admit(s, new Device("198.51.100.7", FIREFOX_LINUX))).isTrue();
    assertThat(audit.find(null, AuditEvent.SESSION_CONTEXT_CHANGED, 10)).isEmpty();
    assertThatThrownBy(() -> ContextWatch.Mode.parse("block")).hasMessageContaining("record, revoke or off");
    assertThat(ContextWatch.Mode.parse(" Revoke ")).isEqualTo(ContextWatch.Mode.REVOKE);
  }
}
