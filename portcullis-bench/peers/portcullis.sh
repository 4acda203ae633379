#!/usr/bin/env bash
# Portcullis in the peer harness (the project's shared/peers folder, see its README.md): the same steps and the same
# metric file format as spring-boot/bench.sh and node-express/bench.sh, so summarize.mjs tables all three.
#
# This file lives in the Portcullis repo as portcullis-bench/peers/portcullis.sh and only runs once
# copied into a copy of the peers folder as portcullis/bench.sh (it sources ../common.sh);
# portcullis-bench/peers/run-side-by-side.sh does that. To run it by hand in such a copy:
#   PORTCULLIS_REPO=/path/to/portcullis ./portcullis/bench.sh
#
# Needs: java 17, node (login client of the memory step), redis-server, redis-cli, wrk, curl, and the
# server jar (PORTCULLIS_JAR, default $PORTCULLIS_REPO/portcullis-server/target/portcullis.jar; not
# built here). Uses 127.0.0.1:8083 and the bench's own Redis on 127.0.0.1:6380, which it FLUSHALLs
# (as the peers do: never point REDIS_PORT at shared data).
#
# Differences from the peers, all recorded in the metrics file:
# - Portcullis has no seed route, so the Redis bytes per session come from MEM_LOGINS real logins
#   (default 2000, MEM_LOGIN_CONCURRENCY 4 in flight) of the same user, not 10,000 seeded sessions.
#   Each real session writes 2 things: pcl:s:<token hash> (the record) and one field in the per-user
#   HASH pcl:u:<user id> (session id -> token hash and expiry); the per-session figure includes both.
# - The login hashes with Argon2id (m=19456 KiB, t=2, p=1; Bouncy Castle) on a pool as big as the
#   number of cores, where the peers use scrypt N=16384, r=8, p=1 (16 MiB).
# - Logins are throttled per account and per IP, and an attempt counts from before its hash until it
#   succeeds, so at most --login-limit-account logins of one account are in flight at once. The
#   login steps log one user in over many connections, so the limits are raised here (a peer has
#   none); failed logins, which this never sends, would still be limited.
source "$(cd "$(dirname "$0")/.." && pwd)/common.sh"
PORT="${PORT:-8083}"
BASE="http://127.0.0.1:$PORT"
PORTCULLIS_REPO="${PORTCULLIS_REPO:-}"
PORTCULLIS_JAR="${PORTCULLIS_JAR:-${PORTCULLIS_REPO:+$PORTCULLIS_REPO/portcullis-server/target/portcullis.jar}}"
# the launcher's defaults (./portcullis serve); JAVA_OPTS, when set (even empty), replaces them
JAVA_OPTS="${JAVA_OPTS--Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m}"
MEM_LOGINS="${MEM_LOGINS:-2000}"
MEM_LOGIN_CONCURRENCY="${MEM_LOGIN_CONCURRENCY:-4}"
PCL_EMAIL="${PCL_EMAIL:-alice@example.com}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
PREFIX="$RESULTS_DIR/portcullis-$STAMP"
TSV="$PREFIX.tsv"

[ -n "$PORTCULLIS_JAR" ] && [ -f "$PORTCULLIS_JAR" ] || {
  log "no server jar: set PORTCULLIS_REPO (or PORTCULLIS_JAR) and build it with"
  log "  ./mvnw -q -B -DskipTests -pl portcullis-server -am package"
  exit 1
}
DATA="$(mktemp -d /tmp/portcullis-peer-bench.XXXXXX)"
trap 'cleanup; rm -rf "$DATA"' EXIT

: >"$TSV"
commit=unknown; dirty=unknown
if [ -n "$PORTCULLIS_REPO" ] && git -C "$PORTCULLIS_REPO" rev-parse --git-dir >/dev/null 2>&1; then
  commit="$(git -C "$PORTCULLIS_REPO" rev-parse --short=12 HEAD)"
  dirty="$(git -C "$PORTCULLIS_REPO" status --porcelain --untracked-files=no | wc -l | tr -d ' ')"
fi
printf 'peer\tportcullis\nstamp\t%s\njava\t%s\nhash\t%s\njava_opts\t%s\nportcullis\t%s\nportcullis_commit\t%s\nportcullis_modified_files\t%s\njar_built\t%s\nmem_logins\t%s\nmem_login_concurrency\t%s\n' \
  "$STAMP" "$(java -version 2>&1 | head -1 | tr -d '"')" "argon2id m=19456 t=2 p=1" "$JAVA_OPTS" \
  "$(java -jar "$PORTCULLIS_JAR" --version 2>/dev/null | head -1 | awk '{print $2}')" "$commit" "$dirty" \
  "$(date -u -r "$PORTCULLIS_JAR" +%Y-%m-%dT%H:%M:%SZ)" "$MEM_LOGINS" "$MEM_LOGIN_CONCURRENCY" >>"$TSV"
# library versions from the fat jar's Maven metadata
unzip -Z1 "$PORTCULLIS_JAR" 2>/dev/null | sed -n \
  -e 's#^META-INF/maven/[^/]*/\(javalin\|lettuce-core\|bcprov-jdk18on\|jetty-server\|h2\)/pom.properties$#\1#p' | sort -u |
  while read -r a; do
    v=$(unzip -p "$PORTCULLIS_JAR" "$(unzip -Z1 "$PORTCULLIS_JAR" | grep -m1 "/$a/pom.properties$")" | awk -F= '$1=="version"{print $2}' | tr -d '\r')
    printf '%s\t%s\n' "$a" "$v"
  done >>"$TSV" || true

record_settings
ensure_redis
redis_cli flushall >/dev/null

ADMIN_TOKEN="peer-bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
log "starting portcullis on $BASE (data $DATA, redis 127.0.0.1:$REDIS_PORT)"
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$PORTCULLIS_JAR" serve --port "$PORT" --host 127.0.0.1 --dev --data "$DATA/data" \
  --redis-url "redis://127.0.0.1:$REDIS_PORT" --admin-token "$ADMIN_TOKEN" \
  --login-limit-account 100000 --login-limit-ip 100000 >"$PREFIX-app.log" 2>&1 &
APP_PID=$!
wait_for_http "$BASE/readyz" 120

LOGIN_JSON=$(node -e 'console.log(JSON.stringify({email:process.argv[1],password:process.env.PEER_PASSWORD}))' "$PCL_EMAIL")
code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' -d "$LOGIN_JSON" "$BASE/v1/register")
[ "$code" = 201 ] || { log "register failed: HTTP $code"; exit 1; }
JARFILE="$(mktemp)"
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$JARFILE" -H 'Content-Type: application/json' -d "$LOGIN_JSON" "$BASE/v1/session/login")
[ "$code" = 200 ] || { log "login failed: HTTP $code"; rm -f "$JARFILE"; exit 1; }
COOKIE=$(awk '$6 ~ /portcullis/ {print $6"="$7; exit}' "$JARFILE"); rm -f "$JARFILE"
[ -n "$COOKIE" ] || { log "no session cookie in the login answer"; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE/v1/me")" = 200 ] || { log "GET /v1/me with cookie failed"; exit 1; }
# a bearer access token (RS256 JWT, the default algorithm) from the password grant of a mobile client that opts in to it
CLIENT_JSON=$(curl -s -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d '{"type":"mobile","name":"peer-bench","grant_types":["password","refresh_token"]}' "$BASE/v1/admin/clients")
CLIENT_ID=$(node -e 'const j=JSON.parse(process.argv[1]); if(!j.client_id) process.exit(1); console.log(j.client_id)' "$CLIENT_JSON") \
  || { log "creating the mobile client failed"; exit 1; }
TOKEN=$(PCL_EMAIL="$PCL_EMAIL" CLIENT_ID="$CLIENT_ID" node --input-type=module -e '
const body = new URLSearchParams({ grant_type: "password", username: process.env.PCL_EMAIL,
  password: process.env.PEER_PASSWORD, client_id: process.env.CLIENT_ID });
const r = await fetch(process.argv[1] + "/v1/token", { method: "POST", body });
const j = await r.json(); if (r.status !== 200 || !j.access_token) process.exit(1); console.log(j.access_token);
' "$BASE") || { log "password grant failed"; exit 1; }
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/v1/me")" = 200 ] || { log "GET /v1/me with token failed"; exit 1; }
log "registered and logged in; cookie ${COOKIE%%=*} and a bearer access token obtained"

WRK_ARGS=(-t"$WRK_THREADS" -c"$WRK_CONNS" --latency)
echo "== portcullis ($STAMP, commit $commit) =="

# GET /v1/me with the session cookie (session lookup in Redis; last-seen written at most once a minute)
wrk "${WRK_ARGS[@]}" -d"$WARMUP_DURATION" -H "Cookie: $COOKIE" "$BASE/v1/me" >/dev/null 2>&1
run_wrk "session_me" "$PREFIX-me.log" "${WRK_ARGS[@]}" -d"$WRK_DURATION" -H "Cookie: $COOKIE" "$BASE/v1/me"

# GET /v1/me with the bearer access token (signature checked once then cached; expiry, deny list
# in Redis, token version and the account's roles on every request), as peer 1's jose ES256 step
wrk "${WRK_ARGS[@]}" -d"$WARMUP_DURATION" -H "Authorization: Bearer $TOKEN" "$BASE/v1/me" >/dev/null 2>&1
run_wrk "jwt_api_me" "$PREFIX-apime.log" "${WRK_ARGS[@]}" -d"$WRK_DURATION" -H "Authorization: Bearer $TOKEN" "$BASE/v1/me"

# POST /v1/session/login rate (Argon2id + session create script in Redis)
export LOGIN_BODY="$LOGIN_JSON" LOGIN_CONTENT_TYPE="application/json"
LOGIN_ARGS=(-t"$WRK_THREADS" -c"$LOGIN_CONNS" --latency --timeout 10s -s "$PEERS_DIR/login.lua")
wrk "${LOGIN_ARGS[@]}" -d"$WARMUP_DURATION" "$BASE/v1/session/login" >/dev/null 2>&1
run_wrk "login" "$PREFIX-login.log" "${LOGIN_ARGS[@]}" -d"$LOGIN_DURATION" "$BASE/v1/session/login"
# same, with only a few logins in flight
run_wrk "login_lowc" "$PREFIX-login-lowc.log" -t"$WRK_THREADS" -c"$LOGIN_CONNS_LOW" --latency --timeout 10s \
  -s "$PEERS_DIR/login.lua" -d"$LOGIN_DURATION" "$BASE/v1/session/login"

# Redis: the keys of one real login
redis_cli flushall >/dev/null
curl -s -o /dev/null -H 'Content-Type: application/json' -d "$LOGIN_JSON" "$BASE/v1/session/login"
first_key() { redis_cli --scan --pattern "$1" | head -1 || true; }
S_KEY=$(first_key 'pcl:s:*'); U_KEY=$(first_key 'pcl:u:*')
{
  printf 'real_login_key.memory_usage\t%s\n' "$(redis_cli memory usage "$S_KEY")"
  printf 'real_login_key.type\t%s\n' "$(redis_cli type "$S_KEY")"
  if [ "$(redis_cli type "$S_KEY")" = string ]; then printf 'real_login_key.value_bytes\t%s\n' "$(redis_cli strlen "$S_KEY")"; fi
  printf 'real_login_user_index.memory_usage\t%s\nreal_login_user_index.type\t%s\n' "$(redis_cli memory usage "$U_KEY")" "$(redis_cli type "$U_KEY")"
  printf 'real_login.keys\t%s\n' "$(redis_cli dbsize)"
} >>"$TSV"

# Redis bytes per session from real logins (no seed route): FLUSHALL, used_memory, N logins, used_memory
redis_cli flushall >/dev/null
sleep 1
before=$(redis_cli info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
node --input-type=module -e '
import http from "node:http";
const [url, n, c] = process.argv.slice(1); const N = Number(n), C = Number(c);
const body = process.env.LOGIN_BODY; const u = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: C });
const codes = {}; let next = 0; const t0 = Date.now();
const post = () => new Promise((resolve, reject) => {
  const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: "POST", agent,
    headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } },
    (res) => { res.resume(); res.on("end", () => resolve(res.statusCode)); });
  req.setTimeout(30000, () => req.destroy(new Error("timeout"))); req.on("error", reject); req.end(body); });
async function worker() { while (next < N) { next++; const s = await post(); codes[s] = (codes[s] || 0) + 1; } }
await Promise.all(Array.from({ length: C }, worker)); agent.destroy();
console.error(`${N} real logins in ${((Date.now() - t0) / 1000).toFixed(1)} s; status codes ${JSON.stringify(codes)}`);
process.exit(Object.keys(codes).every((k) => k >= 200 && k < 300) ? 0 : 1);
' "$BASE/v1/session/login" "$MEM_LOGINS" "$MEM_LOGIN_CONCURRENCY"
sleep 1
after=$(redis_cli info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
keys=$(redis_cli dbsize | tr -d '\r')
per=$(awk -v a="$after" -v b="$before" -v n="$MEM_LOGINS" 'BEGIN{printf "%.1f", (a-b)/n}')
S_KEY=$(first_key 'pcl:s:*'); U_KEY=$(first_key 'pcl:u:*')
usage=$(redis_cli memory usage "$S_KEY" | tr -d '\r')
uidx=$(redis_cli memory usage "$U_KEY" | tr -d '\r')
printf '%-12s %10s bytes/session (used_memory %s -> %s over %s real logins, %s keys in redis; MEMORY USAGE of one pcl:s: key %s, of the user index %s)\n' \
  "redis_memory" "$per" "$before" "$after" "$MEM_LOGINS" "$keys" "$usage" "$uidx"
{
  printf 'redis_memory.bytes_per_session\t%s\n' "$per"
  printf 'redis_memory.sessions\t%s\n' "$MEM_LOGINS"
  printf 'redis_memory.used_memory_before\t%s\n' "$before"
  printf 'redis_memory.used_memory_after\t%s\n' "$after"
  printf 'redis_memory.keys\t%s\n' "$keys"
  printf 'redis_memory.memory_usage_one_key\t%s\n' "$usage"
  printf 'redis_memory.memory_usage_user_index\t%s\n' "$uidx"
} >>"$TSV"

printf 'app_rss_kb_end\t%s\n' "$(rss_kb "$APP_PID")" >>"$TSV"
echo "app RSS at end: $(rss_kb "$APP_PID") KiB; one real login: pcl:s: key $(grep '^real_login_key.memory_usage' "$TSV" | cut -f2) B, pcl:u: index $(grep '^real_login_user_index.memory_usage' "$TSV" | cut -f2) B (MEMORY USAGE)"
stop_app
redis_cli flushall >/dev/null
echo "metrics: $TSV"
