#!/usr/bin/env bash
# Installs the build into a fresh prefix and uses it as a user would: the layout
# `cmake --install` promises, the installed tuna finding its plugins with no environment
# variable, the installed example pipelines passing `tuna check`, and the plugin API
# headers compiling on their own.
# Usage: test_install.sh <build dir> <c++ compiler>
set -euo pipefail
build=$1 cxx=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null

for f in bin/tuna lib/tuna/plugins/libtuna_sleep.so lib/tuna/plugins/libtuna_iperf.so \
         include/tuna/plugin_api.hpp share/tuna/configs/loopback.yaml; do
  [ -e "$prefix/$f" ] || { echo "missing after install: $f" >&2; exit 1; }
done

unset TUNA_PLUGIN_PATH
list=$("$prefix/bin/tuna" list)
for plugin in sleep iperf; do
  grep -qF "$prefix/lib/tuna/plugins/libtuna_$plugin.so" <<<"$list" \
    || { echo "installed tuna did not load its own $plugin plugin:" >&2; echo "$list" >&2; exit 1; }
done
"$prefix/bin/tuna" check "$prefix"/share/tuna/configs/*.yaml

echo '#include <tuna/plugin_api.hpp>' \
  | "$cxx" -std=c++20 -fsyntax-only -I"$prefix/include" -x c++ -
echo "install OK"
