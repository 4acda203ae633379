package dev.portcullis.store.redis;

import dev.portcullis.account.CachingAccountStore;
import dev.portcullis.session.Session;
import dev.portcullis.session.SessionStore;
import dev.portcullis.store.ChangeCounters;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Sessions in Redis, keyed by token hash, with one HASH per user mapping session id to token hash
 * and expiry (layout in {@link SessionScripts}); every operation on a session id goes through its
 * user's HASH. Keys expire when the sessions do, but expiry is also checked against the injected
 * clock on every read, so a record Redis has not evicted yet still reads as absent. Index entries
 * left behind by expired sessions are dropped on the user's next create, delete or delete-all;
 * reads never write. Any Redis failure surfaces as {@code StoreUnavailableException},
 * never as "no session".
 */
public final class RedisSessionStore implements SessionStore {
  private static final Comparator<Session> NEWEST_FIRST =
      Comparator.comparing(Session::createdAt).thenComparing(Session::id).reversed();

  /**
   * The session record and, in the same round trip, its user's account change counter: the user id
   * is the record's fifth field, and the counter's number is Java's {@code String.hashCode} of
   * {@code <namespace><user id>} modulo ARGV[3] (exact for the ASCII ids this server makes; the
   * number is returned so that the caller can check it). Returns nil, or {record, counter or false,
   * number}; a record too short to name a user comes back alone.
   */
  private static final LuaScript LOOKUP_WITH_COUNTER = new LuaScript("session lookup", """
      local record = redis.call('GET', KEYS[1])
      if not record then return false end
      local pos = 0
      for _ = 1, 4 do
        pos = string.find(record, '|', pos + 1, true)
        if not pos then return {record} end
      end
      local stop = string.find(record, '|', pos + 1, true)
      if not stop then return {record} end
      local name = ARGV[2] .. string.sub(record, pos + 1, stop - 1)
      local stripes = tonumber(ARGV[3])
      local h = 0
      for i = 1, #name do h = (h * 31 + string.byte(name, i)) % stripes end
      return {record, redis.call('GET', ARGV[1] .. 'e:' .. h), h}
      """);

  private final RedisConnection redis;
  private final Clock clock;
  private final String prefix;
  private final UserAgents userAgents;
  private final boolean accountCountersHere;

  public RedisSessionStore(RedisConnection redis, Clock clock) {
    this(redis, clock, false);
  }

  /**
   * {@code accountCountersHere}: the accounts' change counters live in this Redis under the same
   * prefix ({@link RedisChangeCounters}), so {@link #findForValidation} reads the session's account
   * counter in the same round trip as the session.
   */
  public RedisSessionStore(RedisConnection redis, Clock clock, boolean accountCountersHere) {
    this.redis = redis;
    this.clock = clock;
    this.prefix = redis.prefix();
    this.userAgents = new UserAgents(redis);
    this.accountCountersHere = accountCountersHere;
  }

  @Override
  public void create(Session s) {
    long now = clock.millis();
    long ttl = s.expiresAt().toEpochMilli() - now;
    if (ttl <= 0) {
      return; // already expired: it would read as absent, so there is nothing to keep
    }
    String record = SessionCodec.encode(s);
    String[] args = {prefix, Long.toString(now), record, s.tokenHash(), s.id(), Long.toString(ttl),
        s.tokenHash() + "|" + SessionCodec.b36(s.expiresAt())};
    if (SessionCodec.internsUserAgent(s)) {
      args = java.util.Arrays.copyOf(args, args.length + 2);
      args[args.length - 2] = UserAgents.ref(s.userAgent());
      args[args.length - 1] = s.userAgent();
      userAgents.remember(s.userAgent());
    }
    long created = SessionScripts.CREATE.run(redis, ScriptOutputType.INTEGER,
        keys(sessionKey(s.tokenHash()), userKey(s.userId())), args);
    if (created == 0) {
      throw new IllegalStateException("session id or token hash already stored");
    }
  }

  @Override
  public Optional<Session> findByTokenHash(String tokenHash) {
    String record = redis.call("session lookup", c -> c.get(sessionKey(tokenHash)));
    if (record == null || SessionCodec.expiresAtMillis(record) <= clock.millis()) {
      return Optional.empty();
    }
    return Optional.of(SessionCodec.decode(tokenHash, record, userAgents::resolve));
  }

  @Override
  public Optional<Found> findForValidation(String tokenHash) {
    if (!accountCountersHere) {
      return SessionStore.super.findForValidation(tokenHash);
    }
    List<Object> answer = LOOKUP_WITH_COUNTER.run(redis, ScriptOutputType.MULTI, keys(sessionKey(tokenHash)),
        prefix, CachingAccountStore.COUNTER_NAMESPACE, Integer.toString(ChangeCounters.STRIPES));
    if (answer == null || answer.isEmpty() || answer.get(0) == null) {
      return Optional.empty();
    }
    String record = (String) answer.get(0);
    if (SessionCodec.expiresAtMillis(record) <= clock.millis()) {
      return Optional.empty();
    }
    Session session = SessionCodec.decode(tokenHash, record, userAgents::resolve);
    OptionalLong counter = OptionalLong.empty();
    // trusted only if the script named the counter Java would have (a non-ASCII id would differ)
    if (answer.size() == 3 && answer.get(1) instanceof String value && answer.get(2) instanceof Long stripe
        && stripe == ChangeCounters.stripe(CachingAccountStore.COUNTER_NAMESPACE + session.userId())) {
      counter = RedisChangeCounters.parse(value);
    }
    return Optional.of(new Found(session, counter));
  }

  @Override
  public boolean touch(String userId, String id, Instant lastSeenAt, Instant expiresAt) {
    long done = SessionScripts.TOUCH.run(redis, ScriptOutputType.INTEGER, keys(userKey(userId)),
        prefix, Long.toString(clock.millis()), userId, id, SessionCodec.b36(lastSeenAt),
        SessionCodec.b36(expiresAt), Long.toString(expiresAt.toEpochMilli()));
    return done == 1;
  }

  @Override
  public boolean rotateToken(
      String userId, String id, String expectedHash, String newHash, long privilegeVersion) {
    long done = SessionScripts.ROTATE.run(redis, ScriptOutputType.INTEGER, keys(userKey(userId)),
        prefix, Long.toString(clock.millis()), userId, id, expectedHash, newHash,
        Long.toString(privilegeVersion));
    return done == 1;
  }

  @Override
  public boolean delete(String userId, String id) {
    long done = SessionScripts.DELETE.run(redis, ScriptOutputType.INTEGER,
        keys(userKey(userId)), prefix, Long.toString(clock.millis()), userId, id);
    return done == 1;
  }

  @Override
  public List<Session> listByUser(String userId) {
    long now = clock.millis();
    List<String> pairs = SessionScripts.LIST.run(redis, ScriptOutputType.MULTI,
        keys(userKey(userId)), prefix, Long.toString(now));
    List<String> refs = new ArrayList<>();
    for (int i = 1; i < pairs.size(); i += 2) {
      refs.add(SessionCodec.userAgentRef(pairs.get(i)));
    }
    userAgents.prefetch(refs);
    List<Session> sessions = new ArrayList<>();
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      String record = pairs.get(i + 1);
      if (SessionCodec.expiresAtMillis(record) > now) {
        Session s = SessionCodec.decode(pairs.get(i), record, userAgents::resolve);
        if (s.userId().equals(userId)) {
          sessions.add(s);
        }
      }
    }
    sessions.sort(NEWEST_FIRST);
    return sessions;
  }

  @Override
  public int deleteByUser(String userId, String exceptId) {
    long count = SessionScripts.DELETE_BY_USER.run(redis, ScriptOutputType.INTEGER,
        keys(userKey(userId)), prefix, Long.toString(clock.millis()), userId,
        exceptId == null ? "" : exceptId);
    return Math.toIntExact(count);
  }

  private String sessionKey(String tokenHash) {
    return prefix + "s:" + tokenHash;
  }

  private String userKey(String userId) {
    return prefix + "u:" + userId;
  }

  private static String[] keys(String... keys) {
    return keys;
  }
}
