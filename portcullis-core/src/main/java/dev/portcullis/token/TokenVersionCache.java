package dev.portcullis.token;

import dev.portcullis.account.Account;
import dev.portcullis.account.AccountStore;
import dev.portcullis.account.RevocationListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current token version of each user, read from the account store at most once per {@code
 * ttl} (at most a second) per user, so that a forced logout stops every access token within a
 * second without a store read on every request. Registered as a {@link RevocationListener}, it
 * also forgets the user at once on this instance when the account service revokes everything.
 */
public final class TokenVersionCache implements RevocationListener {
  private static final int MAX_ENTRIES = 100_000;

  private final AccountStore accounts;
  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** {@code version} is null when the account does not exist (a deleted user's tokens all fail). */
  private record Entry(Long version, Instant readAt) {}

  public TokenVersionCache(AccountStore accounts, Clock clock, Duration ttl) {
    if (ttl.isNegative() || ttl.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("token version cache ttl must be 0-1 s");
    }
    this.accounts = accounts;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The user's current token version; empty if there is no such account. */
  public OptionalLong current(String userId) {
    Instant now = clock.instant();
    Entry e = entries.get(userId);
    if (e == null || !now.isBefore(e.readAt().plus(ttl))) {
      e = new Entry(accounts.findById(userId).map(Account::tokenVersion).orElse(null), now);
      if (entries.size() >= MAX_ENTRIES) {
        entries.values().removeIf(x -> !now.isBefore(x.readAt().plus(ttl)));
      }
      if (!ttl.isZero()) {
        entries.put(userId, e);
      }
    }
    return e.version() == null ? OptionalLong.empty() : OptionalLong.of(e.version());
  }

  /**
   * The user's current token version, given the value of the account's change counter read earlier
   * in this request: then the account store's own check against that counter decides (exact, no
   * {@code ttl} window, no extra read when the store keeps accounts in memory); without one, {@link
   * #current(String)}.
   */
  public OptionalLong current(String userId, OptionalLong accountCounter) {
    if (accountCounter.isEmpty()) {
      return current(userId);
    }
    return accounts.findById(userId, accountCounter).map(a -> OptionalLong.of(a.tokenVersion())).orElse(OptionalLong.empty());
  }

  /** Forgets the cached version, so the next check reads the store. */
  public void invalidate(String userId) {
    entries.remove(userId);
  }

  @Override
  public int revokeAllFor(String userId) {
    invalidate(userId);
    return 0;
  }
}
