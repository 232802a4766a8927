#!/usr/bin/env bash
# The sanitized half of the test suite: builds tuna, its plugins, its tests and its
# fuzzers with clang's AddressSanitizer and UndefinedBehaviorSanitizer, runs the whole
# ctest suite there (each fuzzer included, over its crash regressions and seeds), then
# fuzzes each target for a bounded time. Any sanitizer report, leak or crash fails it.
#
# Arguments go to ctest (e.g. -L fuzz, -E Lab). Environment: TUNA_SANITIZED_BUILD_DIR (default build-sanitized), TUNA_FUZZ_SECONDS
# (default 60, per target; 0 skips fuzzing), TUNA_FUZZ_JOBS (fuzzers at once, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${TUNA_SANITIZED_BUILD_DIR:-build-sanitized}
fuzz_seconds=${TUNA_FUZZ_SECONDS:-60}
fuzz_jobs=${TUNA_FUZZ_JOBS:-2}

# Every report is fatal and names its place. The tests that run the tuna binary pass
# these on to it, so tuna's own leaks and UB fail those tests too.
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:print_stacktrace=1:strict_init_order=1:detect_odr_violation=2"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer-14 || command -v llvm-symbolizer)}

started=$SECONDS
export CC=clang-14 CXX=clang++-14
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# -O1 and line tables only: a quarter less compile time than -O2 -g, the same stack
# traces; no NDEBUG, so that assertions are checked too.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" "${launcher[@]}" \
  -DTUNA_SANITIZE=ON -DTUNA_FUZZ=ON -DTUNA_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)"
echo "sanitized build: $((SECONDS - started)) s"

started=$SECONDS
ctest --test-dir "$build" -j2 --output-on-failure "$@"
echo "sanitized suite: $((SECONDS - started)) s"

[ "$fuzz_seconds" -gt 0 ] || exit 0

# Each fuzzer starts from a scratch copy of its seeds (named by content, as libFuzzer
# names its own) and writes only there and to $artifacts: never into the source tree.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
artifacts=$build/fuzz-artifacts
rm -rf "$artifacts" && mkdir -p "$artifacts"

fuzz() {
  local target=$1 corpus=$work/$1
  mkdir -p "$corpus"
  while IFS= read -r seed; do
    [ -n "$seed" ] && cp "$seed" "$corpus/$(sha1sum <"$seed" | cut -c1-40)"
  done <"$build/fuzz/$target.seeds"
  # -timeout: one input taking this long is a hang, reported as a crash. The outer
  # timeout is a backstop should the fuzzer itself not stop.
  timeout -k 10 $((fuzz_seconds + 120)) "$build/fuzz/$target" $(cat "$build/fuzz/$target.options") \
    -max_total_time="$fuzz_seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$target-" "$corpus" >"$work/$target.log" 2>&1
}

targets=()
for seeds in "$build"/fuzz/*.seeds; do targets+=("$(basename "$seeds" .seeds)"); done
declare -A pid_of
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$fuzz_jobs" ]; do wait -n || true; done
  fuzz "$target" &
  pid_of[$target]=$!
done

failed=()
printf '%-18s %10s %8s %7s %7s %6s  %s\n' target execs exec/s cov ft corpus result
for target in "${targets[@]}"; do
  status=0
  wait "${pid_of[$target]}" || status=$?
  log=$work/$target.log
  stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
  # The last progress line: "#1234 REDUCE cov: 567 ft: 890 corp: 12/3456b ..."
  progress=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  field() { sed -nE "s/.* $1: ([0-9]+).*/\1/p" <<<"$progress"; }
  result=ok
  [ "$status" -eq 0 ] || { result="FAILED (exit $status)"; failed+=("$target"); }
  printf '%-18s %10s %8s %7s %7s %6s  %s\n' "$target" "$(stat number_of_executed_units)" \
    "$(stat average_exec_per_sec)" "$(field cov)" "$(field ft)" "$(field corp)" "$result"
done

for target in "${failed[@]}"; do
  echo
  echo "=== $target: the end of its log"
  tail -60 "$work/$target.log"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo
  echo "fuzzing found problems; the inputs are in $artifacts:"
  ls -l "$artifacts"
  echo "fix each, and add its input to tests/fuzz/regressions/<target>/ as a regression test"
  exit 1
fi
