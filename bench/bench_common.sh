# What the benchmark scripts share: a work directory removed on exit (with the by-hand
# server they may have left running, stopped by its pid), microsecond clocks and medians.
# Source it after setting $bench_name; it sets $work and uses $server_pid.
work=$(mktemp -d "${TMPDIR:-/tmp}/tuna-$bench_name.XXXXXX")
server_pid=  # the by-hand server while it may run; cleared once reaped
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.4f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
