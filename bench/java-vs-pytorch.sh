#!/usr/bin/env bash
# Latency of generated Java (netc java) against PyTorch's eager CPU forward pass, same machine, same
# thread count: resnet18 and mobilenet_v2 at 224x224 (random weights with torchvision's state_dict keys)
# and the seed model (samples/simple.net), batch 1 and batch 8, median of RUNS runs after warm-up.
#   bench/java-vs-pytorch.sh [THREADS] [RUNS]      (defaults: 2 threads, 20 runs)
# Needs python3 with torch and torchvision (Debian: apt-get install python3-torch python3-torchvision).
# Figures, machine and commands are recorded in docs/benchmarks.md ("Java backend").
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
runs="${2:-20}"
python="${PYTHON:-/usr/bin/python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# the benchmarks are netc-compiler's test classes; -am builds netc-runtime with them, in one reactor,
# and the build writes their classpath to netc-compiler/target/bench.classpath
mvn -q -B -DskipTests -pl netc-compiler -am test-compile 1>&2
classes=netc-compiler/target
resnet18=samples/resnet18.net

OMP_NUM_THREADS="$threads" "$python" bench/java_vs_pytorch.py "$work" "$threads" "$runs" > "$work/pytorch.txt"
java_bench() {
    java --add-modules jdk.incubator.vector -Dnetc.threads="$threads" -cp "$classes/test-classes:$classes/classes:$(cat $classes/bench.classpath)" \
        netc.bench.GeneratedModelBenchmark "$@"
}
{
    java_bench resnet18 "$resnet18" "$work/resnet18.safetensors" "$runs"
    java_bench mobilenet_v2 samples/mobilenet_v2.net "$work/mobilenet_v2.safetensors" "$runs"
    java_bench seed samples/simple.net "$work/seed.safetensors" "$runs"
} > "$work/java.txt"

echo "threads: $threads, runs: $runs, nproc: $(nproc), cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
printf '%-12s %6s %12s %12s %8s\n' model batch "java ms" "pytorch ms" "ratio"
join <(awk '{print $1"/"$2, $3}' "$work/java.txt" | sort) <(awk '{print $1"/"$2, $3}' "$work/pytorch.txt" | sort) |
    awk '{split($1, k, "/"); printf "%-12s %6s %12.2f %12.2f %7.2fx\n", k[1], k[2], $2, $3, $2 / $3}'
