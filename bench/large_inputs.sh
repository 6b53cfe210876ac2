#!/usr/bin/env bash
# netc check on generated hostile inputs far below the 64 MiB file limit, at several sizes.
# Prints, for each shape and size, wall time, throughput and peak memory (resident set) per byte
# of source, beside the rule they must meet: at least 5 MB/s, at most 30 bytes per source byte.
# A file of more than 1,000,000 layer calls ends in E411 (the default --max-layers) once it is parsed whole:
# relu_lines and long_line from 9 MB, flat_layers from 23 MB; nested_groups makes a group per bracket,
# 150 to a line (a check lets go of their modules once read). nested_errors, whose every line the
# grammar's rules read, takes 20 s or more at 10 MB.
# CPU time (user + system, all threads) is printed too: on a shared machine wall time is not the
# program's alone.
# Usage: bench/large_inputs.sh [SIZE_MB...]   (default: 1 10 60); files go to a temporary folder.
# Figures, machine and command are recorded in docs/benchmarks.md.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1 10 60)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$here/netc" --version >/dev/null   # builds the jar first, outside the measurements

# Each shape writes a model of about $1 bytes to $2.
relu_lines() { { printf 'model M {\n    input x: [3]\n'; yes '    relu' | head -n $(($1 / 9)); printf '}\n'; } > "$2"; }
long_line() { { printf 'model M {\n    input x: [3]\n    relu'; yes ' -> relu' | head -n $(($1 / 8)) | tr -d '\n'; printf '\n}\n'; } > "$2"; }
unknown_name() { { printf 'model M {\n    input x: [3]\n    '; head -c "$1" /dev/zero | tr '\0' a; printf '\n}\n'; } > "$2"; }
signs() { { printf 'model M {\n    input x: [3]\n    view('; head -c "$1" /dev/zero | tr '\0' -; printf '1)\n}\n'; } > "$2"; }
# one integer literal of that many digits (E106): read exactly, as it was, it took minutes at 20 MB
digits() { { printf 'model M {\n    input x: [3]\n    view('; head -c "$1" /dev/zero | tr '\0' 7; printf ')\n}\n'; } > "$2"; }
# relu lines after a syntax error outside any body, which sends the whole file through the full parse
top_error() { { printf ')\nmodel M {\n    input x: [3]\n'; yes '    relu' | head -n $(($1 / 9)); printf '}\n'; } > "$2"; }
# relu lines with a syntax error at the end, which sends the file through the full parse
relu_error() { { printf 'model M {\n    input x: [3]\n'; yes '    relu' | head -n $(($1 / 9)); printf '    relu(\n}\n'; } > "$2"; }
# relu inside 150 nested brackets, a line each: nesting within the limit (200), repeated
nested_groups() {
    local line; line="    $(printf '%.0s(' $(seq 150))relu$(printf '%.0s)' $(seq 150))"
    { printf 'model M {\n    input x: [3]\n'; yes "$line" | head -n $(($1 / 310)); printf '}\n'; } > "$2"
}
# the same after a syntax error, which the grammar's rules read
nested_error() {
    local line; line="    $(printf '%.0s(' $(seq 150))relu$(printf '%.0s)' $(seq 150))"
    { printf 'model M {\n    input x: [3]\n    relu(\n'; yes "$line" | head -n $(($1 / 310)); printf '}\n'; } > "$2"
}
# the same with a syntax error at the end of every line: the grammar's rules read them all
nested_errors() {
    local line; line="    $(printf '%.0s(' $(seq 150))relu$(printf '%.0s)' $(seq 150)) )"
    { printf 'model M {\n    input x: [3]\n'; yes "$line" | head -n $(($1 / 312)); printf '}\n'; } > "$2"
}
# small models, every other one holding a syntax error: each error a parse resumed, each model analysed
broken_models() {
    awk -v n=$(($1 / 90)) 'BEGIN { for (i = 1; i <= n; i++)
        printf "model B%d {\n    input x: [3]\n    relu )\n}\nmodel G%d {\n    input x: [3]\n    relu\n}\n", i, i }' > "$2"
}
# small models each with a malformed quoted label (E425, found while building) after an error outside any
# body: the full parse keeps what building reports for the definitions it builds
broken_labels() {
    { printf ')\n'; awk -v n=$(($1 / 50)) 'BEGIN { for (i = 1; i <= n; i++)
        printf "model M%d {\n    input x: [3]\n    \"b{\": relu\n}\n", i }'; } > "$2"
}
# layers with arguments and parameters, three to a line (bench/front-end.sh's flat files)
flat_layers() {
    { printf 'model Flat {\n    input x: [16, 8, 8]\n'
      yes '    conv2d(16, 16, k=3, p=1, bias=false) -> batchnorm2d(16) -> relu' | head -n $(($1 / 68)); printf '}\n'; } > "$2"
}

printf '%-13s %4s %10s %8s %8s %8s %10s %7s %s\n' shape MB bytes seconds 'cpu s' MB/s 'peak KB' B/byte exit
for shape in relu_lines long_line flat_layers top_error relu_error unknown_name signs digits nested_groups nested_error nested_errors broken_models broken_labels; do
    for mb in "${sizes[@]}"; do
        file="$work/$shape-$mb.net"
        "$shape" $((mb * 1000000)) "$file" || :   # yes ends on SIGPIPE
        bytes=$(stat -c %s "$file")
        set +e
        /usr/bin/time -o "$work/time" -f '%e %U %S %M' "$here/netc" check "$file" >/dev/null 2>"$work/err"
        code=$?
        set -e
        read -r seconds user system peak < <(tail -n 1 "$work/time")   # after "Command exited with ..."
        awk -v s="$shape" -v mb="$mb" -v b="$bytes" -v t="$seconds" -v u="$user" -v y="$system" -v k="$peak" -v c="$code" 'BEGIN {
            rate = (b / 1e6) / (t > 0 ? t : 0.01); per = k * 1024 / b
            printf "%-13s %4s %10d %8.2f %8.2f %8.2f %10d %7.1f %s%s%s\n", s, mb, b, t, u + y, rate, k, per, c,
                (rate < 5) ? "  (below 5 MB/s)" : "", (per > 30) ? "  (above 30 B/byte)" : "" }'
        rm -f "$file"
    done
done
