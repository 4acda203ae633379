#!/usr/bin/env bash
# Runs the JMH benchmarks with bounded settings (1 fork, 3 x 2 s warm-up, 5 x 3 s measurement):
# the whole default set takes about 3-4 minutes on 2 cores.
#
#   portcullis-bench/run.sh                                    # every benchmark
#   portcullis-bench/run.sh SessionValidationBenchmark.validate
#   portcullis-bench/run.sh PasswordHashBenchmark -rf json -rff /tmp/hash.json   # extra JMH options
#   JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java portcullis-bench/run.sh SessionValidationBenchmark
#
# The first argument is a JMH regular expression matched against benchmark names; the rest is
# passed to JMH unchanged. The jar is (re)built when missing or older than the sources.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=portcullis-bench/target/benchmarks.jar
JAVA=${JAVA:-java}
PATTERN=${1:-dev.portcullis.bench}
[ $# -gt 0 ] && shift

stale=""
if [ -f "$JAR" ]; then
  stale=$(find pom.xml portcullis-bench/pom.xml portcullis-bench/src \
    portcullis-core/pom.xml portcullis-core/src/main \
    portcullis-store-jdbc/pom.xml portcullis-store-jdbc/src/main \
    portcullis-client/pom.xml portcullis-client/src/main \
    -newer "$JAR" -type f -print -quit)
fi
if [ ! -f "$JAR" ] || [ -n "$stale" ]; then
  echo "building $JAR" >&2
  ./mvnw -q -B -pl portcullis-bench -am package -DskipTests
fi

exec "$JAVA" -jar "$JAR" "$PATTERN" -f 1 -wi 3 -w 2s -i 5 -r 3s "$@"
