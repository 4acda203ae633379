#!/usr/bin/env bash
# End-to-end HTTP load: starts a throwaway server on a free 127.0.0.1 port, runs HttpLoad against it
# (5 s warm-up, then 20 s counted), prints HttpLoad's summary line, and stops the server.
#
#   portcullis-bench/http-load.sh refresh                  # embedded store (fresh temp --data)
#   portcullis-bench/http-load.sh client-credentials
#   portcullis-bench/http-load.sh session redis            # + --redis-url redis://127.0.0.1:6379
#   portcullis-bench/http-load.sh refresh postgres         # fresh database pcl_bench_<random>
#   portcullis-bench/http-load.sh check-session postgres-redis   # both: the multi-instance set-up
#   THREADS=4 LOAD_SECONDS=30 WARMUP=5 portcullis-bench/http-load.sh session
#   SERVER_ARGS="--signing-alg ES256" portcullis-bench/http-load.sh refresh
#
# store: embedded (default), redis (embedded store + Redis on 127.0.0.1:6379 under a unique
# --redis-prefix, whose keys are deleted at the end), postgres (a new database on
# 127.0.0.1:5432 as user postgres, dropped WITH (FORCE) at the end) or postgres-redis (both, the
# set-up of several instances). Everything the script creates
# is removed on exit, however it exits. The jars are built when missing (not when stale: delete
# them, or run run.sh / the mvnw line below, after changing the sources). JAVA selects the JVM of
# both the server and the driver.
set -euo pipefail

cd "$(dirname "$0")/.."
SCENARIO=${1:?usage: http-load.sh refresh|client-credentials|session|bare|check-session|check-jwt|check-api-key [embedded|redis|postgres|postgres-redis]}
STORE=${2:-embedded}
JAVA=${JAVA:-java}
THREADS=${THREADS:-8}
LOAD_SECONDS=${LOAD_SECONDS:-20}
WARMUP=${WARMUP:-5}
SERVER_JAR=portcullis-server/target/portcullis.jar
BENCH_JAR=portcullis-bench/target/benchmarks.jar
REDIS_URL=redis://127.0.0.1:6379
PG="psql -h 127.0.0.1 -p 5432 -U postgres -X -q -v ON_ERROR_STOP=1"

case "$SCENARIO" in refresh|client-credentials|session|bare|check-session|check-jwt|check-api-key) ;; *)
  echo "http-load.sh: scenario must be refresh, client-credentials, session, bare, check-session, check-jwt or check-api-key" >&2; exit 2 ;;
esac
case "$STORE" in embedded|redis|postgres|postgres-redis) ;; *)
  echo "http-load.sh: store must be embedded, redis, postgres or postgres-redis" >&2; exit 2 ;;
esac

if [ ! -f "$SERVER_JAR" ]; then
  echo "building $SERVER_JAR" >&2
  ./mvnw -q -B -DskipTests -pl portcullis-server -am package
fi
if [ ! -f "$BENCH_JAR" ]; then
  echo "building $BENCH_JAR" >&2
  ./mvnw -q -B -pl portcullis-bench -am package -DskipTests
fi

rand=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
ADMIN_TOKEN="bench-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
DATA=$(mktemp -d /tmp/portcullis-http-load.XXXXXX)
LOG="$DATA.log"
SERVER_PID=""
REDIS_PREFIX=""
PG_DB=""

cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$REDIS_PREFIX" ]; then
    redis-cli -u "$REDIS_URL" --scan --pattern "${REDIS_PREFIX}*" \
      | xargs -r -n 500 redis-cli -u "$REDIS_URL" UNLINK > /dev/null || true
    left=$(redis-cli -u "$REDIS_URL" --scan --pattern "${REDIS_PREFIX}*" | wc -l)
    echo "redis: deleted the keys under ${REDIS_PREFIX} (${left} left)" >&2
  fi
  if [ -n "$PG_DB" ]; then
    $PG -d postgres -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" && echo "postgres: dropped $PG_DB" >&2
  fi
  if [ "$rc" -ne 0 ] && [ -f "$LOG" ]; then
    echo "--- last lines of the server log ($LOG) ---" >&2
    tail -n 30 "$LOG" >&2
  fi
  rm -rf "$DATA" "$LOG"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

store_args=()
case "$STORE" in
  redis|postgres-redis)
    redis-cli -u "$REDIS_URL" ping > /dev/null
    REDIS_PREFIX="pclbench:$rand:"
    store_args+=(--redis-url "$REDIS_URL" --redis-prefix "$REDIS_PREFIX") ;;
esac
case "$STORE" in
  postgres|postgres-redis)
    PG_DB="pcl_bench_$rand"
    $PG -d postgres -c "CREATE DATABASE $PG_DB"
    store_args+=(--postgres-url "jdbc:postgresql://127.0.0.1:5432/$PG_DB?user=postgres")
    # a server on PostgreSQL refuses to keep private keys in clear: a throwaway key for a throwaway database
    PORTCULLIS_KEY_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)
    export PORTCULLIS_KEY_ENCRYPTION_KEY ;;
esac

# a free port: bind port 0 and let go of it (the server binds it again at once)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
URL="http://127.0.0.1:$PORT"

# HttpLoad registers one user per thread, all from 127.0.0.1: more than the default registration limit
# shellcheck disable=SC2086 # SERVER_ARGS is a list of flags
"$JAVA" -jar "$SERVER_JAR" serve --host 127.0.0.1 --port "$PORT" --data "$DATA/data" --dev \
  --admin-token "$ADMIN_TOKEN" --register-limit-ip 1000 "${store_args[@]}" ${SERVER_ARGS:-} > "$LOG" 2>&1 &
SERVER_PID=$!

ready=""
for _ in $(seq 1 120); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "http-load.sh: the server exited during start" >&2; exit 1
  fi
  if curl -fsS -o /dev/null --max-time 2 "$URL/readyz" 2>/dev/null; then ready=1; break; fi
  sleep 0.5
done
[ -n "$ready" ] || { echo "http-load.sh: $URL/readyz did not answer 200 within 60 s" >&2; exit 1; }

echo "server ready on $URL (store $STORE${SERVER_ARGS:+, $SERVER_ARGS}); load: $SCENARIO, $THREADS threads, ${WARMUP} s warm-up + ${LOAD_SECONDS} s" >&2
"$JAVA" -cp "$BENCH_JAR" dev.portcullis.bench.HttpLoad "$SCENARIO" --url "$URL" \
  --admin-token "$ADMIN_TOKEN" --threads "$THREADS" --seconds "$LOAD_SECONDS" --warmup "$WARMUP" \
  --label "store=$STORE${SERVER_ARGS:+ server-args=\"$SERVER_ARGS\"}"
