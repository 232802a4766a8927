#!/usr/bin/env bash
# Step overhead: what tuna adds to a 1-second iperf3 loopback test, against the same test
# run by hand, measured side by side in one run (see docs/PERFORMANCE.md).
#
# Usage: bench/step_overhead.sh [BUILD_DIR] [ROUNDS]
#   BUILD_DIR  tuna's build tree (holds bin/tuna and lib/tuna/plugins); default: <repo>/build
#   ROUNDS     paired rounds, 1..100; default 10
#
# Each round times, in alternating order:
#   tuna     `tuna run` of a one-step pipeline (iperf3, upstream, time 1): the whole process,
#            and the step alone from the microsecond timestamps in its tuna.log;
#   by hand  what a careful engineer types: start `iperf3 -s -1` in the background, wait for
#            its "Server listening" line, run the client with `-J` into a file, wait for the
#            server to exit. Same iperf3 flags as tuna's (`tuna run --dry-run` prints them).
# Reported: per-round times, medians, the median of the per-round ratios tuna / by hand and
# the median overhead in ms. Ratios, never absolute times: the machine is shared and noisy.
# Traffic goes to 127.0.0.1 only; only processes this script started are stopped, by pid.
set -euo pipefail
export LC_ALL=C  # EPOCHREALTIME with a '.' whatever the locale

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$repo/build}
rounds=${2:-10}
max_rounds=100
# Ports of their own, far from tuna's default (5201) and the test suite's: tuna may take
# base+1 on a retry, so its bases are two apart.
tuna_port_base=47000
hand_port_base=47500

die() { echo "step_overhead: $*" >&2; exit 2; }

[[ $rounds =~ ^[0-9]+$ ]] && ((rounds >= 1 && rounds <= max_rounds)) || die "ROUNDS must be 1..$max_rounds"
tuna=$build/bin/tuna
[[ -x $tuna ]] || die "no tuna executable at $tuna (build it: cmake --build $build --target tuna)"
command -v iperf3 >/dev/null || die "iperf3 is not installed"

bench_name=step-overhead
. "$repo/bench/bench_common.sh"
# tuna.log and the raw files stamp lines as 2026-11-27T03:41:03.314511Z (UTC, same clock).
iso_us() { date -u -d "$1" +%s%6N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
# Timestamp of the first log line containing $2 in file $1.
stamp_of() { local line; line=$(grep -m1 -F -- "$2" "$1") || die "no '$2' in $1"; iso_us "${line%% *}"; }

pipeline() {
  cat <<EOF
name: step-overhead
hosts:
  dut:    { address: localhost, test_address: 127.0.0.1 }
  server: { address: localhost, test_address: 127.0.0.1 }
steps:
  - name: throughput
    component: iperf
    settings: { dut: dut, server: server, direction: upstream, tool: iperf3, time: 1, port: $1 }
EOF
}

# Sets tuna_total, tuna_step and the phases of the step (all in µs).
run_tuna() {
  local port=$1 dir=$work/tuna-$1
  pipeline "$port" >"$work/pipeline-$port.yaml"
  local t0 t1 status=0
  t0=$(now_us)
  timeout -k 5 60 "$tuna" run "$work/pipeline-$port.yaml" --output "$dir" >"$work/tuna-$port.console" 2>&1 || status=$?
  t1=$(now_us)
  ((status == 0)) || { cat "$work/tuna-$port.console" >&2; die "tuna run exited $status (round on port $port)"; }
  local log=$dir/tuna.log raw=$dir/raw/throughput
  local first started chose listening client_out finished
  first=$(iso_us "$(head -n1 "$log" | cut -d' ' -f1)")
  started=$(stamp_of "$log" "step 'throughput' (iperf) #1 started")
  chose=$(stamp_of "$log" "upstream: iperf3 from dut to server")
  listening=$(stamp_of "$raw/upstream-tcp-server-r1.txt" "Server listening")
  client_out=$(iso_us "$(tail -n1 "$raw/upstream-tcp-client-r1.txt" | cut -d' ' -f1)")
  finished=$(stamp_of "$log" "step 'throughput' #1 finished")
  tuna_total=$((t1 - t0))
  tuna_step=$((finished - started))
  phase_startup=$((first - t0))           # exec, plugins, YAML validation, output dir
  phase_detect=$((chose - started))       # iperf3 --version on both hosts
  phase_ready=$((listening - chose))      # server spawn until "Server listening" read
  phase_test=$((client_out - listening))  # client spawn, 1 s test, its JSON read
  phase_finish=$((finished - client_out)) # server exit, parse, raw files, results.jsonl
  phase_exit=$((t1 - finished))           # summary, teardown, process exit
}

# Sets hand_total (µs).
run_by_hand() {
  local port=$1 fifo=$work/hand-$1.fifo line fd lines=0
  mkfifo "$fifo"
  local t0 t1
  t0=$(now_us)
  iperf3 -s -p "$port" -1 --idle-timeout 10 --forceflush -i 1 >"$fifo" 2>&1 &
  server_pid=$!
  exec {fd}<"$fifo"
  until [[ ${line:-} == *"Server listening"* ]]; do
    ((++lines <= 20)) && IFS= read -r -t 10 -u "$fd" line || die "iperf3 server on port $port did not listen"
  done
  timeout -k 5 60 iperf3 -c 127.0.0.1 -p "$port" -J -t 1 -i 1 >"$work/hand-$port.json"
  # The one-off server exits after its test: its end of the pipe closes then.
  while IFS= read -r -t 15 -u "$fd" line; do printf '%s\n' "$line"; done >"$work/hand-$port.server"
  local status=0
  wait "$server_pid" || status=$?
  server_pid=
  ((status == 0)) || die "iperf3 server on port $port exited $status"
  exec {fd}<&-
  t1=$(now_us)
  grep -q '"error"' "$work/hand-$port.json" && die "by-hand client on port $port: $(grep '"error"' "$work/hand-$port.json")"
  hand_total=$((t1 - t0))
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

echo "tuna step overhead: $rounds paired rounds, 1 s iperf3 upstream on 127.0.0.1"
echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ)  nproc $(nproc)  load at start $(loadavg)  $(iperf3 --version | head -n1)"
echo "$("$tuna" --version) ($tuna)"

# One unrecorded round of each first: page cache, dynamic loader, first-run effects.
run_tuna $((tuna_port_base + 2 * max_rounds)) && run_by_hand $((hand_port_base + max_rounds))

printf '\n%5s %-10s %10s %10s %10s %9s %9s   %s\n' round first "tuna ms" "step ms" "hand ms" "tuna/hand" "step/hand" \
  "phases ms: startup detect ready test finish exit"
totals=() steps=() hands=() ratios=() step_ratios=() overheads=() step_overheads=()
startups=() detects=() readies=() tests=() finishes=() exits=()
for ((i = 0; i < rounds; ++i)); do
  if ((i % 2 == 0)); then
    first=tuna
    run_tuna $((tuna_port_base + 2 * i)); run_by_hand $((hand_port_base + i))
  else
    first="by hand"
    run_by_hand $((hand_port_base + i)); run_tuna $((tuna_port_base + 2 * i))
  fi
  totals+=("$tuna_total") steps+=("$tuna_step") hands+=("$hand_total")
  ratios+=("$(ratio "$tuna_total" "$hand_total")") step_ratios+=("$(ratio "$tuna_step" "$hand_total")")
  overheads+=($((tuna_total - hand_total))) step_overheads+=($((tuna_step - hand_total)))
  startups+=("$phase_startup") detects+=("$phase_detect") readies+=("$phase_ready")
  tests+=("$phase_test") finishes+=("$phase_finish") exits+=("$phase_exit")
  printf '%5d %-10s %10s %10s %10s %9s %9s   %s %s %s %s %s %s\n' $((i + 1)) "$first" "$(ms "$tuna_total")" \
    "$(ms "$tuna_step")" "$(ms "$hand_total")" "${ratios[-1]}" "${step_ratios[-1]}" "$(ms "$phase_startup")" \
    "$(ms "$phase_detect")" "$(ms "$phase_ready")" "$(ms "$phase_test")" "$(ms "$phase_finish")" "$(ms "$phase_exit")"
done

m() { ms "$(median "$@")"; }
echo
echo "medians over $rounds rounds (ratios and overheads are medians of the per-round pairs):"
printf '  %-28s %9s ms\n' "by hand (server..exit)" "$(m "${hands[@]}")"
printf '  %-28s %9s ms   ratio %s   overhead %s ms\n' "tuna run, whole process" "$(m "${totals[@]}")" \
  "$(median "${ratios[@]}")" "$(m "${overheads[@]}")"
printf '  %-28s %9s ms   ratio %s   overhead %s ms\n' "tuna step (tuna.log)" "$(m "${steps[@]}")" \
  "$(median "${step_ratios[@]}")" "$(m "${step_overheads[@]}")"
printf '  %-28s startup %s  detect %s  ready %s  test %s  finish %s  exit %s (ms)\n' "tuna phases" \
  "$(m "${startups[@]}")" "$(m "${detects[@]}")" "$(m "${readies[@]}")" "$(m "${tests[@]}")" \
  "$(m "${finishes[@]}")" "$(m "${exits[@]}")"
target=$(awk -v r="$(median "${ratios[@]}")" 'BEGIN { print (r <= 1.05 ? "met" : "NOT met") }')
echo "target (whole tuna process within 5% of by hand): $target"
echo "nproc $(nproc)  load at end $(loadavg)"
