#!/usr/bin/env bash
# What arrivals beyond the pharmacy's capacity cost `rxpress simulate`: one
# hour of peak-hour (09:00-10:00) at each rate of RATES an hour, the wall
# time of the whole command per binary. Several binaries (for instance the
# build before a change and after it) are run alternately, round by round,
# so that a shared machine's slow minutes fall on all of them alike. It
# measures; it asserts nothing.
#
#   bench/simulate_overload.sh                          (build/rxpress; 2,000 3,000 5,000 an hour; 3 rounds)
#   RATES="2000 3000" ROUNDS=5 bench/simulate_overload.sh /tmp/before/rxpress build/rxpress
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
rates=${RATES:-2000 3000 5000}
rounds=${ROUNDS:-3}
bins=("$@")
[ ${#bins[@]} -gt 0 ] || bins=("$root/build/rxpress")
for bin in "${bins[@]}"; do
  [ -x "$bin" ] || { echo "no rxpress binary at $bin (build first, or name one)" >&2; exit 2; }
done

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| arrivals an hour | prescriptions | binary | wall s, round by round |"
echo "|---:|---:|---|---|"
for rate in $rates; do
  cat > "$dir/overload-$rate.toml" <<EOF
base = "peak-hour"
[[workload.arrivals]]
from = "09:00"
until = "10:00"
per_hour = $rate
EOF
  declare -A walls=()
  prescriptions=""
  for round in $(seq 1 "$rounds"); do
    for bin in "${bins[@]}"; do
      start=$(date +%s.%N)
      out=$("$bin" simulate --scenario "$dir/overload-$rate.toml" --json 2>/dev/null)
      end=$(date +%s.%N)
      prescriptions=$(echo "$out" | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["prescriptions"])')
      walls[$bin]="${walls[$bin]:-}$(/usr/bin/python3 -c "print('{:.2f}'.format($end - $start))") "
    done
  done
  for bin in "${bins[@]}"; do
    echo "| $rate | $prescriptions | $bin | ${walls[$bin]}|"
  done
  unset walls
done
