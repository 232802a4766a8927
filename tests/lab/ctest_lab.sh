#!/usr/bin/env bash
# ctest's fixture around the lab tests: brings the lab up before them and down after them,
# but only a lab this ctest run brought up; a lab that was already up (a developer's) is
# left as it was. Where the lab cannot be made (not root, no `ip netns`) it does nothing
# and the lab tests skip, saying why.
#
#   ctest_lab.sh up|down FLAG_FILE   FLAG_FILE records that `up` made the lab
set -euo pipefail

readonly LAB_SH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lab.sh"
readonly LAB_DIR="${TUNA_LAB_DIR:-/run/tuna-lab}"
(($# == 2)) || { echo "usage: ctest_lab.sh up|down FLAG_FILE" >&2; exit 2; }
readonly FLAG=$2

case $1 in
  up)
    if [[ $(id -u) != 0 ]] || ! ip netns list >/dev/null 2>&1; then
      echo "ctest_lab: not root or no 'ip netns': the lab tests will skip"
    elif [[ -e $LAB_DIR/lab.env ]]; then
      echo "ctest_lab: the lab is already up ($LAB_DIR); it stays up after the tests"
    else
      "$LAB_SH" up
      touch "$FLAG"
    fi
    ;;
  down)
    if [[ -e $FLAG ]]; then
      "$LAB_SH" down
      rm -f "$FLAG"
    else
      echo "ctest_lab: this run did not bring the lab up; left as it is"
    fi
    ;;
  *) echo "usage: ctest_lab.sh up|down FLAG_FILE" >&2; exit 2 ;;
esac
