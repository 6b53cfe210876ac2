#!/usr/bin/env bash
# Runs the JMH benchmarks (src/test/java/netc/bench). Arguments go to JMH, e.g.:
#   bench/run.sh FrontEndBenchmark            # the front end at 1,000 / 10,000 / 100,000 layers
#   bench/run.sh FrontEndBenchmark -p layers=10000 -f 1
# Figures, machine and commands are recorded in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath 1>&2
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main "$@"
