package dev.portcullis.server;

import dev.portcullis.testkit.MutableClock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** {@link ThrottleRaces} on one server over the embedded store. */
@Timeout(value = 120)
class ThrottleRaceIT extends ThrottleRaces {
  static ServerHarness h;

  @BeforeAll
  static void start() {
    h = new ServerHarness(ThrottleRaces::limits);
  }

  @AfterAll
  static void stop() {
    h.close();
  }

  @Override
  List<String> instances() {
    return List.of(h.base);
  }

  @Override
  MutableClock clock() {
    return h.clock;
  }
}
