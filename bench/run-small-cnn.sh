#!/usr/bin/env bash
# netc run end to end on a small CNN (samples/lenet5.net with its oracle's weights and input, batch 2),
# as a user runs it (the ./netc launcher, JVM start included): compiling the generated class on every
# run (NETC_CACHE=off) and loading it from netc's class cache (the first run fills it), beside PyTorch
# running the same model from a Python script (Debian's python3-torch, interpreter start and import of
# torch included). Prints the best and median wall time and the best run's CPU time of RUNS runs each.
# Usage: bench/run-small-cnn.sh [RUNS]   (default 5). Figures, machine and command are in docs/benchmarks.md.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
oracle="$here/netc-runtime/src/test/resources/oracle/lenet5"
"$here/netc" --version >/dev/null   # builds the jar and its class-data archive first, outside the measurements

cat > "$work/lenet5.py" <<EOF
import json, struct, sys
import torch
sys.path.insert(0, "$here/tools")
from oracle_models import ORACLES


def read(path):
    """A safetensors file's float32 tensors, read as the format says (no safetensors package needed)."""
    with open(path, "rb") as f:
        length = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(length))
        data = f.read()
    return {k: torch.frombuffer(bytearray(data[v["data_offsets"][0]:v["data_offsets"][1]]), dtype=torch.float32)
            .reshape(v["shape"]) for k, v in header.items() if k != "__metadata__"}


oracle = ORACLES["lenet5"]
model = oracle.build(**oracle.arguments)
model.load_state_dict(read("$oracle/weights.safetensors"))
model.eval()
with torch.no_grad():
    y = model(read("$oracle/io.safetensors")["input"])
print(y.shape, file=sys.stderr)
EOF

measure() {   # label, then the command
    local label="$1"; shift
    local times=() best="" cpu=""
    for _ in $(seq "$runs"); do
        /usr/bin/time -o "$work/time" -f '%e %U %S' "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
        read -r seconds user system < "$work/time"
        times+=("$seconds")
        if [ -z "$best" ] || awk -v a="$seconds" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best="$seconds"; cpu=$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }')
        fi
    done
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
    printf '%-28s %8s %8s %8s\n' "$label" "$best" "$median" "$cpu"
}

run=(run "$here/samples/lenet5.net" --weights "$oracle/weights.safetensors" --input "$oracle/io.safetensors"
     --output "$work/out.safetensors")
printf '%-28s %8s %8s %8s\n' what best median 'cpu s'
measure 'netc run, compiling' env NETC_CACHE=off "$here/netc" "${run[@]}"
NETC_CACHE="$work/cache" "$here/netc" "${run[@]}" 2>/dev/null   # fills the cache
measure 'netc run, cached classes' env NETC_CACHE="$work/cache" "$here/netc" "${run[@]}"
measure 'PyTorch (python3 script)' /usr/bin/python3 "$work/lenet5.py"
