package dev.portcullis.store.redis;

/**
 * The Lua scripts of {@link RedisSessionStore}. Each read-modify-write runs as one script, so
 * Redis executes it without interleaving: that is what makes rotation a compare-and-set.
 *
 * <p>Keys: {@code s:<tokenHash>} the session (see {@link SessionCodec}), {@code i:<id>} the token
 * hash of a session id, {@code u:<userId>} a ZSET of the user's session ids scored by expiry.
 * Every ARGV time is epoch millis of the injected clock. Index-driven scripts derive further key
 * names from the prefix (ARGV[1]), which is fine on a single Redis or Sentinel but not on Cluster.
 */
final class SessionScripts {
  private SessionScripts() {}

  /** Shared head: the live record behind an {@code i:} key, or nothing. */
  private static final String LOAD = """
      local prefix, now = ARGV[1], tonumber(ARGV[2])
      local hash = redis.call('GET', KEYS[1])
      if not hash then return 0 end
      local skey = prefix .. 's:' .. hash
      local rec = redis.call('GET', skey)
      if not rec then return 0 end
      local exp, seen, pv, rest = string.match(rec, '^([^|]*)|([^|]*)|([^|]*)|(.*)$')
      local id, user = string.match(rest, '^([^|]*)|([^|]*)|')
      local live = tonumber(exp, 36) > now
      """;

  private static final String EXTEND_USER_INDEX = """
      local function extend(key, ttl)
        if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
      end
      """;

  // KEYS s, i, u; ARGV prefix, now, record, hash, id, ttl, expiresAt
  static final LuaScript CREATE = new LuaScript("session create", EXTEND_USER_INDEX + """
      if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
      local ttl = tonumber(ARGV[6])
      redis.call('SET', KEYS[1], ARGV[3], 'PX', ttl)
      redis.call('SET', KEYS[2], ARGV[4], 'PX', ttl)
      redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', ARGV[2])
      redis.call('ZADD', KEYS[3], ARGV[7], ARGV[5])
      extend(KEYS[3], ttl)
      return 1
      """);

  // KEYS i; ARGV prefix, now, lastSeen (b36), expiresAt (b36), expiresAt (millis)
  static final LuaScript TOUCH = new LuaScript("session touch", EXTEND_USER_INDEX + LOAD + """
      if not live then return 0 end
      local ttl = math.max(1, tonumber(ARGV[5]) - now)
      redis.call('SET', skey, ARGV[4] .. '|' .. ARGV[3] .. '|' .. pv .. '|' .. rest, 'PX', ttl)
      redis.call('PEXPIRE', KEYS[1], ttl)
      local ukey = prefix .. 'u:' .. user
      redis.call('ZADD', ukey, 'XX', ARGV[5], id)
      extend(ukey, ttl)
      return 1
      """);

  // KEYS i; ARGV prefix, now, expectedHash, newHash, privilegeVersion
  static final LuaScript ROTATE = new LuaScript("session rotate", LOAD + """
      if not live or hash ~= ARGV[3] then return 0 end
      local fresh = prefix .. 's:' .. ARGV[4]
      if redis.call('EXISTS', fresh) == 1 then return 0 end
      local ttl = tonumber(exp, 36) - now
      redis.call('SET', fresh, exp .. '|' .. seen .. '|' .. ARGV[5] .. '|' .. rest, 'PX', ttl)
      redis.call('DEL', skey)
      redis.call('SET', KEYS[1], ARGV[4], 'PX', ttl)
      return 1
      """);

  // KEYS i, u; ARGV prefix, now, userId. An expired session of the user is cleared but reports 0.
  static final LuaScript DELETE = new LuaScript("session delete", LOAD + """
      if user ~= ARGV[3] then return 0 end
      redis.call('DEL', skey, KEYS[1])
      redis.call('ZREM', KEYS[2], id)
      if live then return 1 end
      return 0
      """);

  // KEYS u; ARGV prefix, now, userId, exceptId ('' for none). Returns how many live ones went.
  static final LuaScript DELETE_BY_USER = new LuaScript("session delete-by-user", """
      local prefix, now, n = ARGV[1], tonumber(ARGV[2]), 0
      for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
        if id ~= ARGV[4] then
          local ikey = prefix .. 'i:' .. id
          local hash = redis.call('GET', ikey)
          local rec = hash and redis.call('GET', prefix .. 's:' .. hash)
          local exp, user = nil, nil
          if rec then exp, user = string.match(rec, '^([^|]*)|[^|]*|[^|]*|[^|]*|([^|]*)|') end
          if not rec or user == ARGV[3] then
            if rec then
              if tonumber(exp, 36) > now then n = n + 1 end
              redis.call('DEL', prefix .. 's:' .. hash)
            end
            if hash then redis.call('DEL', ikey) end
          end
          redis.call('ZREM', KEYS[1], id)
        end
      end
      return n
      """);

  // KEYS u; ARGV prefix, now. Read-only: hash, record pairs of the user's sessions not yet expired.
  static final LuaScript LIST = new LuaScript("session list", """
      local prefix, out = ARGV[1], {}
      for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[2], '+inf')) do
        local hash = redis.call('GET', prefix .. 'i:' .. id)
        local rec = hash and redis.call('GET', prefix .. 's:' .. hash)
        if rec then
          out[#out + 1] = hash
          out[#out + 1] = rec
        end
      end
      return out
      """);
}

