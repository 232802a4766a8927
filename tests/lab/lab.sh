#!/usr/bin/env bash
# The tuna test lab: two network namespaces (a DUT and a traffic server), each with its own
# sshd, joined to a bridge in the root namespace by shaped veth links. See README.md.
#
#   lab.sh up [--rate RATE|none]   make it (again); idempotent
#   lab.sh down                    remove everything `up` made; idempotent
#   lab.sh status                  what exists now
set -euo pipefail

readonly LAB_DIR="${TUNA_LAB_DIR:-/run/tuna-lab}"
readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly MARKER="$LAB_DIR/.tuna-lab"  # down deletes only a directory that up made
readonly BRIDGE=tuna-br0 BRIDGE_ADDRESS=198.18.0.254 PREFIX_LENGTH=24
readonly LAB_USER=tuna-test SSH_PORT=22
readonly NODES=(dut srv)
declare -A ADDRESS=([dut]=198.18.0.1 [srv]=198.18.0.2)
# The veth ends: <node>0 inside the namespace, <node>-br on the bridge (at most 15 characters).
namespace() { echo "tuna-$1"; }
inner_link() { echo "tuna-${1}0"; }
bridge_link() { echo "tuna-$1-br"; }
has_namespace() { ip netns list | cut -d' ' -f1 | grep -qx "$1"; }

say() { echo "lab: $*"; }
die() { echo "lab: error: $*" >&2; exit 1; }

need_root() { [[ $(id -u) == 0 ]] || die "run as root (network namespaces and sshd need it)"; }

need_tools() {
  local missing=()
  for tool in ip tc ssh-keygen ssh /usr/sbin/sshd useradd usermod getent; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing ${missing[*]} (apt-get install iproute2 openssh-server openssh-client passwd)"
}

# Pid from a pid file when that process is still the lab's sshd (a pid can be reused).
lab_sshd_pid() {
  local pid_file="$LAB_DIR/$1/sshd.pid" pid
  [[ -r $pid_file ]] || return 1
  pid=$(<"$pid_file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-f $LAB_DIR/$1/sshd_config" || return 1
  echo "$pid"
}

make_state_dir() {
  if [[ -d $LAB_DIR && ! -e $MARKER ]] && [[ -n $(ls -A "$LAB_DIR") ]]; then
    die "$LAB_DIR exists and was not made by lab.sh; set TUNA_LAB_DIR to another directory"
  fi
  # Traversable by the test user: sshd reads authorized_keys with that user's rights.
  mkdir -p -m 755 "$LAB_DIR"
  touch "$MARKER"
}

# The login user is shared with the sshd test fixture (tests/support/sshd_fixture.hpp), made
# the same way, and kept by `down`: removing it could pull it from under a running test.
make_user() {
  if ! id "$LAB_USER" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/sh "$LAB_USER"
    say "created user $LAB_USER"
  fi
  # useradd's "!" means locked to sshd when UsePAM is off; "*" allows keys only. A password
  # someone else set is left alone.
  if getent shadow "$LAB_USER" | cut -d: -f2 | grep -q '^!'; then usermod -p '*' "$LAB_USER"; fi
}

make_keys() {
  [[ -f $LAB_DIR/client_ed25519 ]] ||
    ssh-keygen -q -t ed25519 -N '' -C tuna-lab-client -f "$LAB_DIR/client_ed25519"
  install -m 644 "$LAB_DIR/client_ed25519.pub" "$LAB_DIR/authorized_keys"
  : >"$LAB_DIR/known_hosts.new"
  for node in "${NODES[@]}"; do
    mkdir -p "$LAB_DIR/$node"
    [[ -f $LAB_DIR/$node/host_ed25519 ]] ||
      ssh-keygen -q -t ed25519 -N '' -C "tuna-lab-$node" -f "$LAB_DIR/$node/host_ed25519"
    echo "${ADDRESS[$node]} $(cut -d' ' -f1,2 "$LAB_DIR/$node/host_ed25519.pub")" >>"$LAB_DIR/known_hosts.new"
  done
  mv "$LAB_DIR/known_hosts.new" "$LAB_DIR/known_hosts"
  chmod 644 "$LAB_DIR/known_hosts"
}

make_bridge() {
  ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
  ip addr replace "$BRIDGE_ADDRESS/$PREFIX_LENGTH" dev "$BRIDGE"
  ip link set "$BRIDGE" up
}

# rate: a tc rate ("50mbit") or "none".
make_node() {
  local node=$1 rate=$2 ns inner outer
  ns=$(namespace "$node") inner=$(inner_link "$node") outer=$(bridge_link "$node")
  has_namespace "$ns" || ip netns add "$ns"
  ip -n "$ns" link set lo up
  if ! ip -n "$ns" link show "$inner" >/dev/null 2>&1; then
    ip link del "$outer" 2>/dev/null || true  # left over from a namespace removed under us
    ip link add "$outer" type veth peer name "$inner" netns "$ns"
  fi
  ip link set "$outer" master "$BRIDGE" up
  ip -n "$ns" addr replace "${ADDRESS[$node]}/$PREFIX_LENGTH" dev "$inner"
  ip -n "$ns" link set "$inner" up
  # Shaped where traffic leaves each namespace, so DUT <-> server crosses one shaper per way.
  if [[ $rate == none ]]; then
    tc -n "$ns" qdisc del dev "$inner" root 2>/dev/null || true
  else
    tc -n "$ns" qdisc replace dev "$inner" root tbf rate "$rate" burst 32kbit latency 50ms
  fi
}

start_sshd() {
  local node=$1 dir="$LAB_DIR/$1"
  cat >"$dir/sshd_config" <<EOF
# tuna lab sshd for $(namespace "$node"); made by lab.sh, removed by lab.sh down
ListenAddress ${ADDRESS[$node]}
Port $SSH_PORT
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile $LAB_DIR/authorized_keys
AllowUsers $LAB_USER
PermitRootLogin no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
MaxSessions 64
MaxStartups 64
EOF
  if lab_sshd_pid "$node" >/dev/null; then return; fi
  mkdir -p /run/sshd  # sshd's privilege separation directory
  /usr/sbin/sshd -t -f "$dir/sshd_config" || die "sshd rejects $dir/sshd_config"
  ip netns exec "$(namespace "$node")" /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
  for _ in $(seq 50); do  # at most 5 s for the pid file
    lab_sshd_pid "$node" >/dev/null && return
    sleep 0.1
  done
  die "sshd in $(namespace "$node") did not start; see $dir/sshd.log"
}

write_env() {
  cat >"$LAB_DIR/lab.env" <<EOF
TUNA_LAB_DIR=$LAB_DIR
TUNA_LAB_DUT_NAMESPACE=$(namespace dut)
TUNA_LAB_SRV_NAMESPACE=$(namespace srv)
TUNA_LAB_DUT_ADDRESS=${ADDRESS[dut]}
TUNA_LAB_SRV_ADDRESS=${ADDRESS[srv]}
TUNA_LAB_BRIDGE_ADDRESS=$BRIDGE_ADDRESS
TUNA_LAB_SSH_PORT=$SSH_PORT
TUNA_LAB_USER=$LAB_USER
TUNA_LAB_IDENTITY=$LAB_DIR/client_ed25519
TUNA_LAB_KNOWN_HOSTS=$LAB_DIR/known_hosts
TUNA_LAB_RATE=$1
TUNA_LAB_PIPELINE=$LAB_DIR/lab-pipeline.yaml
EOF
  # The example pipeline names the default state directory; point it at this one.
  sed "s#/run/tuna-lab/#$LAB_DIR/#g" "$SCRIPT_DIR/lab-pipeline.yaml" >"$LAB_DIR/lab-pipeline.yaml"
}

up() {
  local rate=50mbit
  while (($#)); do
    case $1 in
      --rate) (($# >= 2)) || die "--rate needs a value (50mbit, 1gbit, none)"; rate=$2; shift 2 ;;
      *) die "unknown option '$1' (lab.sh up [--rate RATE|none])" ;;
    esac
  done
  need_root
  need_tools
  make_state_dir
  make_user
  make_keys
  make_bridge
  for node in "${NODES[@]}"; do
    make_node "$node" "$rate"
    start_sshd "$node"
  done
  write_env "$rate"
  say "up: dut ${ADDRESS[dut]} ($(namespace dut)), server ${ADDRESS[srv]} ($(namespace srv)), link $rate"
  say "environment: $LAB_DIR/lab.env"
}

stop_sshd() {
  local node=$1 pid
  pid=$(lab_sshd_pid "$node") || return 0
  kill -TERM "$pid"
  for _ in $(seq 50); do  # at most 5 s
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

down() {
  need_root
  for node in "${NODES[@]}"; do
    stop_sshd "$node"
    local ns
    ns=$(namespace "$node")
    if has_namespace "$ns"; then
      local left
      left=$(ip netns pids "$ns" | tr '\n' ' ')
      [[ -z $left ]] || say "warning: processes still in $ns (not started by lab.sh, left alone): $left"
      ip netns del "$ns"
    fi
    # Deleting the bridge end removes the pair even if a process keeps the namespace alive.
    ip link del "$(bridge_link "$node")" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  if [[ -e $MARKER ]]; then
    rm -rf "$LAB_DIR"
  fi
  say "down"
}

status() {
  local state=down
  [[ -e $MARKER ]] && state="state in $LAB_DIR"
  say "$state"
  ip -br addr show "$BRIDGE" 2>/dev/null || say "no bridge $BRIDGE"
  for node in "${NODES[@]}"; do
    local ns pid
    ns=$(namespace "$node")
    if ! has_namespace "$ns"; then
      say "$ns: no namespace"
      continue
    fi
    ip -n "$ns" -br addr show "$(inner_link "$node")" 2>/dev/null | sed "s/^/$ns: /"
    tc -n "$ns" qdisc show dev "$(inner_link "$node")" 2>/dev/null | sed "s/^/$ns: /"
    if pid=$(lab_sshd_pid "$node"); then say "$ns: sshd pid $pid"; else say "$ns: sshd not running"; fi
  done
}

case ${1:-} in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  *) echo "usage: lab.sh up [--rate RATE|none] | down | status" >&2; exit 2 ;;
esac
