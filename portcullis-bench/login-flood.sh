#!/usr/bin/env bash
# Login rate, and session validation latency while logins flood the server, in one run.
#
#   portcullis-bench/login-flood.sh                     # native Argon2id (the default engine)
#   ENGINE=java portcullis-bench/login-flood.sh         # Bouncy Castle, for the same run's comparison
#   LOW_PRIORITY=false portcullis-bench/login-flood.sh  # hashing threads at normal OS priority
#   JAVA_OPTS="-Xmx256m" LOGIN_CONNS=16 SECONDS_=20 portcullis-bench/login-flood.sh
#
# Starts a throwaway server on a free 127.0.0.1 port (embedded store, sessions in Redis on
# 127.0.0.1:6379 under a random prefix it deletes at the end), registers one user, then:
#   1. GET /v1/me with the session cookie alone (wrk -t1 -c4), the quiet baseline;
#   2. wrk -c$LOGIN_CONNS fresh logins (login throttle raised, as in the peer harness) and, during
#      it, the same GET /v1/me load: its p99 is validation latency under a login flood.
# Prints the wrk summaries and one line per step. Needs wrk and redis-cli. Stops by itself.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/portcullis-server/target/portcullis.jar"
ENGINE="${ENGINE:-auto}"
LOGIN_CONNS="${LOGIN_CONNS:-16}"
SECS="${SECONDS_:-20}"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -B -DskipTests -pl portcullis-server -am package)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
PREFIX="pclflood$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n'):"
DATA="$(mktemp -d /tmp/portcullis-flood.XXXXXX)"
ADMIN="flood-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# shellcheck disable=SC2086
java ${JAVA_OPTS:-} -Dportcullis.argon2="$ENGINE" -Dportcullis.hashing.lowPriority="${LOW_PRIORITY:-true}" -jar "$JAR" serve --host 127.0.0.1 --port "$PORT" --dev --data "$DATA" \
  --redis-url redis://127.0.0.1:6379 --redis-prefix "$PREFIX" --admin-token "$ADMIN" \
  --login-limit-account 1000000 --login-limit-ip 1000000 >"$DATA/server.log" 2>&1 &
PID=$!
cleanup() {
  kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null || true
  redis-cli --scan --pattern "$PREFIX*" | xargs -r -n 500 redis-cli del >/dev/null
  rm -rf "$DATA"
}
trap cleanup EXIT
for _ in $(seq 1 120); do curl -sf "$BASE/readyz" >/dev/null && break; sleep 0.5; done
BODY='{"email":"flood@example.com","password":"correct horse battery staple"}'
curl -sf -o /dev/null -H 'Content-Type: application/json' -d "$BODY" "$BASE/v1/register"
COOKIE=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -d "$BODY" "$BASE/v1/session/login" |
  awk -F'[:;] *' 'tolower($1)=="set-cookie" && $2 ~ /^portcullis_session=/ {print $2; exit}')
[ -n "$COOKIE" ] || { echo "no session cookie" >&2; exit 1; }
LUA="$DATA/login.lua"
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' "'$BODY'" >"$LUA"
engine=$(grep -o 'Argon2id: [a-z]* engine' "$DATA/server.log" | head -1)
echo "== $engine, hashing at low priority: ${LOW_PRIORITY:-true}; load before: $(cut -d' ' -f1-3 /proc/loadavg); JAVA_OPTS=${JAVA_OPTS:-}"
line() { awk -v s="$1" '/Requests\/sec/{r=$2} /^ +99%/{p=$2} /^ +50%/{m=$2} END{printf "%-22s %8s req/s  p50 %-9s p99 %s\n", s, r, m, p}' "$2"; }
wrk -t1 -c4 -d"${SECS}s" --latency -H "Cookie: $COOKIE" "$BASE/v1/me" >"$DATA/quiet.txt"
line "me (quiet)" "$DATA/quiet.txt"
wrk -t1 -c4 -d5s "$BASE/v1/session/login" -s "$LUA" >/dev/null # warm-up of the login path
wrk -t1 -c"$LOGIN_CONNS" -d"$((SECS + 4))s" --latency --timeout 10s -s "$LUA" "$BASE/v1/session/login" >"$DATA/login.txt" &
W=$!
sleep 2
wrk -t1 -c4 -d"${SECS}s" --latency -H "Cookie: $COOKIE" "$BASE/v1/me" >"$DATA/flood.txt"
wait "$W"
line "login (c$LOGIN_CONNS)" "$DATA/login.txt"
line "me during the flood" "$DATA/flood.txt"
grep -h "Non-2xx\|Socket errors" "$DATA"/*.txt || true
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg); server RSS $(ps -o rss= -p "$PID") KiB"
