package dev.portcullis.server;

import dev.portcullis.testkit.MutableClock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ThrottleRaces} on two instances sharing PostgreSQL and Redis (where the throttle counters
 * live), every burst spread across both: the limits hold for the deployment, not per instance.
 */
@Timeout(value = 120)
class MultiInstanceThrottleRaceIT extends ThrottleRaces {
  static TwoInstances instances;

  @BeforeAll
  static void start() throws Exception {
    instances = TwoInstances.start(ThrottleRaces::limits);
  }

  @AfterAll
  static void stop() throws Exception {
    if (instances != null) {
      instances.close();
    }
  }

  @Override
  List<String> instances() {
    return instances.bases();
  }

  @Override
  MutableClock clock() {
    return instances.clock;
  }
}
