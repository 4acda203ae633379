package dev.portcullis.apikey;

import dev.portcullis.apikey.ApiKeyService.Authenticated;
import dev.portcullis.apikey.InvalidApiKeyException.Reason;
import dev.portcullis.audit.AuditEvent;
import dev.portcullis.audit.AuditLog;
import dev.portcullis.auth.Device;
import dev.portcullis.crypto.Tokens;
import dev.portcullis.throttle.RequestQuota;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path of {@link ApiKeyService#authenticate}: the checksum before any store read, a cached
 * final refusal before the store read, then one read by public id, a constant-time comparison of
 * the secret's hash, the key's status by the clock, the quota, and a coalesced last-used write.
 */
final class ApiKeyAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuthenticator.class);
  /** Refusals worth a line in the trail; a malformed string or an unknown id is noise anyone can make. */
  private static final Set<Reason> AUDITED = Set.of(
      Reason.WRONG_CHECKSUM, Reason.WRONG_SECRET, Reason.REVOKED, Reason.RETIRED, Reason.EXPIRED);

  private final ApiKeyStore store;
  private final RequestQuota quota;
  private final AuditLog audit;
  private final Clock clock;
  private final RequestQuota.Limit rateLimit;
  private final RejectedKeys rejected;
  private final LastUseRecorder lastUse;

  ApiKeyAuthenticator(ApiKeyStore store, RequestQuota quota, AuditLog audit, Clock clock, ApiKeyPolicy policy) {
    this.store = store;
    this.quota = quota;
    this.audit = audit;
    this.clock = clock;
    this.rateLimit = policy.rateLimit();
    this.rejected = new RejectedKeys(clock);
    this.lastUse = new LastUseRecorder(store, clock, policy.lastUsedInterval());
  }

  Authenticated authenticate(String presented, Device device) {
    ApiKeyFormat.Parts parts = null;
    InvalidApiKeyException misshapen = null;
    try {
      parts = ApiKeyFormat.parse(presented);
    } catch (InvalidApiKeyException e) {
      if (e.reason() == Reason.MALFORMED) {
        throw e; // not ours at all: nothing to remember or audit
      }
      misshapen = e;
    }
    String digest = Tokens.sha256(presented);
    Optional<InvalidApiKeyException> known = rejected.find(digest);
    if (known.isPresent()) {
      throw known.get();
    }
    if (misshapen != null) {
      throw refuse(digest, misshapen, null, device);
    }
    String id = parts.id();
    Optional<ApiKeyStore.Found> found = store.findForUse(id);
    if (found.isEmpty()) {
      throw refuse(digest, new InvalidApiKeyException(Reason.UNKNOWN, id, "unknown API key " + id), null, device);
    }
    ApiKey key = found.get().key();
    if (!Tokens.constantTimeEquals(Tokens.sha256(parts.secret()), key.secretHash())) {
      throw refuse(digest, refusal(Reason.WRONG_SECRET, key), key.userId(), device);
    }
    Reason ended = switch (key.statusAt(clock.instant())) {
      case LIVE -> null;
      case REVOKED -> Reason.REVOKED;
      case EXPIRED -> Reason.EXPIRED;
      case RETIRED -> Reason.RETIRED;
    };
    if (ended != null) {
      throw refuse(digest, refusal(ended, key), key.userId(), device);
    }
    RequestQuota.Usage usage = quota.consume("apikey:" + id, rateLimit);
    lastUse.record(key);
    return new Authenticated(key, usage, found.get().accountCounter());
  }

  private static InvalidApiKeyException refusal(Reason reason, ApiKey key) {
    return new InvalidApiKeyException(reason, key.id(),
        "API key " + key.id() + " of " + key.userId() + " refused: " + reason.name().toLowerCase(Locale.ROOT).replace('_', ' '));
  }

  private InvalidApiKeyException refuse(String digest, InvalidApiKeyException e, String userId, Device device) {
    rejected.remember(digest, e);
    if (!AUDITED.contains(e.reason())) {
      LOG.debug(e.logDetail());
    } else {
      LOG.info(e.logDetail());
      audit.record(new AuditEvent(clock.instant(), AuditEvent.API_KEY_REFUSED, userId, device.ip(),
          device.userAgent(), e.logDetail()));
    }
    return e;
  }
}
