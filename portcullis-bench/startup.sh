#!/usr/bin/env bash
# Warm start to /readyz and resident memory, for a set of JVM options, in one run.
#
#   portcullis-bench/startup.sh                         # the launcher's defaults vs none
#   VARIANTS="|-Xmx256m|-Xmx256m -XX:+UseSerialGC" portcullis-bench/startup.sh
#
# For each variant ('|'-separated JAVA_OPTS; the first, empty, is the JVM's own defaults): one cold
# start on a fresh --data directory (creates the database and keys), then STARTS warm starts on it,
# each timed from the launch to the first 200 of /readyz (curl every 20 ms); then, on the last
# one, LOAD_SECONDS of wrk -c64 GET /v1/me with a session cookie and the server's RSS after it.
# Embedded store only, 127.0.0.1, a free port. Needs wrk and curl. Stops by itself.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/portcullis-server/target/portcullis.jar"
DEFAULTS="$(sed -n 's/^DEFAULT_JAVA_OPTS="\(.*\)"$/\1/p' "$ROOT/portcullis")"
VARIANTS="${VARIANTS:-|$DEFAULTS}"
STARTS="${STARTS:-3}"
LOAD_SECONDS="${LOAD_SECONDS:-15}"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -q -B -DskipTests -pl portcullis-server -am package)
WORK="$(mktemp -d /tmp/portcullis-startup.XXXXXX)"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
start() { # opts data port -> sets PID and MS (launch to /readyz)
  local t0; t0=$(now_ms)
  # shellcheck disable=SC2086
  java $1 -jar "$JAR" serve --host 127.0.0.1 --port "$3" --dev --data "$2" --admin-token startup-admin-token-0123 \
    --login-limit-account 100000 --login-limit-ip 100000 >>"$WORK/server.log" 2>&1 &
  PID=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$3/readyz"; do
    kill -0 "$PID" 2>/dev/null || { echo "server exited; log: $WORK/server.log" >&2; tail -5 "$WORK/server.log" >&2; exit 1; }
    sleep 0.02
  done
  MS=$(( $(now_ms) - t0 ))
}
stop() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
IFS='|' read -r -a opts <<<"$VARIANTS"
for o in "${opts[@]}"; do
  data="$WORK/data-$RANDOM"; p=$(port)
  start "$o" "$data" "$p"; cold=$MS; stop
  warm=()
  for i in $(seq 1 "$STARTS"); do
    start "$o" "$data" "$p"; warm+=("$MS")
    if [ "$i" -lt "$STARTS" ]; then stop; fi
  done
  base="http://127.0.0.1:$p"
  body='{"email":"rss@example.com","password":"correct horse battery staple"}'
  curl -s -o /dev/null -H 'Content-Type: application/json' -d "$body" "$base/v1/register"
  cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' -d "$body" "$base/v1/session/login" |
    awk -F'[:;] *' 'tolower($1)=="set-cookie" && $2 ~ /^portcullis_session=/ {print $2; exit}')
  rate=$(wrk -t2 -c64 -d"${LOAD_SECONDS}s" -H "Cookie: $cookie" "$base/v1/me" | awk '/Requests\/sec/{print $2}')
  rss=$(( $(ps -o rss= -p "$PID") / 1024 ))
  stop
  printf 'JAVA_OPTS=%-60s cold %5s ms; warm %s ms; GET /v1/me %s req/s; RSS after load %s MiB\n' \
    "\"${o}\"" "$cold" "${warm[*]}" "$rate" "$rss"
done
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
