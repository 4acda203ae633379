package dev.portcullis.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.sdk.TokenVerificationException.Reason;
import dev.portcullis.testkit.MutableClock;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh {@link FakeAuthorizationServer} and {@link MutableClock} per test, and the shared assertions. */
abstract class AgainstFakeServer {
  FakeAuthorizationServer as;
  MutableClock clock;

  @BeforeEach
  void startFakeServer() throws Exception {
    as = new FakeAuthorizationServer();
    clock = new MutableClock();
  }

  @AfterEach
  void stopFakeServer() {
    as.close();
  }

  static void refused(Reason reason, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(TokenVerificationException.class)
        .extracting(e -> ((TokenVerificationException) e).reason()).isEqualTo(reason);
  }

  /** Polls {@code condition} (a state other threads reach), failing after 20 s. */
  static void awaitState(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
