#!/usr/bin/env bash
# The language server's rows of the speed issue, in one run of the server's own code in-process
# (lsp4j's JSON-RPC framing over piped streams, as an editor's messages arrive):
# - didChange -> publishDiagnostics latency, median and p90, on generated files of 2,000 and 20,000 lines
#   (a number changed at the end; then, for the largest, halfway down, and a line break added halfway down);
# - message intake: MB/s of large didChange messages through the server's reader and JSON parsing.
#   bench/lsp.sh [LINES...]     (default: 2000 20000)
# Figures, machine and command are recorded in docs/benchmarks.md ("Language server").
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(2000 20000)
# the benchmarks are netc-lsp's test classes; the build writes their classpath to netc-lsp/target/bench.classpath
mvn -q -B -DskipTests -pl netc-lsp -am test-compile 1>&2
classpath="netc-lsp/target/test-classes:netc-lsp/target/classes:$(cat netc-lsp/target/bench.classpath)"
for lines in "${sizes[@]}"; do
    java -cp "$classpath" netc.lsp.DiagnosticsLatencyBench "$lines"
done
# the largest file again, edited halfway down, then with a line break added there (what follows moves down)
largest="${sizes[${#sizes[@]}-1]}"
java -cp "$classpath" netc.lsp.DiagnosticsLatencyBench "$largest" middle
java -cp "$classpath" netc.lsp.DiagnosticsLatencyBench "$largest" line
java -cp "$classpath" netc.lsp.MessageIntakeBench 20 10
