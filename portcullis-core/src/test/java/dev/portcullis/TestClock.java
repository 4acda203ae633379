package dev.portcullis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the core's own tests move by hand (core cannot use the testkit's MutableClock: it depends on core). */
public final class TestClock extends Clock {
  private volatile Instant now = Instant.parse("2030-01-01T00:00:00Z");

  public void advance(Duration d) {
    now = now.plus(d);
  }

  public void set(Instant t) {
    now = t;
  }

  @Override
  public Instant instant() {
    return now;
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
