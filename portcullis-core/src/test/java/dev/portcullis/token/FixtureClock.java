package dev.portcullis.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** Core cannot use the testkit (it depends on core), so the token tests carry their own clock. */
public final class FixtureClock extends Clock {
  public static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private final AtomicReference<Instant> now = new AtomicReference<>(START);

  public void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  public void set(Instant t) {
    now.set(t);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
