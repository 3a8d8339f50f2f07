#!/usr/bin/env bash
# Durable intake over HTTP or HL7 v2 (MLLP): starts `rxpress serve` on a fresh,
# file-backed data directory, runs intake_load closed-loop at several connection
# counts one after the other against the same server (or, with SERVER_PER_RUN=1,
# each on a fresh server), then an open-loop run at a fixed rate, and prints a
# table. It measures; it asserts nothing.
#
#   bench/run_intake.sh
#   REQUESTS=20000 LEVELS="1 8 32 64" RATE=500 RATE_REQUESTS=15000 bench/run_intake.sh
#   SERVER_PER_RUN=1 bench/run_intake.sh     (every run on a fresh server and database)
#   PROTOCOL=mllp bench/run_intake.sh        (RDE^O11 over MLLP; LEVELS="1 8", RATE_CONNECTIONS=8,
#                                             then HTTP at HTTP_LEVELS="8" on the same server to compare)
#   RXPRESS_BIN=build/rxpress LOAD_BIN=build/bench/intake_load bench/run_intake.sh   (the defaults)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
bin=${RXPRESS_BIN:-$root/build/rxpress}
# The main build has the benchmarks unless RXPRESS_BUILD_BENCH=OFF; build-bench is the usual other place.
load=${LOAD_BIN:-$root/build/bench/intake_load}
[[ -n ${LOAD_BIN:-} || -x $load ]] || load=$root/build-bench/bench/intake_load
protocol=${PROTOCOL:-http}
requests=${REQUESTS:-20000}
rate=${RATE:-500}
rate_requests=${RATE_REQUESTS:-15000}
case $protocol in
  http)
    levels=${LEVELS:-1 8 32 64}
    rate_connections=${RATE_CONNECTIONS:-32}
    http_levels=
    ;;
  mllp)
    # An HIS holds few MLLP connections, each with one message in flight.
    levels=${LEVELS:-1 8}
    rate_connections=${RATE_CONNECTIONS:-8}
    http_levels=${HTTP_LEVELS-8}
    ;;
  *)
    echo "run_intake: PROTOCOL must be http or mllp, not '$protocol'" >&2
    exit 2
    ;;
esac

for exe in "$bin" "$load"; do
  if [[ ! -x $exe ]]; then
    echo "run_intake: $exe is not an executable (build it, or set RXPRESS_BIN / LOAD_BIN)" >&2
    exit 2
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/rxpress-intake.XXXXXX")
token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
server=
run=0

# Starts a server on a new, empty data directory and waits for /healthz. The
# MLLP listener takes a free port (never the shared default 2575), which the
# server's log names.
start_server() {
  run=$((run + 1))
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  data=$work/data$run
  log=$work/server$run.log
  RXPRESS_BOOTSTRAP_TOKEN=$token "$bin" serve --port "$port" --mllp-port 0 --data "$data" 2>"$log" &
  server=$!
  for _ in $(seq 1 100); do
    if curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
      mllp_port=$(sed -n 's/.*mllp: listening on [^ ]*:\([0-9][0-9]*\).*/\1/p' "$log" | head -n 1)
      [[ -n $mllp_port ]] && return 0
      echo "run_intake: no 'mllp: listening on' line in the server's log:" >&2
      break
    fi
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
  done
  echo "run_intake: the server did not come up; its log:" >&2
  cat "$log" >&2
  exit 1
}
stop_server() {
  if [[ -n $server ]] && kill -0 "$server" 2>/dev/null; then
    kill -INT "$server"
    wait "$server" 2>/dev/null || true
  fi
  server=
}
trap 'stop_server; rm -rf "$work"' EXIT

echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) · $(nproc) cores · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# server $bin, data in $work on $(df -T "$work" | awk 'NR == 2 {print $2}')"
# What one durable commit costs on this disk now: the latency of a 4 KiB
# O_DSYNC write, overwriting in place as SQLite does once the WAL has grown.
dd if=/dev/zero of="$work/sync.probe" bs=4k count=200 status=none
sync_ms=$(dd if=/dev/zero of="$work/sync.probe" bs=4k count=200 oflag=dsync conv=notrunc 2>&1 |
  awk '/copied/ {for (i = 1; i <= NF; i++) if ($i == "s," || $i == "s") printf "%.2f", $(i - 1) * 1000 / 200}')
rm -f "$work/sync.probe"
echo "# synchronous 4 KiB write: ${sync_ms} ms"
if [[ ${SERVER_PER_RUN:-0} == 1 ]]; then
  echo "# a fresh server and database for every run"
else
  echo "# one server for all runs: each run adds its prescriptions to the same database"
fi

results=$work/results.jsonl
one_run() {  # one_run PROTOCOL ARGS... : a line of results, with the stored prescriptions before the run
  local proto=$1
  shift
  if [[ ${SERVER_PER_RUN:-0} == 1 ]]; then
    stop_server
    start_server
  fi
  local before
  before=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/summary" |
    jq '[.counts[]] | add' 2>/dev/null || echo null)
  local target=(--protocol http --port "$port" --token "$token")
  [[ $proto == mllp ]] && target=(--protocol mllp --port "$mllp_port")
  local line
  line=$("$load" "${target[@]}" "$@") || true
  if [[ -n $line ]]; then
    jq -c --argjson before "$before" '. + {stored_before: $before}' <<<"$line" >>"$results"
  fi
}
start_server
for c in $levels; do
  one_run "$protocol" --connections "$c" --requests "$requests"
done
if [[ $rate != 0 ]]; then
  one_run "$protocol" --connections "$rate_connections" --requests "$rate_requests" --rate "$rate"
fi
for c in $http_levels; do
  one_run http --connections "$c" --requests "$requests"
done
stop_server
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

fmt='%-8s %-13s %5s %8s %8s %8s %8s %9s %9s %9s %7s\n'
printf "$fmt" protocol mode conns stored requests seconds per_s p50_ms p99_ms max_ms errors
jq -r '[.protocol, (if .rate > 0 then "paced \(.rate)/s" else "closed" end), .connections, .stored_before,
        .requests, .seconds, .per_second, .p50_ms, .p99_ms, .max_ms, .errors] | @tsv' "$results" |
  while IFS=$'\t' read -r proto mode conns before n s ps p50 p99 mx err; do
    printf "$fmt" "$proto" "$mode" "$conns" "$before" "$n" "$s" "$ps" "$p50" "$p99" "$mx" "$err"
  done
echo "# stored = prescriptions already in the database when the run started"
echo "# per_s counts only good answers: HTTP 201, or MLLP AA whose MSA-2 is the message's MSH-10"
