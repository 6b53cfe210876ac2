#!/usr/bin/env bash
# The front end's rows of the speed issue, each netc's figure beside its competitor's from the same run
# (RUNS runs each, alternating, median wall time; peak memory of netc's runs):
# - start-up: ./netc check samples/simple.net against a JVM's hello world (the java the launcher runs);
# - ./netc summary of bench/models/resnet50.net at 224x224 and 1024x1024 against torchsummary's whole
#   process on torchvision's resnet50 (needs TORCHSUMMARY: the path of torchsummary 1.5.1's
#   torchsummary.py, see netc-runtime/src/test/resources/oracle/README.md; skipped without it);
# - ./netc check of flat files of 100,000 and 1,000,000 layer calls (conv2d -> batchnorm2d -> relu,
#   three to a line, as the JMH front-end benchmark generates them): wall time and peak memory.
#   bench/front-end.sh [RUNS]     (default 5)
# Figures, machine and command are recorded in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
python="${PYTHON:-/usr/bin/python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./netc --version >/dev/null   # builds the jar and the launcher's archive outside the measurements
# the java the launcher runs (./netc: NETC_JAVA, else the newest of Java 25 and up installed, else java)
java="${NETC_JAVA:-java}"
if [ -z "${NETC_JAVA:-}" ]; then
    for candidate in /usr/lib/jvm/*-2[5-9]*/bin/java /usr/lib/jvm/*-[3-9][0-9]*/bin/java; do
        [ -x "$candidate" ] && java="$candidate"
    done
fi

# wall seconds and peak KiB of one run of "$@", appended to $work/$name
measure() {
    local name="$1"; shift
    /usr/bin/time -o "$work/time" -f '%e %M' "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    tail -n 1 "$work/time" >> "$work/$name"
}
median() { sort -n "$work/$1" | awk '{v[NR] = $1; m[NR] = $2} END {i = int((NR + 1) / 2); printf "%.3f %d\n", v[i], m[i]}'; }
row() {  # what, netc's series, competitor's series (or -), target
    read -r ours ourmem < <(median "$2")
    if [ "$3" = - ]; then
        printf '%-44s %9.3f s %8d MiB %12s %9s   target %s\n' "$1" "$ours" $((ourmem / 1024)) - - "$4"
    else
        read -r theirs _ < <(median "$3")
        printf '%-44s %9.3f s %8d MiB %10.3f s %8.3fx   target %s\n' "$1" "$ours" $((ourmem / 1024)) "$theirs" \
            "$(echo "$ours / $theirs" | bc -l)" "$4"
    fi
}

mkdir -p "$work/hello-class"
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' > "$work/hello-class/Hello.java"
"$(dirname "$(readlink -f "$(command -v "$java")")")/javac" -d "$work/hello-class" "$work/hello-class/Hello.java"
sed 's/input x: \[3, 224, 224\]/input x: [3, 1024, 1024]/' bench/models/resnet50.net > "$work/resnet50_1024.net"
flat() {  # $1 layer calls, three to a line
    { printf 'model Flat {\n    input x: [16, 8, 8]\n'
      yes '    conv2d(16, 16, k=3, p=1, bias=false) -> batchnorm2d(16) -> relu' | head -n $(($1 / 3))
      printf '}\n'; } > "$2" || :
}
flat 99999 "$work/flat100k.net"
flat 999999 "$work/flat1m.net"
# torchsummary's whole process as a user runs it: python, torch, torchvision, the model, the table
cat > "$work/torchsummary_resnet50.py" <<'PY'
import importlib.util, sys
import torch, torchvision
spec = importlib.util.spec_from_file_location("torchsummary", sys.argv[2])
torchsummary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(torchsummary)
size = int(sys.argv[1])
torchsummary.summary(torchvision.models.resnet50(), (3, size, size), device="cpu")
PY
have_torchsummary=false
[ -n "${TORCHSUMMARY:-}" ] && "$python" -c 'import torch, torchvision' 2>/dev/null && have_torchsummary=true

for _ in $(seq "$runs"); do
    measure check ./netc check samples/simple.net
    measure hello "$java" -cp "$work/hello-class" Hello
    if $have_torchsummary; then
        measure summary224 ./netc summary bench/models/resnet50.net
        measure torchsummary224 "$python" "$work/torchsummary_resnet50.py" 224 "$TORCHSUMMARY"
        measure summary1024 ./netc summary "$work/resnet50_1024.net"
        measure torchsummary1024 "$python" "$work/torchsummary_resnet50.py" 1024 "$TORCHSUMMARY"
    fi
done
for _ in $(seq "$runs"); do
    measure flat100k ./netc check "$work/flat100k.net"
done
for _ in $(seq $(( runs < 3 ? runs : 3 ))); do
    measure flat1m ./netc check "$work/flat1m.net"
done

echo "runs: $runs, nproc: $(nproc), cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), load: $(cut -d' ' -f1-3 /proc/loadavg), java: $java"
printf '%-44s %11s %12s %12s %9s\n' row netc 'netc peak' competitor ratio
row 'check samples/simple.net / JVM hello world' check hello '<= 1.6x'
if $have_torchsummary; then
    row 'summary resnet50 @224 / torchsummary' summary224 torchsummary224 '<= 0.08x'
    row 'summary resnet50 @1024 / torchsummary' summary1024 torchsummary1024 '<= 0.015x'
else
    echo "summary rows skipped: set TORCHSUMMARY to torchsummary 1.5.1's torchsummary.py (and install python3-torch, python3-torchvision)"
fi
row 'check flat 100,000 layers' flat100k - '<= 1.5 s, <= 150 MiB'
row 'check flat 1,000,000 layers' flat1m - '<= 12 s, <= 1 GiB'
