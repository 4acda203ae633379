package dev.portcullis.store.redis;

/**
 * The Lua scripts of {@link RedisSessionStore}. Each read-modify-write runs as one script, so
 * Redis executes it without interleaving: that is what makes rotation a compare-and-set.
 *
 * <p>Keys, two per user rather than three per session:
 *
 * <ul>
 *   <li>{@code s:<tokenHash>} the session record (see {@link SessionCodec}), a string whose TTL
 *       is the session's expiry; {@code findByTokenHash} is one GET of it.
 *   <li>{@code u:<userId>} a HASH of the user's sessions: field = session id, value = {@code
 *       <tokenHash>|<expiresAt base36>}. A value of 52 bytes keeps the HASH in Redis's compact
 *       listpack encoding (up to 64 bytes a value, 128 fields by default). The key's TTL is
 *       extended to the latest expiry among its sessions.
 *   <li>{@code a:<ref>} an interned User-Agent (see {@link UserAgents}), shared by every session
 *       that carries it; its TTL is extended to the latest expiry among them on create and touch.
 * </ul>
 *
 * Every script that acts on one session finds it through the user's HASH, so a session id given
 * with another user's id matches nothing. Every ARGV time is epoch millis of the injected clock,
 * and liveness is judged by it: TTLs only reclaim memory. Fields of expired sessions are dropped
 * on the user's next create, delete or delete-all; reads never write. Scripts derive {@code s:}
 * key names from the prefix (ARGV[1]), which is fine on a single Redis or Sentinel but not on
 * Cluster.
 */
final class SessionScripts {
  private SessionScripts() {}

  private static final String EXTEND = """
      local function extend(key, ttl)
        if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
      end
      """;

  /**
   * Shared head for KEYS u; ARGV prefix, now, userId, id: the session's entry in the user's HASH
   * and its record, or nothing. {@code mine} holds when the record is there and is that user's
   * session of that id, {@code live} when it has not expired by the clock either.
   */
  private static final String LOAD = """
      local prefix, now, user, id = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4]
      local entry = redis.call('HGET', KEYS[1], id)
      if not entry then return 0 end
      local hash = string.match(entry, '^(.*)|[^|]*$')
      local skey = prefix .. 's:' .. hash
      local rec = redis.call('GET', skey)
      local exp, seen, pv, rest, mine, live = nil, nil, nil, nil, false, false
      if rec then
        exp, seen, pv, rest = string.match(rec, '^([^|]*)|([^|]*)|([^|]*)|(.*)$')
        local rid, ruser = string.match(rest, '^([^|]*)|([^|]*)|')
        mine = rid == id and ruser == user
        live = mine and tonumber(exp, 36) > now
      end
      """;

  // KEYS s, u; ARGV prefix, now, record, hash, id, ttl, entry[, user agent ref, user agent]
  static final LuaScript CREATE = new LuaScript("session create", EXTEND + """
      if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('HEXISTS', KEYS[2], ARGV[5]) == 1 then
        return 0
      end
      local prefix, now, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[6])
      local all = redis.call('HGETALL', KEYS[2])
      for i = 1, #all, 2 do
        local hash, exp = string.match(all[i + 1], '^(.*)|([^|]*)$')
        if tonumber(exp, 36) <= now then
          redis.call('HDEL', KEYS[2], all[i])
          redis.call('DEL', prefix .. 's:' .. hash)
        end
      end
      redis.call('SET', KEYS[1], ARGV[3], 'PX', ttl)
      redis.call('HSET', KEYS[2], ARGV[5], ARGV[7])
      extend(KEYS[2], ttl)
      if ARGV[8] then
        local akey = prefix .. 'a:' .. ARGV[8]
        redis.call('SET', akey, ARGV[9], 'NX')
        extend(akey, ttl)
      end
      return 1
      """);

  // KEYS u; ARGV prefix, now, userId, id, lastSeen (b36), expiresAt (b36), expiresAt (millis)
  static final LuaScript TOUCH = new LuaScript("session touch", EXTEND + LOAD + """
      if not live then return 0 end
      local ttl = math.max(1, tonumber(ARGV[7]) - now)
      redis.call('SET', skey, ARGV[6] .. '|' .. ARGV[5] .. '|' .. pv .. '|' .. rest, 'PX', ttl)
      redis.call('HSET', KEYS[1], id, hash .. '|' .. ARGV[6])
      extend(KEYS[1], ttl)
      local ua = string.match(rest, '|#([^|]*)$')
      if ua then extend(prefix .. 'a:' .. ua, ttl) end
      return 1
      """);

  // KEYS u; ARGV prefix, now, userId, id, expectedHash, newHash, privilegeVersion
  static final LuaScript ROTATE = new LuaScript("session rotate", LOAD + """
      if not live or hash ~= ARGV[5] then return 0 end
      local fresh = prefix .. 's:' .. ARGV[6]
      if redis.call('EXISTS', fresh) == 1 then return 0 end
      local ttl = tonumber(exp, 36) - now
      redis.call('SET', fresh, exp .. '|' .. seen .. '|' .. ARGV[7] .. '|' .. rest, 'PX', ttl)
      redis.call('DEL', skey)
      redis.call('HSET', KEYS[1], id, ARGV[6] .. '|' .. exp)
      return 1
      """);

  // KEYS u; ARGV prefix, now, userId, id. An expired session of the user is cleared but reports 0.
  static final LuaScript DELETE = new LuaScript("session delete", LOAD + """
      if mine then redis.call('DEL', skey) end
      redis.call('HDEL', KEYS[1], id)
      if live then return 1 end
      return 0
      """);

  // KEYS u; ARGV prefix, now, userId, exceptId ('' for none). Returns how many live ones went.
  static final LuaScript DELETE_BY_USER = new LuaScript("session delete-by-user", """
      local prefix, now, n = ARGV[1], tonumber(ARGV[2]), 0
      local all = redis.call('HGETALL', KEYS[1])
      for i = 1, #all, 2 do
        if all[i] ~= ARGV[4] then
          local skey = prefix .. 's:' .. string.match(all[i + 1], '^(.*)|[^|]*$')
          local rec = redis.call('GET', skey)
          if rec then
            local exp, rid, ruser = string.match(rec, '^([^|]*)|[^|]*|[^|]*|([^|]*)|([^|]*)|')
            if rid == all[i] and ruser == ARGV[3] then
              if tonumber(exp, 36) > now then n = n + 1 end
              redis.call('DEL', skey)
            end
          end
          redis.call('HDEL', KEYS[1], all[i])
        end
      end
      return n
      """);

  // KEYS u; ARGV prefix, now. Read-only: hash, record pairs of the user's sessions not yet expired.
  static final LuaScript LIST = new LuaScript("session list", """
      local prefix, now, out = ARGV[1], tonumber(ARGV[2]), {}
      local all = redis.call('HGETALL', KEYS[1])
      for i = 1, #all, 2 do
        local hash, exp = string.match(all[i + 1], '^(.*)|([^|]*)$')
        if tonumber(exp, 36) > now then
          local rec = redis.call('GET', prefix .. 's:' .. hash)
          if rec then
            out[#out + 1] = hash
            out[#out + 1] = rec
          end
        end
      end
      return out
      """);
}
