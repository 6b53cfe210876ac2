#!/usr/bin/env bash
# netc graph's speed: resnet50 (bench/models/resnet50.net) and generated models of 1,000 and 10,000
# layer calls, a chain of layers and a chain of residual blocks (four layers and a sum each). Prints,
# for each, the best and the median wall time of RUNS runs including the JVM's start (the ./netc
# launcher, as a user runs it), the CPU time (user + system, all threads) of the best run, peak memory,
# the SVG's size and its picture's width x height. The rules: resnet50 under 1 s, 10,000 layers under 10 s.
# Usage: bench/graph.sh [RUNS]   (default 5). Figures, machine and command are recorded in docs/benchmarks.md.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/netc" --version >/dev/null   # builds the jar and its class-data archive first, outside the measurements

# A chain of $1 layer calls: linear then relu, $1 / 2 times.
chain() { { printf 'model Chain {\n    input x: [16]\n'; yes '    linear(16, 16) -> relu' | head -n $(($1 / 2)); printf '}\n'; } > "$2"; }
# $1 / 4 residual blocks of four layer calls each, in a repeat.
residual() {
    printf 'block Res(c) {\n    input x\n    y = x -> fc1: linear(c, c) -> relu -> fc2: linear(c, c)\n    (y + x) -> relu\n}\n' > "$2"
    printf 'model Residual {\n    input x: [16]\n    repeat %d {\n        Res(16)\n    }\n}\n' $(($1 / 4)) >> "$2"
}
cp "$here/bench/models/resnet50.net" "$work/resnet50.net"
chain 1000 "$work/chain-1000.net" || :   # yes ends on SIGPIPE
chain 10000 "$work/chain-10000.net" || :
residual 1000 "$work/residual-1000.net"
residual 10000 "$work/residual-10000.net"

printf '%-20s %8s %8s %8s %10s %10s %s\n' model best median 'cpu s' 'peak KB' 'svg bytes' 'width x height'
for model in resnet50 chain-1000 residual-1000 chain-10000 residual-10000; do
    times=()
    best=""
    for _ in $(seq "$runs"); do
        /usr/bin/time -o "$work/time" -f '%e %U %S %M' "$here/netc" graph "$work/$model.net" -o "$work/$model.svg" >/dev/null
        read -r seconds user system peak < "$work/time"
        times+=("$seconds")
        if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best="$seconds"; cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }'); kb="$peak"
        fi
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    size=$(sed -n 's/^<svg [^>]*width="\([0-9]*\)" height="\([0-9]*\)".*/\1 x \2/p' "$work/$model.svg")
    printf '%-20s %8s %8s %8s %10s %10s %s\n' "$model" "$best" "$median" "$cpu" "$kb" "$(stat -c %s "$work/$model.svg")" "$size"
done
