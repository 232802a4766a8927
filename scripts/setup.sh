#!/usr/bin/env bash
# Installs tuna's build and test dependencies from Debian 12's packages, then configures
# and builds tuna in ./build. Safe to re-run. Needs root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake ninja-build pkg-config
  libboost-dev libyaml-cpp-dev libssh-dev librange-v3-dev
  libgtest-dev libgmock-dev libcli11-dev nlohmann-json3-dev libfmt-dev libspdlog-dev libpugixml-dev
  iperf iperf3 iproute2 procps iputils-ping openssh-server openssh-client
  chromium libpng-dev
  clang-14 libclang-rt-14-dev llvm-14  # scripts/test-sanitized.sh: sanitizers, libFuzzer, symbolizer
  jq binutils  # tests/install/test_sdk.sh reads tuna's JSON and a plugin's symbols (nm)
)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  # iperf3 asks whether to start a daemon; tuna starts its own servers. Likewise no
  # package may start a system service (sshd) during the install: tuna's tests start
  # their own sshd and iperf servers. policy-rc.d is Debian's switch for that.
  echo "iperf3 iperf3/start_daemon boolean false" | $sudo debconf-set-selections
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    trap '$sudo rm -f /usr/sbin/policy-rc.d' EXIT
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
