#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang++-14 (ASan + UBSan) and runs
# each for N seconds, seeded from the public corpora. Exits non-zero when a
# target crashes, leaks, times out or breaks an invariant. Prints execs per
# wall second (libFuzzer's figure) and per CPU second (the fair one on a shared
# machine).
#
#   scripts/fuzz.sh [--seconds N] [--nice N] [--shared DIR] [--build-dir DIR] [TARGET...]
#
#   --seconds N     run time per target (default 600)
#   --nice N        run the fuzzers (not the build) at this niceness, to share the machine (default 0);
#                   an input then counts as hung after 120 s instead of 10 s
#   --shared DIR    the shared specification directory holding corpora/ (default ../shared)
#   --build-dir DIR where to build and keep the growing corpora (default build-fuzz)
#   TARGET          run only these targets (default: every *_fuzzer built from fuzz/)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
seconds=600
niceness=0
shared="$repo/../shared"
build="$repo/build-fuzz"
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --nice) niceness="$2"; shift 2 ;;
    --shared) shared="$2"; shift 2 ;;
    --build-dir) build="$2"; shift 2 ;;
    -h|--help) sed -n 2,15p "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
case "$seconds" in ''|*[!0-9]*) echo "fuzz.sh: --seconds expects a whole number, got '$seconds'" >&2; exit 2 ;; esac

if ! command -v clang++-14 >/dev/null; then
  echo "fuzz.sh: clang++-14 is not installed (scripts/setup.sh installs clang-14 and libclang-rt-14-dev)" >&2
  exit 2
fi
corpora="$shared/corpora"
if [ ! -d "$corpora/hl7" ]; then
  echo "fuzz.sh: no seed corpus at $corpora/hl7; pass --shared DIR" >&2
  exit 2
fi

if [ ! -f "$build/build.ninja" ]; then
  CC=clang-14 CXX=clang++-14 cmake -S "$repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DRXPRESS_FUZZ=ON -DRXPRESS_BUILD_TESTS=OFF -DRXPRESS_BUILD_BENCH=OFF >/dev/null
fi
if [ ${#targets[@]} -eq 0 ]; then
  for src in "$repo"/fuzz/*_fuzzer.cc; do targets+=("$(basename "$src" .cc)"); done
fi
cmake --build "$build" -j2 --target "${targets[@]}"

# Seeds are rebuilt from the shared corpora on every run; what a run discovers
# stays in $build/fuzz/corpus/<target> for the next.
seed_hl7() {
  find "$corpora/hl7" -name '*.hl7' -exec cp {} "$1" \;
}
seed_mllp() {
  # Byte 0: frame limit (0 = default), bytes 1-2: chunking seed, then the stream.
  local n=0 f
  while IFS= read -r f; do
    n=$((n + 1))
    { printf '\000\001\002\013'; cat "$f"; printf '\034\r'; } >"$1/framed_$n"
    { printf '\100\003\004junk\013'; cat "$f"; printf '\034\r\013'; cat "$f"; printf '\034x'; } >"$1/mixed_$n"
  done < <(find "$corpora/hl7" -name '*.hl7' | sort)
}
seed_fhir() {
  # The shared FHIR corpus is XML; the JSON examples are the project's own.
  cp "$repo"/tests/fhir/*.json "$1"
}

# libFuzzer's -timeout is wall time: 10 s for one input is a hang, unless the
# fuzzer runs niced on a busy machine, where it can wait that long for a core.
per_input_timeout=10
if [ "$niceness" -gt 0 ]; then per_input_timeout=120; fi

status=0
summary=()
for target in "${targets[@]}"; do
  seeds="$build/fuzz/seeds/$target"
  corpus="$build/fuzz/corpus/$target"
  artifacts="$build/fuzz/artifacts/$target"
  rm -rf "$seeds"
  mkdir -p "$seeds" "$corpus" "$artifacts"
  case "$target" in
    mllp_*) seed_mllp "$seeds" ;;
    fhir_*) seed_fhir "$seeds" ;;
    *) seed_hl7 "$seeds" ;;
  esac
  log="$build/fuzz/$target.log"
  echo "== $target: ${seconds}s, seeds $(ls "$seeds" | wc -l), log $log"
  rc=0
  # -rss_limit_mb bounds memory per input. The parser
  # allocates a string per value, and ASan's default 256 MB quarantine then spends most of the time
  # in page faults; 32 MB still catches a use after free within the same input.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:quarantine_size_mb=32 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    /usr/bin/time -f '%U %S' -o "$build/fuzz/$target.time" \
    nice -n "$niceness" "$build/fuzz/$target" -max_total_time="$seconds" -timeout="$per_input_timeout" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" "$seeds" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  cpu=$(awk '{printf "%.0f", $1 + $2}' "$build/fuzz/$target.time" 2>/dev/null || true)
  per_cpu="?"
  if [ -n "${execs:-}" ] && [ "${cpu:-0}" -gt 0 ]; then per_cpu=$((execs / cpu)); fi
  if [ "$rc" -eq 0 ]; then
    outcome="ok"
  else
    outcome="FAILED (exit $rc): $(grep -m1 -E 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|runtime error|invariant broken' "$log" || echo 'see log')"
    status=1
  fi
  line=$(printf '%-26s %11s execs %7s execs/s %7s execs/CPU s  cov %5s  %s' "$target" "${execs:-?}" "${rate:-?}" \
    "$per_cpu" "${cov:-?}" "$outcome")
  echo "$line"
  summary+=("$line")
  if [ "$rc" -ne 0 ]; then
    echo "  artifacts in $artifacts; last lines of the log:"
    tail -n 25 "$log" | sed 's/^/  | /'
  fi
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
