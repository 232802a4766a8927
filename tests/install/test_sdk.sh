#!/usr/bin/env bash
# The plugin SDK as a lab uses it: tuna installed into a fresh prefix, the example plugin
# (examples/out-of-tree-plugin) copied out of the source tree and built with nothing but
# that prefix, then loaded by the installed tuna through TUNA_PLUGIN_PATH and, once
# installed beside tuna's own plugins, with no variable at all.
# Usage: test_sdk.sh <tuna build dir> <tuna source dir> <c++ compiler>
set -euo pipefail
build=$1 source=$2 cxx=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix example=$work/example example_build=$work/example-build
fail() { echo "FAIL: $*" >&2; exit 1; }
expect_in() {  # expect_in <what> <needle> <haystack>
  grep -qF -- "$2" <<<"$3" || fail "$1: no '$2' in:"$'\n'"$3"
}
unset TUNA_PLUGIN_PATH

cmake --install "$build" --prefix "$prefix" >/dev/null
tuna=$prefix/bin/tuna
[ -f "$prefix/lib/cmake/tuna/tunaConfig.cmake" ] || fail "no tunaConfig.cmake installed"

# --- build: only the prefix, never the source tree ---
cp -r "$source/examples/out-of-tree-plugin" "$example"
configure() {  # configure <source> <build>
  cmake -S "$1" -B "$2" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$2.log" 2>&1 || { cat "$2.log" >&2; fail "configure $1"; }
}
configure "$example" "$example_build"
cmake --build "$example_build" -j2 >"$example_build.build.log" 2>&1 \
  || { cat "$example_build.build.log" >&2; fail "the example does not build against the installed tuna"; }
grep -qF -- "$source" "$example_build/compile_commands.json" "$example_build/CMakeCache.txt" \
  && fail "the example's build refers to tuna's source tree $source"
expect_in "found package" "tuna_DIR:PATH=$prefix/lib/cmake/tuna" "$(cat "$example_build/CMakeCache.txt")"

plugin=$example_build/libtuna_readout.so
[ -f "$plugin" ] || fail "no $plugin"
exported=$(nm -D --defined-only "$plugin" | awk '{print $NF}')
[ "$exported" = tuna_plugin_descriptor ] || fail "exports more than its descriptor:"$'\n'"$exported"
undefined=$(ldd -r "$plugin" 2>&1 | grep 'undefined symbol' || true)
[ -z "$undefined" ] || fail "undefined symbols: $undefined"

# tuna_add_plugin links with --no-undefined: a plugin missing a symbol fails to build.
mkdir "$work/unresolved"
cat >"$work/unresolved/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.25)
project(unresolved LANGUAGES CXX)
find_package(tuna REQUIRED)
tuna_add_plugin(unresolved SOURCES unresolved.cpp)
CMAKE
echo 'extern "C" int defined_nowhere(); int call_it() { return defined_nowhere(); }' \
  >"$work/unresolved/unresolved.cpp"
configure "$work/unresolved" "$work/unresolved-build"
if cmake --build "$work/unresolved-build" >"$work/unresolved.log" 2>&1; then
  fail "a plugin with an undefined symbol linked"
fi
expect_in "link error" "undefined reference to \`defined_nowhere'" "$(cat "$work/unresolved.log")"

# --- what tuna says about it: read independently from the project and the headers ---
version=$(sed -n 's/^project(tuna_readout VERSION \([0-9.]*\).*/\1/p' "$example/CMakeLists.txt")
abi=$(sed -n 's/.*plugin_abi_version = \([0-9]*\);.*/\1/p' "$prefix/include/tuna/component.hpp")
[ -n "$version" ] && [ -n "$abi" ] || fail "cannot read the plugin's version ($version) or ABI ($abi)"
provenance="$plugin (readout $version, plugin ABI $abi)"

export TUNA_PLUGIN_PATH=$example_build
list=$("$tuna" list)
expect_in "tuna list" "from $provenance" "$list"
expect_in "tuna list" "from $prefix/lib/tuna/plugins/libtuna_sleep.so" "$list"
entry=$("$tuna" list --json | jq -c '.[] | select(.name == "readout")')
[ "$(jq -r '[.plugin, .plugin_name, .plugin_version, .abi_version] | join(" ")' <<<"$entry")" \
  = "$plugin readout $version $abi" ] || fail "tuna list --json: $entry"
help=$("$tuna" help readout)
expect_in "tuna help" "plugin:  $provenance" "$help"
for option in host command metric unit pattern scale samples interval timeout; do
  expect_in "tuna help" "  $option " "$help"
done
"$tuna" check "$example/readout.yaml" >/dev/null || fail "the example pipeline does not pass tuna check"

# check_rep runs through tuna check: a pattern without a capture group is refused.
cat >"$work/bad.yaml" <<'YAML'
- name: bad
  component: readout
  settings: { host: here, command: [echo, 1], metric: x, pattern: "[0-9]+" }
YAML
status=0; bad=$("$tuna" check "$work/bad.yaml" 2>&1) || status=$?
[ "$status" = 2 ] || fail "tuna check of a bad pattern exited $status"
expect_in "check_rep" "needs exactly one capture group" "$bad"

# --- a run: the metric equals the number in the output it read, and expect: judges it ---
raw=$((RANDOM + 1000))
printf 'sensor: ok\ntemp=%s\n' "$raw" >"$work/sensor.txt"
cat >"$work/sensor.yaml" <<YAML
name: sensor
hosts:
  here: { address: localhost }
steps:
  - name: temperature
    component: readout
    settings: { host: here, command: [cat, "$work/sensor.txt"], metric: temp, unit: degC,
                pattern: "temp=([0-9]+)", scale: 0.01, samples: 3, interval: 0.05 }
    expect: { temp: "> 0" }
    on_failure: continue
  - name: too-hot
    component: readout
    settings: { host: here, command: [cat, "$work/sensor.txt"], metric: temp, pattern: "temp=([0-9]+)" }
    expect: { temp: "< 0" }
YAML
dry=$("$tuna" run --dry-run "$work/sensor.yaml" --output "$work/dry")
expect_in "dry run" "on here: cat $work/sensor.txt -> temp (3 sample(s), 0.05 s apart)" "$dry"
status=0; "$tuna" run "$work/sensor.yaml" --output "$work/run" >/dev/null 2>"$work/run.err" || status=$?
[ "$status" = 1 ] || { cat "$work/run.err" >&2; fail "the run exited $status, not 1 (one expectation missed)"; }
records=$work/run/results.jsonl
first=$(sed -n 1p "$records") second=$(sed -n 2p "$records")
want=$(grep -o 'temp=[0-9]*' "$work/sensor.txt" | cut -d= -f2)
jq -e --argjson want "$want" 'def near: (. - $want * 0.01 | fabs) < 1e-9;
    .status == "passed" and .metrics.temp.unit == "degC" and
    ([.metrics.temp.value, .metrics.temp_min.value, .metrics.temp_max.value] | all(near)) and
    (.details.samples | length == 3 and all(near))' <<<"$first" >/dev/null \
  || fail "first record: $first"
jq -e --argjson want "$want" '.status == "failed" and .metrics.temp.value == $want' <<<"$second" >/dev/null \
  || fail "second record (expect temp < 0 must fail it): $second"
artifact=$work/run/$(jq -r '.artifacts[0]' <<<"$first")
[ "$(grep -c "temp=$want" "$artifact")" = 3 ] || fail "the raw outputs of 3 samples are not in $artifact"
# ...each line stamped by the installed tuna::plugin_support
[ "$(grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z ' "$artifact")" = 6 ] \
  || fail "the raw lines in $artifact are not stamped: $(head -2 "$artifact")"

# --- installed beside tuna's plugins, it is found with no variable ---
unset TUNA_PLUGIN_PATH
cmake --install "$example_build" --prefix "$prefix" >/dev/null
expect_in "installed plugin" "from $prefix/lib/tuna/plugins/libtuna_readout.so (readout $version" "$("$tuna" list)"
echo "sdk OK"
