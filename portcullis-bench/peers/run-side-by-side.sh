#!/usr/bin/env bash
# Portcullis side by side with the two peer stacks of the shared peer harness, in one invocation of
# its run-all.sh, so that all figures come from the same machine state.
#
#   portcullis-bench/peers/run-side-by-side.sh            # RUNS=1 (default here), ~2 min per peer per run
#   RUNS=2 portcullis-bench/peers/run-side-by-side.sh     # alternating order, median table
#   PEERS_DIR=/path/to/peers PEERS="portcullis" portcullis-bench/peers/run-side-by-side.sh
#
# The peer harness (default: the folder `shared/peers` beside the repository, i.e. ../shared/peers
# from the repo root) is treated as read-only: it is copied, without results/, node_modules/ and
# target/, to a temporary work dir, portcullis.sh goes in as portcullis/bench.sh, and run-all.sh
# runs there. The peers' own scripts then run `npm ci` and `mvn package` in that copy (network for
# npm/Maven Central on the first run). The metric files and logs land in
# portcullis-bench/peers/results/<UTC stamp>/ (ignored by git except the TSVs that are committed
# on purpose), with run.log (all output) and table.md (the summarize.mjs table).
#
# Builds portcullis-server/target/portcullis.jar if missing (not if stale: delete it after changing
# the sources) and installs wrk with apt-get if it is missing. Everything listens on 127.0.0.1 only;
# the harness FLUSHALLs its own Redis on 127.0.0.1:6380 (never 6379). The work dir is removed on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/portcullis-bench/peers"
PEERS_SRC="${PEERS_DIR:-$ROOT/../shared/peers}"
PEERS_SRC="$(cd "$PEERS_SRC" && pwd)"
export RUNS="${RUNS:-1}"
export PEERS="${PEERS:-node-express spring-boot portcullis}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$HERE/results/$STAMP"

for f in common.sh run-all.sh summarize.mjs login.lua; do
  [ -f "$PEERS_SRC/$f" ] || { echo "run-side-by-side.sh: $PEERS_SRC/$f not found (set PEERS_DIR)" >&2; exit 1; }
done

WORK="$(mktemp -d /tmp/portcullis-peers.XXXXXX)"
# keep whatever results exist, however the run ends
cleanup() { [ -d "$OUT" ] && cp -p "$WORK"/results/* "$OUT"/ 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# wrk (the harness needs it; Debian package)
if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk" >&2
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
for t in redis-server redis-cli curl node java mvn; do
  command -v "$t" >/dev/null 2>&1 || { echo "run-side-by-side.sh: $t is missing (see the harness README)" >&2; exit 1; }
done

if [ ! -f "$ROOT/portcullis-server/target/portcullis.jar" ]; then
  echo "building portcullis-server/target/portcullis.jar" >&2
  (cd "$ROOT" && ./mvnw -q -B -DskipTests -pl portcullis-server -am package)
fi

# copy of the harness (read-only source: make the copy writable)
(cd "$PEERS_SRC" && tar --exclude='./results' --exclude='*/node_modules' --exclude='*/target' -cf - .) | tar -C "$WORK" -xf -
chmod -R u+w "$WORK"
mkdir -p "$WORK/portcullis" "$OUT"
cp "$HERE/portcullis.sh" "$WORK/portcullis/bench.sh"
chmod +x "$WORK/portcullis/bench.sh" "$WORK"/*/bench.sh "$WORK/run-all.sh"

echo "peers harness: $PEERS_SRC (copied to $WORK); PEERS=\"$PEERS\" RUNS=$RUNS; results: $OUT" >&2
# run-all.sh runs the benches (metric files and logs in $WORK/results) and prints the
# summarize.mjs table of this invocation's runs last
set +e
(cd "$WORK" && PORTCULLIS_REPO="$ROOT" ./run-all.sh) 2>&1 | tee "$OUT/run.log"
rc=${PIPESTATUS[0]}
set -e
cp -p "$WORK"/results/* "$OUT"/ 2>/dev/null || true
mapfile -t files < <(find "$OUT" -name '*.tsv' | sort)
if [ "${#files[@]}" -gt 0 ]; then
  node "$WORK/summarize.mjs" "${files[@]}" >"$OUT/table.md"
fi
grep -h 'contaminated\|WARNING' "$OUT/run.log" >&2 || true
echo "results: $OUT (exit $rc)" >&2
exit "$rc"
