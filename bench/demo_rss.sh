#!/usr/bin/env bash
# Memory of a long `rxpress demo` run: samples VmRSS and VmHWM every 10 s,
# stops the demo with SIGINT after N seconds, and prints the peak, the final
# RSS and how many prescriptions went through.
#
#   bench/demo_rss.sh [SECONDS [DEMO ARGS...]]      (default 600 s)
#   bench/demo_rss.sh 600 --speed 10                 (a busier demo)
#   RXPRESS_BIN=path/to/rxpress bench/demo_rss.sh 60
set -euo pipefail

duration=${1:-600}
shift || true
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=${RXPRESS_BIN:-$here/../build/rxpress}
interval=10

if [[ ! -x $bin ]]; then
  echo "demo_rss: $bin is not an executable (build it, or set RXPRESS_BIN)" >&2
  exit 2
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

kb_field() {  # kb_field FIELD PID -> kB value from /proc/PID/status
  awk -v f="$1:" '$1 == f {print $2}' "/proc/$2/status" 2>/dev/null || true
}

work=$(mktemp -d /tmp/rxpress-rss.XXXXXX)
port=$(free_port)
"$bin" demo --fresh --data "$work/data" --port "$port" "$@" >"$work/stdout" 2>"$work/stderr" &
pid=$!
trap 'kill -INT $pid 2>/dev/null || true' EXIT

echo "demo_rss: pid $pid, port $port, data $work/data, ${duration}s, sampling every ${interval}s" >&2
printf '%8s %12s %12s\n' "t_s" "VmRSS_kB" "VmHWM_kB"
peak_rss=0
start=$(date +%s)
while :; do
  now=$(date +%s)
  t=$((now - start))
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "demo_rss: the demo exited early; its stderr:" >&2
    tail -n 20 "$work/stderr" >&2
    exit 1
  fi
  rss=$(kb_field VmRSS "$pid")
  hwm=$(kb_field VmHWM "$pid")
  printf '%8d %12s %12s\n' "$t" "$rss" "$hwm"
  ((rss > peak_rss)) && peak_rss=$rss
  ((t >= duration)) && break
  sleep $((interval < duration - t ? interval : duration - t))
done

final_rss=$(kb_field VmRSS "$pid")
final_hwm=$(kb_field VmHWM "$pid")
# Counts from the live API before stopping, with the admin token the demo printed.
token=$(awk '$1 == "admin" {print $2; exit}' "$work/stdout")
summary=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/summary" || true)

kill -INT "$pid"
trap - EXIT
for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
  echo "demo_rss: the demo did not stop within 10 s of SIGINT; killing it" >&2
  kill -KILL "$pid"
fi
wait "$pid" 2>/dev/null || true

stopped=$(grep -a 'rxpress demo stopped' "$work/stderr" | tail -n 1 || true)
echo
echo "duration_s        $duration"
echo "demo_args         --fresh --data <tmp> --port $port $*"
echo "peak_VmRSS_MB     $(awk -v k="$peak_rss" 'BEGIN {printf "%.1f", k / 1024}') (sampled)"
echo "peak_VmHWM_MB     $(awk -v k="$final_hwm" 'BEGIN {printf "%.1f", k / 1024}') (kernel high-water mark)"
echo "final_VmRSS_MB    $(awk -v k="$final_rss" 'BEGIN {printf "%.1f", k / 1024}')"
echo "db_size_MB        $(du -cm "$work/data"/rxpress.db* | awk 'END {print $1}')"
echo "summary_counts    $(jq -c '.counts' <<<"$summary" 2>/dev/null || echo "unavailable")"
echo "demo_final_line   ${stopped:-missing}"
rm -rf "$work"
