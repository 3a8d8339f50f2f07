#!/usr/bin/env bash
# The scheduling figures of issue 5: `rxpress simulate` on peak-hour for seeds
# 1..N under the smart policy, one row per seed against the targets, then the
# wall time of whole-day. It measures; it asserts nothing.
#
#   bench/simulate_seeds.sh                 (seeds 1-10, then whole-day seed 1)
#   SEEDS=3 WHOLE_DAY=0 bench/simulate_seeds.sh
#   RXPRESS_BIN=build/rxpress SCENARIO=my.toml bench/simulate_seeds.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
bin=${RXPRESS_BIN:-$root/build/rxpress}
seeds=${SEEDS:-10}
scenario=${SCENARIO:-peak-hour}
whole_day=${WHOLE_DAY:-1}
[ -x "$bin" ] || { echo "no rxpress binary at $bin (build first, or set RXPRESS_BIN)" >&2; exit 2; }

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "targets: ready on arrival >= 99.5 %, channel p95 <= 12 s, p95 <= 1.25 x lower bound p95, wait p95 <= 75 s"
echo
echo "| seed | ready on arrival % | channel p95 s | order-to-ready p95 s | lower bound p95 s | ratio | wait p95 s | wrong / lost / duplicate | wall s |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for seed in $(seq 1 "$seeds"); do
  "$bin" simulate --scenario "$scenario" --seed "$seed" --json 2>/dev/null | /usr/bin/python3 -c '
import json, sys
m = json.load(sys.stdin)
ratio = m["order_to_ready_p95_s"] / m["lower_bound_p95_s"] if m["lower_bound_p95_s"] else float("nan")
print("| {} | {:.2f} | {:.1f} | {:.1f} | {:.0f} | {:.2f} | {:.1f} | {} / {} / {} | {:.2f} |".format(
    sys.argv[1], m["ready_on_arrival_pct"], m["channel_order_to_ready_p95_s"], m["order_to_ready_p95_s"],
    m["lower_bound_p95_s"], ratio, m["patient_wait_p95_s"], m["wrong_packs_handed_over"],
    m["lost_prescriptions"], m["duplicate_dispenses"], m["wall_s"]))' "$seed"
done
if [ "$whole_day" = 1 ]; then
  echo
  "$bin" simulate --scenario whole-day --seed 1 --json 2>/dev/null | /usr/bin/python3 -c '
import json, sys
m = json.load(sys.stdin)
print("whole-day seed 1: {} prescriptions, {} lost, wall {:.2f} s (target 2 s)".format(
    m["prescriptions"], m["lost_prescriptions"], m["wall_s"]))'
fi
