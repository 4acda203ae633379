package dev.portcullis.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.TestClock;
import dev.portcullis.account.Account;
import dev.portcullis.account.InMemoryAccountStore;
import dev.portcullis.audit.InMemoryAuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.crypto.Hmac;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.error.AuthenticationException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SessionServiceTest {
  private final TestClock clock = new TestClock();
  private final InMemoryAccountStore accounts = new InMemoryAccountStore();
  private final CountingStore store = new CountingStore(new InMemorySessionStore(clock));
  private final SessionService service = new SessionService(store, accounts, new InMemoryAuditLog(), clock,
      new SessionPolicy(Duration.ofHours(1), Duration.ofHours(8)), new Hmac(new byte[32]));
  private final Account alice = account("alice@example.com");

  private Account account(String email) {
    Account a = new Account(Tokens.handle("u_"), email, "$argon2id$x", Set.of(), 0, 0, clock.instant());
    accounts.create(a);
    return a;
  }

  @Test
  void validationWritesNothingWithinTheTouchInterval() {
    SessionService.Issued issued = service.create(alice, clock.instant(), Device.UNKNOWN);
    int writes = store.writes.get();
    for (int i = 0; i < 50; i++) {
      clock.advance(Duration.ofSeconds(1));
      service.validate(issued.token());
    }
    assertThat(store.writes.get() - writes).isEqualTo(0);
    clock.advance(Duration.ofSeconds(11));
    service.validate(issued.token());
    assertThat(store.writes.get() - writes).isEqualTo(1);
  }

  @Test
  void onlyTheHashOfTheSecretIsStored() {
    SessionService.Issued issued = service.create(alice, clock.instant(), Device.UNKNOWN);
    Session stored = store.listByUser(alice.id()).get(0);
    assertThat(stored.tokenHash()).isEqualTo(Tokens.sha256(issued.token())).isNotEqualTo(issued.token());
    assertThat(stored.id()).isNotEqualTo(issued.token());
    assertThat(issued.token()).hasSize(43); // 256 bits, base64url
  }

  @Test
  void privilegeChangeRotatesTheSecretOnceAndKeepsTheHandle() {
    SessionService.Issued issued = service.create(alice, clock.instant(), Device.UNKNOWN);
    accounts.setRoles(alice.id(), Set.of("admin"));
    SessionService.Validated v = service.validate(issued.token());
    assertThat(v.rotatedToken()).isPresent();
    assertThat(v.session().id()).isEqualTo(issued.session().id());
    assertThat(v.account().roles()).containsExactly("admin");
    assertThatThrownBy(() -> service.validate(issued.token())).isInstanceOf(AuthenticationException.class);
    assertThat(service.validate(v.rotatedToken().get()).rotatedToken()).isEmpty();
  }

  @Test
  void csrfTokenIsBoundToTheSession() {
    SessionService.Issued a = service.create(alice, clock.instant(), Device.UNKNOWN);
    SessionService.Issued b = service.create(alice, clock.instant(), Device.UNKNOWN);
    assertThat(service.csrfMatches(a.session(), service.csrfToken(a.session()))).isTrue();
    assertThat(service.csrfMatches(a.session(), service.csrfToken(b.session()))).isFalse();
    assertThat(service.csrfMatches(a.session(), null)).isFalse();
    assertThat(service.csrfMatches(a.session(), "")).isFalse();
  }

  @Test
  void expiredSessionsAreRefusedAsSessionExpired() {
    SessionService.Issued issued = service.create(alice, clock.instant(), Device.UNKNOWN);
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    assertThatThrownBy(() -> service.validate(issued.token()))
        .isInstanceOf(AuthenticationException.class).hasFieldOrPropertyWithValue("code", "session_expired");
  }

  @Test
  void cookieLifetimeIsTheAbsoluteLifetimeLeft() {
    SessionService.Issued issued = service.create(alice, clock.instant(), Device.UNKNOWN);
    clock.advance(Duration.ofHours(2));
    assertThat(service.cookieLifetime(issued.session())).isEqualTo(Duration.ofHours(6));
  }

  /** Counts the store's writes, so a test can prove that validation writes nothing. */
  static final class CountingStore implements SessionStore {
    final SessionStore inner;
    final AtomicInteger writes = new AtomicInteger();

    CountingStore(SessionStore inner) {
      this.inner = inner;
    }

    @Override public void create(Session s) { writes.incrementAndGet(); inner.create(s); }
    @Override public Optional<Session> findByTokenHash(String h) { return inner.findByTokenHash(h); }
    @Override public boolean touch(String u, String id, Instant at, Instant exp) { writes.incrementAndGet(); return inner.touch(u, id, at, exp); }
    @Override public boolean rotateToken(String u, String id, String e, String n, long v) { writes.incrementAndGet(); return inner.rotateToken(u, id, e, n, v); }
    @Override public boolean delete(String u, String id) { writes.incrementAndGet(); return inner.delete(u, id); }
    @Override public List<Session> listByUser(String u) { return inner.listByUser(u); }
    @Override public int deleteByUser(String u, String except) { writes.incrementAndGet(); return inner.deleteByUser(u, except); }
  }
}
