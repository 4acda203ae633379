package dev.portcullis.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.TestClock;
import dev.portcullis.audit.InMemoryAuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.error.AuthenticationException;
import dev.portcullis.error.ConflictException;
import dev.portcullis.error.RateLimitedException;
import dev.portcullis.throttle.InMemoryThrottleStore;
import dev.portcullis.throttle.LoginThrottle;
import dev.portcullis.throttle.RegistrationThrottle;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountServiceTest {
  private final TestClock clock = new TestClock();
  private final InMemoryAccountStore store = new InMemoryAccountStore();
  private final HashingPool pool = new HashingPool(2, 16);
  private final Device device = new Device("192.0.2.1", "test");
  private final InMemoryThrottleStore throttles = new InMemoryThrottleStore(clock);

  private AccountService service(PasswordHasher.Params params) {
    return new AccountService(store, new PasswordHasher(params), pool,
        new LoginThrottle(throttles, clock, LoginThrottle.Limits.DEFAULT),
        new RegistrationThrottle(throttles, clock, RegistrationThrottle.Limit.perIp(20)),
        new InMemoryAuditLog(), clock);
  }

  @AfterEach
  void close() {
    pool.close();
  }

  @Test
  void loginRehashesWhenTheConfiguredParametersChange() {
    PasswordHasher.Params weak = new PasswordHasher.Params(1024, 1, 1);
    Account a = service(weak).register("a@example.com", "password-1", device);
    assertThat(store.findById(a.id()).orElseThrow().passwordHash()).contains("m=1024,t=1,p=1");
    service(PasswordHasher.DEFAULT).authenticate("a@example.com", "password-1", device);
    assertThat(store.findById(a.id()).orElseThrow().passwordHash()).contains("m=19456,t=2,p=1");
    assertThat(service(PasswordHasher.DEFAULT).authenticate("a@example.com", "password-1", device).id()).isEqualTo(a.id());
  }

  @Test
  void unknownEmailAndWrongPasswordFailAlike() {
    AccountService s = service(new PasswordHasher.Params(1024, 1, 1));
    s.register("b@example.com", "password-1", device);
    var wrong = org.assertj.core.api.Assertions.catchThrowableOfType(AuthenticationException.class,
        () -> s.authenticate("b@example.com", "password-2", device));
    var unknown = org.assertj.core.api.Assertions.catchThrowableOfType(AuthenticationException.class,
        () -> s.authenticate("nobody@example.com", "password-2", device));
    assertThat(wrong.code()).isEqualTo(unknown.code()).isEqualTo("invalid_credentials");
    assertThat(wrong.getMessage()).isEqualTo(unknown.getMessage());
  }

  @Test
  void passwordsWithUnpairedSurrogatesAreRefused() {
    AccountService s = service(new PasswordHasher.Params(1024, 1, 1));
    assertThatThrownBy(() -> s.register("f@example.com", "\ud800".repeat(8), device))
        .isInstanceOf(dev.portcullis.error.InvalidRequestException.class);
    assertThat(s.register("g@example.com", "\ud83d\udd11 emoji key pass", device)).isNotNull();
  }

  @Test
  void duplicateEmailAfterNormalisationIsAConflict() {
    AccountService s = service(new PasswordHasher.Params(1024, 1, 1));
    s.register("c@example.com", "password-1", device);
    assertThatThrownBy(() -> s.register(" C@EXAMPLE.com", "password-2", device)).isInstanceOf(ConflictException.class);
  }

  @Test
  void passwordChangeBumpsTheTokenVersionAndRevokesEverything() {
    AccountService s = service(new PasswordHasher.Params(1024, 1, 1));
    Account a = s.register("d@example.com", "password-1", device);
    AtomicInteger revoked = new AtomicInteger();
    s.addRevocationListener(userId -> {
      assertThat(userId).isEqualTo(a.id());
      revoked.incrementAndGet();
      return 3;
    });
    Account after = s.changePassword(a.id(), "password-1", "password-2", device);
    assertThat(after.tokenVersion()).isEqualTo(a.tokenVersion() + 1);
    assertThat(revoked).hasValue(1);
    assertThatThrownBy(() -> s.authenticate("d@example.com", "password-1", device)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void throttleRefusesEvenTheRightPasswordOnceTheLimitIsHit() {
    AccountService s = service(new PasswordHasher.Params(1024, 1, 1));
    s.register("e@example.com", "password-1", device);
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> s.authenticate("e@example.com", "nope-nope", device)).isInstanceOf(AuthenticationException.class);
    }
    assertThatThrownBy(() -> s.authenticate("e@example.com", "password-1", device)).isInstanceOf(RateLimitedException.class);
    clock.advance(Duration.ofMinutes(30));
    assertThat(s.authenticate("e@example.com", "password-1", device)).isNotNull();
  }

  @Test
  void passwordChangeIsThrottledLikeLoginAndTheRightCurrentPasswordClearsTheAccount() {
    AccountService s = service(new PasswordHasher.Params(1024, 1, 1));
    Account a = s.register("h@example.com", "password-1", device);
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> s.changePassword(a.id(), "nope-nope", "password-2", device))
          .isInstanceOf(dev.portcullis.error.AccessDeniedException.class);
    }
    s.changePassword(a.id(), "password-1", "password-2", device); // the fifth attempt: right, and clears
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> s.changePassword(a.id(), "nope-nope", "password-3", device))
          .isInstanceOf(dev.portcullis.error.AccessDeniedException.class);
    }
    assertThatThrownBy(() -> s.changePassword(a.id(), "password-2", "password-3", device))
        .isInstanceOf(RateLimitedException.class);
    // login shares the account's counter
    assertThatThrownBy(() -> s.authenticate("h@example.com", "password-2", device)).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void registrationsPerIpAreLimitedWhateverTheirOutcome() {
    AccountService s = service(new PasswordHasher.Params(1024, 1, 1));
    Device other = new Device("192.0.2.99", "test");
    for (int i = 0; i < 19; i++) {
      s.register("r" + i + "@example.com", "password-1", device);
    }
    // a taken email counts as well: refunding it would let a client probe addresses without limit
    assertThatThrownBy(() -> s.register("r0@example.com", "password-1", device)).isInstanceOf(ConflictException.class);
    RateLimitedException e = org.assertj.core.api.Assertions.catchThrowableOfType(RateLimitedException.class,
        () -> s.register("r20@example.com", "password-1", device));
    assertThat(e.retryAfter()).isPositive();
    // bad input costs nothing and is answered as such
    assertThatThrownBy(() -> s.register("r21@example.com", "short", device))
        .isInstanceOf(dev.portcullis.error.InvalidRequestException.class);
    assertThat(s.register("r20@example.com", "password-1", other)).isNotNull();
    clock.advance(e.retryAfter());
    assertThat(s.register("r21@example.com", "password-1", device)).isNotNull();
  }
}
