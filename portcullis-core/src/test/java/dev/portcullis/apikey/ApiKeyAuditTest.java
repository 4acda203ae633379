package dev.portcullis.apikey;

import static dev.portcullis.apikey.ApiKeyServiceTest.DEVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.portcullis.TestClock;
import dev.portcullis.apikey.ApiKeyService.Created;
import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.InMemoryAuditLog;
import dev.portcullis.auth.Principal;
import dev.portcullis.throttle.InMemoryThrottleStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyAuditTest {
  private final TestClock clock = new TestClock();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final ApiKeyService keys = new ApiKeyService(new InMemoryApiKeyStore(), new InMemoryThrottleStore(clock),
      audit, clock, ApiKeyPolicy.DEFAULT);
  private final List<String> secrets = new ArrayList<>();

  static Principal owner(String userId) {
    return new Principal(userId, "session", Set.of(), Set.of(), "s_1", null);
  }

  private Created create(Optional<Duration> expiresIn) {
    Created c = keys.create("u_1", "k", List.of("read"), expiresIn, DEVICE);
    secrets.add(c.key());
    return c;
  }

  private void refused(String key) {
    catchThrowableOfType(InvalidApiKeyException.class, () -> keys.authenticate(key, DEVICE));
  }

  private List<AuditEvent> events(String type) {
    return audit.find(null, type, 100);
  }

  @Test
  void createRotateAndRevokeAreAuditedForTheOwner() {
    Created c = create(Optional.empty());
    Created next = keys.rotate("u_1", c.apiKey().id(), Optional.of(Duration.ofHours(1)), DEVICE);
    secrets.add(next.key());
    keys.revoke(owner("u_1"), next.apiKey().id(), DEVICE);
    keys.revoke(new Principal("u_admin", "session", Set.of("admin"), Set.of(), "s_2", null), c.apiKey().id(), DEVICE);
    assertThat(events(AuditEvent.API_KEY_CREATED)).singleElement().satisfies(e -> {
      assertThat(e.userId()).isEqualTo("u_1");
      assertThat(e.ip()).isEqualTo(DEVICE.ip());
      assertThat(e.detail()).contains(c.apiKey().id());
    });
    assertThat(events(AuditEvent.API_KEY_ROTATED)).singleElement()
        .satisfies(e -> assertThat(e.detail()).contains(c.apiKey().id(), next.apiKey().id()));
    assertThat(events(AuditEvent.API_KEY_REVOKED)).extracting(AuditEvent::userId).containsOnly("u_1");
    assertThat(events(AuditEvent.API_KEY_REVOKED)).extracting(AuditEvent::detail)
        .anyMatch(d -> d.contains(c.apiKey().id()) && d.contains("by admin u_admin"));
    assertNoSecretInTheTrail();
  }

  @Test
  void useOfARevokedExpiredRetiredOrWrongChecksumKeyIsAudited() {
    Created revoked = create(Optional.empty());
    keys.revoke(owner("u_1"), revoked.apiKey().id(), DEVICE);
    Created expired = create(Optional.of(Duration.ofMinutes(1)));
    Created retired = create(Optional.empty());
    secrets.add(keys.rotate("u_1", retired.apiKey().id(), Optional.of(Duration.ZERO), DEVICE).key());
    clock.advance(Duration.ofMinutes(1));
    String typo = revoked.key().substring(0, 40) + (revoked.key().charAt(40) == 'q' ? 'r' : 'q')
        + revoked.key().substring(41);
    for (String key : List.of(revoked.key(), expired.key(), retired.key(), typo)) {
      refused(key);
    }
    List<AuditEvent> refusals = events(AuditEvent.API_KEY_REFUSED);
    assertThat(refusals).extracting(AuditEvent::detail).anyMatch(d -> d.contains("revoked"))
        .anyMatch(d -> d.contains("expired")).anyMatch(d -> d.contains("retired"))
        .anyMatch(d -> d.contains("wrong checksum"));
    assertThat(refusals).hasSize(4);
    // the typo cannot be trusted to name an owner, so it names none
    assertThat(refusals).filteredOn(e -> e.detail().contains("checksum")).extracting(AuditEvent::userId).containsOnlyNulls();
    assertNoSecretInTheTrail();
  }

  @Test
  void aKeyHammeredAfterRevocationIsAuditedOnceNotOncePerRequest() {
    Created c = create(Optional.empty());
    keys.revoke(owner("u_1"), c.apiKey().id(), DEVICE);
    for (int i = 0; i < 50; i++) {
      refused(c.key());
    }
    assertThat(events(AuditEvent.API_KEY_REFUSED)).hasSize(1);
  }

  @Test
  void malformedStringsAndGoodKeysLeaveNoRefusalInTheTrail() {
    Created c = create(Optional.empty());
    keys.authenticate(c.key(), DEVICE);
    refused("pcl_nonsense");
    refused("eyJhbGciOiJFUzI1NiJ9.e30.sig");
    assertThat(events(AuditEvent.API_KEY_REFUSED)).isEmpty();
  }

  private void assertNoSecretInTheTrail() {
    for (AuditEvent e : audit.find(null, null, 1000)) {
      for (String key : secrets) {
        String secret = ApiKeyFormat.parse(key).secret();
        assertThat(e.detail()).doesNotContain(secret).doesNotContain(key.substring(key.length() - 10));
      }
    }
  }
}
