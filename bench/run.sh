#!/usr/bin/env bash
# Runs the JMH benchmarks (netc-compiler/src/test/java/netc/bench). Arguments go to JMH, e.g.:
#   bench/run.sh FrontEndBenchmark            # the front end at 1,000 / 10,000 / 100,000 layers
#   bench/run.sh FrontEndBenchmark -p layers=10000 -f 1
# Figures, machine and commands are recorded in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# the benchmarks are netc-compiler's test classes; -am builds netc-runtime with them, in one reactor,
# and the build writes their classpath to netc-compiler/target/bench.classpath
mvn -q -B -DskipTests -pl netc-compiler -am test-compile 1>&2
classes=netc-compiler/target
exec java -cp "$classes/test-classes:$classes/classes:$(cat $classes/bench.classpath)" org.openjdk.jmh.Main "$@"
