package dev.portcullis.store.redis;

import dev.portcullis.session.Session;
import java.time.Instant;

/**
 * The value of a session key: one string of eleven '|'-separated fields, instants as base-36 epoch
 * millis (8 characters until the year 5188). A single string costs far less than a HASH once a
 * real User-Agent (over 64 bytes) pushes a HASH out of its compact listpack encoding.
 *
 * <pre>expiresAt|lastSeenAt|privilegeVersion|id|userId|createdAt|authTime|absoluteExpiresAt|tokenVersion|ip|userAgent</pre>
 *
 * <p>Two fields are compacted, as most sessions repeat them: {@code authTime} is empty when it equals
 * {@code createdAt} (a session is usually made by the password check it records), and a User-Agent
 * longer than {@link #INLINE_USER_AGENT} characters is interned: the field is {@code #<ref>}, where
 * {@code ref} names the shared key {@code a:<ref>} holding the text (see {@link UserAgents}). A
 * browser's 110-character User-Agent thus costs 23 bytes per session instead of 111. Records
 * written before either change (an authTime always present, a User-Agent always inline as {@code
 * =text}) decode as before.
 *
 * The fields the Lua scripts rewrite come first, and the one free-text field comes last, so a '|'
 * in the User-Agent needs no escaping; the IP is percent-escaped. Nullable fields are empty when
 * null and carry a leading '=' otherwise. The token hash is the key, so it is not repeated here.
 * The scripts never look past {@code userId}, so {@code tokenVersion} sits behind it and they
 * carry it through rotation and touch untouched.
 *
 * <p>Records written before the token version existed have ten fields: their ninth is the IP,
 * empty or starting with '=', never a digit as a token version is. They decode with token version
 * 0, the same rule as the SQL migration V3 (see there for why 0 is the safe choice).
 */
final class SessionCodec {
  private static final int FIELDS = 11;
  /** User-Agents up to this length stay inline: a reference would be no shorter. */
  static final int INLINE_USER_AGENT = UserAgents.REF_LENGTH + 1;

  private SessionCodec() {}

  /** True when the session's User-Agent is stored as a reference to a shared {@code a:} key. */
  static boolean internsUserAgent(Session s) {
    return s.userAgent() != null && s.userAgent().length() > INLINE_USER_AGENT;
  }

  static String encode(Session s) {
    requireSafe(s.id(), "session id");
    requireSafe(s.userId(), "user id");
    String ua = s.userAgent() == null ? "" : internsUserAgent(s) ? "#" + UserAgents.ref(s.userAgent()) : "=" + s.userAgent();
    return String.join("|",
        b36(s.expiresAt()), b36(s.lastSeenAt()), Long.toString(s.privilegeVersion()), s.id(),
        s.userId(), b36(s.createdAt()), s.authTime().equals(s.createdAt()) ? "" : b36(s.authTime()),
        b36(s.absoluteExpiresAt()), Long.toString(s.tokenVersion()),
        s.ip() == null ? "" : "=" + s.ip().replace("%", "%25").replace("|", "%7C"), ua);
  }

  /** Decodes a record whose User-Agent is inline (or absent); an interned one needs the other overload. */
  static Session decode(String tokenHash, String value) {
    return decode(tokenHash, value, ref -> {
      throw new IllegalStateException("interned User-Agent without a resolver");
    });
  }

  /** Decodes a record; {@code userAgents} turns an interned User-Agent's reference into its text (or null). */
  static Session decode(String tokenHash, String value, java.util.function.UnaryOperator<String> userAgents) {
    String[] f = value.split("\\|", FIELDS);
    if (f.length >= 9 && (f[8].isEmpty() || f[8].startsWith("="))) {
      // written before the token version: ip and userAgent follow absoluteExpiresAt directly
      String[] legacy = value.split("\\|", FIELDS - 1);
      if (legacy.length != FIELDS - 1) {
        throw new IllegalStateException("malformed session record in Redis");
      }
      return decode(tokenHash, legacy, 0, legacy[8], legacy[9], userAgents);
    }
    if (f.length != FIELDS) {
      throw new IllegalStateException("malformed session record in Redis");
    }
    return decode(tokenHash, f, Long.parseLong(f[8]), f[9], f[10], userAgents);
  }

  private static Session decode(String tokenHash, String[] f, long tokenVersion, String ipField, String uaField,
      java.util.function.UnaryOperator<String> userAgents) {
    String ip = ipField.isEmpty() ? null : ipField.substring(1).replace("%7C", "|").replace("%25", "%");
    String userAgent = uaField.isEmpty() ? null
        : uaField.charAt(0) == '#' ? userAgents.apply(uaField.substring(1)) : uaField.substring(1);
    Instant created = instant(f[5]);
    return new Session(f[3], f[4], tokenHash, created, f[6].isEmpty() ? created : instant(f[6]), instant(f[1]),
        instant(f[0]), instant(f[7]), Long.parseLong(f[2]), tokenVersion, userAgent, ip);
  }

  /** The reference of an interned User-Agent in a record, or null when it has none. */
  static String userAgentRef(String value) {
    int bar = value.lastIndexOf('|');
    return bar >= 0 && bar + 1 < value.length() && value.charAt(bar + 1) == '#' ? value.substring(bar + 2) : null;
  }

  /** The expiry of an encoded session, without decoding the rest. */
  static long expiresAtMillis(String value) {
    return Long.parseLong(value.substring(0, value.indexOf('|')), 36);
  }

  static String b36(Instant t) {
    return Long.toString(t.toEpochMilli(), 36);
  }

  private static Instant instant(String b36) {
    return Instant.ofEpochMilli(Long.parseLong(b36, 36));
  }

  // ids and user ids are generated handles; the scripts split on '|' and build index keys from them
  private static void requireSafe(String value, String what) {
    if (value == null || value.isEmpty() || value.indexOf('|') >= 0) {
      throw new IllegalArgumentException(what + " must be non-empty and free of '|'");
    }
  }
}
