#!/usr/bin/env bash
# The walkthrough in docs/WRITING_PLUGINS.md quotes a source file whole: its code blocks
# between <!-- walkthrough --> and <!-- end walkthrough -->, read in order, are the
# file's lines (blank lines aside). When the plugin changes, this fails until the
# walkthrough says what it now does.
# Usage: test_walkthrough.sh <markdown file> <quoted source file>
set -euo pipefail
doc=$1 source=$2
non_blank() { grep -v '^[[:space:]]*$' || true; }
quoted=$(awk '/^<!-- walkthrough -->$/ {inside = 1; next}
              /^<!-- end walkthrough -->$/ {inside = 0}
              inside && /^```/ {in_code = !in_code; next}
              inside && in_code' "$doc" | non_blank)
[ -n "$quoted" ] || { echo "no walkthrough code blocks in $doc" >&2; exit 1; }
if ! diff -u --label "$source" --label "$doc (quoted)" <(non_blank <"$source") <(printf '%s\n' "$quoted"); then
  echo "the walkthrough in $doc no longer quotes $source as it is" >&2
  exit 1
fi
echo "walkthrough OK"
