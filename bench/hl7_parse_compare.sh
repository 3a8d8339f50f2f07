#!/usr/bin/env bash
# HL7 v2 parse throughput, side by side in one run: rxpress's parse_hl7_view
# and parse_hl7 (build-benchhl7/bench/hl7_parse_bench), Debian's python3-hl7 and npm's
# simple-hl7, each parsing the same well-formed corpus files in memory, round
# after round, until it has used SECONDS of CPU. Prints messages and MB per CPU
# second, and the ratio of rxpress to the fastest of the others. CPU time, not
# wall time, because the machine is shared: the wall clock would count other
# people's work.
#
#   bench/hl7_parse_compare.sh [SECONDS]      # default 3; SHARED=DIR for the corpora, BUILD_DIR=DIR
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-3}"
shared="${SHARED:-$repo/../shared}"
build="${BUILD_DIR:-$repo/build-benchhl7}"

if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DRXPRESS_BUILD_BENCH=ON >/dev/null
fi
cmake --build "$build" -j2 --target hl7_parse_bench >/dev/null

# The well-formed messages: err_* are malformed on purpose, sample_win.crlf.hl7
# has a malformed MSH-2 (corpora/hl7/SOURCES.md), and the FHS/BHS file is a
# batch, not a message.
mapfile -t files < <(find "$shared/corpora/hl7" -name '*.hl7' ! -name 'err_*' ! -name 'sample_win.crlf.hl7' \
                     ! -name 'sample_file_batch_fhs_bhs.hl7' | sort)
if [ ${#files[@]} -eq 0 ]; then
  echo "hl7_parse_compare.sh: no corpus under $shared/corpora/hl7; set SHARED=DIR" >&2
  exit 2
fi

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg), ${#files[@]} messages," \
     "$(cat "${files[@]}" | wc -c) bytes per round, ${seconds} CPU s per parser"
results=$(mktemp)
trap 'rm -f "$results"' EXIT
"$build/bench/hl7_parse_bench" --seconds "$seconds" "${files[@]}" >>"$results"
/usr/bin/python3 "$repo/bench/hl7_parse_python.py" "$seconds" "${files[@]}" >>"$results"
node "$repo/bench/hl7_parse_node.mjs" "$seconds" "${files[@]}" >>"$results"

/usr/bin/python3 - "$results" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
for r in rows:
    r["mps"] = r["messages"] / r["cpu_seconds"]
    r["mbps"] = r["bytes"] / r["cpu_seconds"] / 1e6
ours = [r for r in rows if r["parser"].startswith("rxpress")]
others = [r for r in rows if not r["parser"].startswith("rxpress")]
fastest = max(others, key=lambda r: r["mps"])
print(f"| {'parser':<38} | {'messages/CPU s':>14} | {'MB/CPU s':>8} | {'vs fastest other':>16} |")
print(f"|{'-' * 40}|{'-' * 15}:|{'-' * 9}:|{'-' * 17}:|")
for r in rows:
    ratio = f"{r['mps'] / fastest['mps']:.1f}x"
    print(f"| {r['parser']:<38} | {r['mps']:>14,.0f} | {r['mbps']:>8.1f} | {ratio:>16} |")
print(f"fastest other: {fastest['parser']}")
PY
