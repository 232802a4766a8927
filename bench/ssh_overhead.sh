#!/usr/bin/env bash
# SSH overhead: what tuna's in-process SSH (libssh, one session per host) costs against
# OpenSSH run by hand, in the test lab (tests/lab/README.md; see docs/PERFORMANCE.md).
#
# Usage: bench/ssh_overhead.sh [BUILD_DIR] [ROUNDS]      (as root, lab up)
#   BUILD_DIR  holds bin/tuna, bin/bench_ssh_commands and the plugins; default <repo>/build
#   ROUNDS     paired rounds, 1..50; default 5 (the command latency runs 10x as many)
#
# 1. Per-command latency: bench_ssh_commands runs `true` on the DUT over tuna's reused
#    session (SshHost::run) and with a fresh `ssh host true`, interleaved.
# 2. A step: `tuna run` of an iperf3 step both ways (time 2) between the lab's DUT and
#    server, against the same two tests by hand over ssh: the server started with
#    `ssh server iperf3 -s -1 ...`, its "Server listening" line awaited, the client run
#    with `ssh dut iperf3 -c ...`, the server's exit awaited; then the other way round.
#    Same iperf3 flags as tuna's (`tuna run --dry-run`). Rounds alternate which goes first.
# Reported: medians and the median of the per-round ratios. Traffic stays in the lab; only
# processes this script started are stopped, by pid.
set -euo pipefail
export LC_ALL=C  # EPOCHREALTIME with a '.' whatever the locale

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${1:-$repo/build}
rounds=${2:-5}
max_rounds=50
tuna_port_base=48000  # tuna takes base and base+2 (downstream); a retry base+1
hand_port_base=48500

die() { echo "ssh_overhead: $*" >&2; exit 2; }

[[ $rounds =~ ^[0-9]+$ ]] && ((rounds >= 1 && rounds <= max_rounds)) || die "ROUNDS must be 1..$max_rounds"
tuna=$build/bin/tuna
bench_commands=$build/bin/bench_ssh_commands
[[ -x $tuna && -x $bench_commands ]] ||
  die "build first: cmake --build $build --target tuna tuna_iperf bench_ssh_commands"
lab_env=${TUNA_LAB_DIR:-/run/tuna-lab}/lab.env
[[ -r $lab_env ]] || die "the lab is not up: tests/lab/lab.sh up"
set -a; . "$lab_env"; set +a

bench_name=ssh-overhead
. "$repo/bench/bench_common.sh"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }

# OpenSSH as a careful user runs it: no config, the lab's key, strict host keys.
ssh_to=(ssh -F /dev/null -i "$TUNA_LAB_IDENTITY" -o UserKnownHostsFile="$TUNA_LAB_KNOWN_HOSTS"
  -o StrictHostKeyChecking=yes -o BatchMode=yes -p "$TUNA_LAB_SSH_PORT" -l "$TUNA_LAB_USER")

host_yaml() {
  cat <<EOF
  $1:
    address: $2
    port: $TUNA_LAB_SSH_PORT
    user: $TUNA_LAB_USER
    identity: $TUNA_LAB_IDENTITY
    known_hosts: $TUNA_LAB_KNOWN_HOSTS
    host_key_policy: strict
EOF
}

# Sets tuna_total (µs).
run_tuna() {
  local port=$1 file=$work/pipeline-$1.yaml status=0 t0 t1
  { echo "name: ssh-overhead"; echo "hosts:"; host_yaml dut "$TUNA_LAB_DUT_ADDRESS"
    host_yaml server "$TUNA_LAB_SRV_ADDRESS"; echo "steps:"
    echo "  - name: throughput"; echo "    component: iperf"
    echo "    settings: { dut: dut, server: server, direction: both, tool: iperf3, time: 2, port: $port }"
  } >"$file"
  t0=$(now_us)
  timeout -k 5 60 "$tuna" run "$file" --output "$work/tuna-$port" >"$work/tuna-$port.console" 2>&1 || status=$?
  t1=$(now_us)
  ((status == 0)) || { cat "$work/tuna-$port.console" >&2; die "tuna run exited $status (port $port)"; }
  tuna_total=$((t1 - t0))
}

# One direction by hand: the iperf3 server on $1 (its address), the client on $2.
by_hand_direction() {
  local server=$1 client=$2 port=$3 fifo=$work/hand-$3.fifo line= fd lines=0 status=0
  mkfifo "$fifo"
  "${ssh_to[@]}" "$server" iperf3 -s -p "$port" -1 --idle-timeout 10 --forceflush -i 1 >"$fifo" 2>&1 &
  server_pid=$!
  exec {fd}<"$fifo"
  until [[ $line == *"Server listening"* ]]; do
    ((++lines <= 20)) && IFS= read -r -t 10 -u "$fd" line || die "iperf3 server on $server:$port did not listen"
  done
  timeout -k 5 60 "${ssh_to[@]}" "$client" iperf3 -c "$server" -p "$port" -J -t 2 -i 1 >"$work/hand-$port.json"
  while IFS= read -r -t 15 -u "$fd" line; do printf '%s\n' "$line"; done >"$work/hand-$port.server"
  wait "$server_pid" || status=$?
  server_pid=
  exec {fd}<&-
  ((status == 0)) || die "ssh to the iperf3 server on $server:$port exited $status"
  ! grep -q '"error"' "$work/hand-$port.json" || die "by hand, $client -> $server: $(grep '"error"' "$work/hand-$port.json")"
}

# Sets hand_total (µs): upstream (the DUT sends), then downstream, as tuna's `both`.
run_by_hand() {
  local t0 t1
  t0=$(now_us)
  by_hand_direction "$TUNA_LAB_SRV_ADDRESS" "$TUNA_LAB_DUT_ADDRESS" "$1"
  by_hand_direction "$TUNA_LAB_DUT_ADDRESS" "$TUNA_LAB_SRV_ADDRESS" $(($1 + 2))
  t1=$(now_us)
  hand_total=$((t1 - t0))
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

echo "SSH overhead in the lab ($TUNA_LAB_DUT_ADDRESS, $TUNA_LAB_SRV_ADDRESS, link $TUNA_LAB_RATE)"
echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ)  nproc $(nproc)  load at start $(loadavg)"
echo "$("$tuna" --version); $(ssh -V 2>&1); libssh $(dpkg-query -W -f '${Version}' libssh-4 2>/dev/null || echo '?'); $(iperf3 --version | head -n1)"
echo
"$bench_commands" $((rounds * 10))

echo
echo "iperf3 step both ways, time 2: $rounds paired rounds"
# One unrecorded round of each first.
run_tuna $((tuna_port_base + 4 * max_rounds)) && run_by_hand $((hand_port_base + 4 * max_rounds))
printf '%5s %-8s %10s %10s %9s\n' round first "tuna ms" "hand ms" tuna/hand
totals=() hands=() ratios=() overheads=()
for ((i = 0; i < rounds; ++i)); do
  if ((i % 2 == 0)); then
    first=tuna; run_tuna $((tuna_port_base + 4 * i)); run_by_hand $((hand_port_base + 4 * i))
  else
    first="by hand"; run_by_hand $((hand_port_base + 4 * i)); run_tuna $((tuna_port_base + 4 * i))
  fi
  totals+=("$tuna_total") hands+=("$hand_total") ratios+=("$(ratio "$tuna_total" "$hand_total")")
  overheads+=($((tuna_total - hand_total)))
  printf '%5d %-8s %10s %10s %9s\n' $((i + 1)) "$first" "$(ms "$tuna_total")" "$(ms "$hand_total")" "${ratios[-1]}"
done
echo "medians: tuna $(ms "$(median "${totals[@]}")") ms, by hand $(ms "$(median "${hands[@]}")") ms," \
  "ratio $(median "${ratios[@]}"), difference $(ms "$(median "${overheads[@]}")") ms"
echo "nproc $(nproc)  load at end $(loadavg)"
