package dev.portcullis.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.audit.AuditRetention;
import dev.portcullis.audit.PrunableAuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link AuditLog} must show, and the retention purge of a {@link PrunableAuditLog}
 * (every log the server keeps is one). The log must start empty for each test: unfiltered queries
 * see everything.
 */
public abstract class AuditLogContract {
  protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  protected AuditLog log;

  protected abstract AuditLog newLog();

  @BeforeEach
  void setUpAuditLog() {
    log = newLog();
  }

  protected static AuditEvent event(int second, String type, String userId) {
    return new AuditEvent(T0.plusSeconds(second), type, userId, "198.51.100.7", "curl/8", type + " #" + second);
  }

  @Test
  void emptyLogFindsNothing() {
    assertThat(log.find(null, null, 10)).isEmpty();
  }

  @Test
  void findReturnsEventsNewestFirst() {
    AuditEvent a = event(1, AuditEvent.REGISTERED, "u_1");
    AuditEvent b = event(2, AuditEvent.LOGIN_SUCCEEDED, "u_1");
    AuditEvent c = event(3, AuditEvent.LOGOUT, "u_1");
    log.record(b);
    log.record(a);
    log.record(c);
    assertThat(log.find(null, null, 10)).containsExactly(c, b, a);
  }

  @Test
  void eventsAtTheSameInstantComeMostRecentlyRecordedFirst() {
    AuditEvent first = event(1, AuditEvent.LOGIN_FAILED, "u_1");
    AuditEvent second = event(1, AuditEvent.RATE_LIMITED, "u_1");
    log.record(first);
    log.record(second);
    assertThat(log.find(null, null, 10)).containsExactly(second, first);
  }

  @Test
  void findFiltersByUserTypeAndBoth() {
    AuditEvent a1 = event(1, AuditEvent.LOGIN_SUCCEEDED, "u_a");
    AuditEvent b1 = event(2, AuditEvent.LOGIN_SUCCEEDED, "u_b");
    AuditEvent a2 = event(3, AuditEvent.LOGOUT, "u_a");
    AuditEvent anon = event(4, AuditEvent.LOGIN_FAILED, null);
    log.record(a1);
    log.record(b1);
    log.record(a2);
    log.record(anon);
    assertThat(log.find("u_a", null, 10)).containsExactly(a2, a1);
    assertThat(log.find(null, AuditEvent.LOGIN_SUCCEEDED, 10)).containsExactly(b1, a1);
    assertThat(log.find("u_a", AuditEvent.LOGOUT, 10)).containsExactly(a2);
    assertThat(log.find("u_b", AuditEvent.LOGOUT, 10)).isEmpty();
    assertThat(log.find(null, AuditEvent.LOGIN_FAILED, 10)).containsExactly(anon);
  }

  @Test
  void findKeepsTheNewestUpToTheLimit() {
    for (int i = 0; i < 5; i++) {
      log.record(event(i, AuditEvent.LOGIN_FAILED, "u_1"));
    }
    assertThat(log.find(null, null, 2)).extracting(AuditEvent::at)
        .containsExactly(T0.plusSeconds(4), T0.plusSeconds(3));
    assertThat(log.find("u_1", AuditEvent.LOGIN_FAILED, 3)).hasSize(3);
    assertThat(log.find(null, null, 0)).isEmpty();
  }

  @Test
  void recordKeepsNullFieldsAndClippedValues() {
    AuditEvent sparse = new AuditEvent(T0, AuditEvent.CSRF_FAILED, null, null, null, null);
    AuditEvent big = new AuditEvent(T0.plusSeconds(1), AuditEvent.CSRF_FAILED, "u_" + UUID.randomUUID(),
        "x".repeat(100), "y".repeat(1000), "z".repeat(5000));
    log.record(sparse);
    log.record(big);
    assertThat(log.find(null, AuditEvent.CSRF_FAILED, 10)).containsExactly(big, sparse);
  }

  @Test
  void pagingWalksEveryEventOnceNewestFirstEvenWhenManyShareAnInstant() {
    List<AuditEvent> recorded = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      AuditEvent e = event(i / 4, AuditEvent.LOGIN_FAILED, "u_p"); // four events per second
      log.record(e);
      recorded.add(e);
    }
    log.record(event(3, AuditEvent.LOGOUT, "u_other"));

    List<AuditEvent> walked = new ArrayList<>();
    AuditLog.Position before = null;
    for (List<AuditLog.Recorded> page; !(page = log.page("u_p", null, before, 5)).isEmpty(); ) {
      assertThat(page).hasSizeLessThanOrEqualTo(5);
      page.forEach(r -> walked.add(r.event()));
      before = page.get(page.size() - 1).position();
      // an event recorded while someone pages lands on the first page, not in the middle of the walk
      log.record(event(100, AuditEvent.LOGIN_FAILED, "u_p"));
    }
    java.util.Collections.reverse(recorded);
    assertThat(walked).containsExactlyElementsOf(recorded);
  }

  @Test
  void aPositionSurvivesItsWireForm() {
    log.record(event(1, AuditEvent.LOGIN_FAILED, "u_w"));
    log.record(event(2, AuditEvent.LOGIN_FAILED, "u_w"));
    AuditLog.Recorded newest = log.page("u_w", null, null, 1).get(0);
    AuditLog.Position parsed = AuditLog.Position.parse(newest.position().toString());
    assertThat(log.page("u_w", null, parsed, 10)).extracting(AuditLog.Recorded::event)
        .containsExactly(event(1, AuditEvent.LOGIN_FAILED, "u_w"));
  }

  private PrunableAuditLog prunable() {
    assertThat(log).as("an audit log with a retention purge").isInstanceOf(PrunableAuditLog.class);
    return (PrunableAuditLog) log;
  }

  private static AuditEvent onDay(int day, int n) {
    return new AuditEvent(T0.plus(Duration.ofDays(day)), AuditEvent.LOGIN_FAILED, "u_r", "198.51.100.7", "curl/8",
        "day " + day + " #" + n);
  }

  @Test
  void retentionPurgesWhatIsOlderThanItsPeriodByTheClockAndNothingElse() {
    for (int day = 0; day < 10; day++) {
      log.record(onDay(day, 0));
    }
    MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(10)));
    AuditRetention retention = new AuditRetention(prunable(), Duration.ofDays(5), clock);
    assertThat(retention.purgeExpired()).isEqualTo(5); // days 0-4: older than 5 days at day 10
    assertThat(log.find(null, null, 100)).extracting(AuditEvent::at)
        .containsExactly(T0.plus(Duration.ofDays(9)), T0.plus(Duration.ofDays(8)), T0.plus(Duration.ofDays(7)),
            T0.plus(Duration.ofDays(6)), T0.plus(Duration.ofDays(5)));
    assertThat(retention.purgeExpired()).isZero();
    clock.advance(Duration.ofDays(2));
    assertThat(retention.purgeExpired()).isEqualTo(2);
    assertThat(log.find(null, null, 100)).hasSize(3);
    assertThat(retention.purgeExpired()).isZero(); // day 7, exactly as old as the period, stays
  }

  @Test
  void aPurgeDeletesAtMostItsBatchOldestFirstAndRetentionLoopsOverBatches() {
    List<AuditEvent> all = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      AuditEvent e = onDay(i / 4, i); // four events per day, recorded in order
      log.record(e);
      all.add(e);
    }
    PrunableAuditLog p = prunable();
    assertThat(p.deleteBefore(T0.plus(Duration.ofDays(100)), 0)).isZero();
    assertThat(p.deleteBefore(T0.plus(Duration.ofDays(100)), 3)).isEqualTo(3);
    List<AuditEvent> newestFirst = new ArrayList<>(all);
    java.util.Collections.reverse(newestFirst);
    assertThat(log.find(null, null, 100)).containsExactlyElementsOf(newestFirst.subList(0, 20));

    // days 0-4 (20 events, 17 left) go in batches of 4; day 5 stays
    MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(6)));
    assertThat(new AuditRetention(p, Duration.ofDays(1), clock, 4).purgeExpired()).isEqualTo(17);
    assertThat(log.find(null, null, 100)).containsExactlyElementsOf(newestFirst.subList(0, 3));
  }

  @Test
  void pagingGoesOnAcrossAPurgeWithNoEventSkippedOrShownTwice() {
    List<AuditEvent> recorded = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      AuditEvent e = onDay(i / 2, i); // two events per day
      log.record(e);
      recorded.add(e);
    }
    List<AuditLog.Recorded> first = log.page("u_r", null, null, 6); // days 9, 8, 7
    AuditLog.Position cursor = first.get(first.size() - 1).position();

    // days 0-3 leave the trail while someone pages
    MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(5)));
    assertThat(new AuditRetention(prunable(), Duration.ofDays(1), clock, 3).purgeExpired()).isEqualTo(8);

    List<AuditEvent> rest = new ArrayList<>();
    for (List<AuditLog.Recorded> page; !(page = log.page("u_r", null, cursor, 4)).isEmpty(); ) {
      page.forEach(r -> rest.add(r.event()));
      cursor = page.get(page.size() - 1).position();
    }
    List<AuditEvent> expected = new ArrayList<>(recorded.subList(8, 14)); // days 4-6
    java.util.Collections.reverse(expected);
    assertThat(rest).containsExactlyElementsOf(expected);
    AuditLog.Position kept = first.get(0).position();
    assertThat(log.page("u_r", null, AuditLog.Position.parse(kept.toString()), 100)).hasSize(11);
  }
}
