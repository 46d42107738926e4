#!/bin/sh
# check-layout.sh -- does Valgrind's code start where lk_layout.c pins it?
# SPDX-License-Identifier: GPL-2.0-or-later
#
# lk_layout.c must be the last of our objects in the tool binary, so that
# the core's code, data and bss start right after its page-aligned
# anchors, whatever the size of ours (see the comment in lk_layout.c).
# This script reads the built binary and our objects with nm and fails if
#   - an anchor (text, data, bss) is missing or not page-aligned, or
#   - any text, data or bss symbol defined by one of our objects lies at
#     or above the anchor of its kind (lk_layout.c is not last), or
#   - the first symbol after the text anchor is farther than 64 bytes
#     from it (something else was linked in between).
#
# Usage: tests/unit/check-layout.sh [-v]
#   BUILDDIR overrides the build directory (default: two levels above this
#   script); NM the tool.
# Exit status: 0 if the layout is as pinned, 1 otherwise.

set -u

verbose=0
[ "${1:-}" = "-v" ] && verbose=1
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${BUILDDIR:-$here/../..}" 2>/dev/null && pwd) || {
   echo "check-layout: FAIL: no build directory ${BUILDDIR:-$here/../..}"; exit 1; }
NM=${NM:-nm}

fail() { echo "check-layout: FAIL: $*"; exit 1; }
say() { [ "$verbose" = 1 ] && echo "check-layout: $*"; return 0; }

bin=$(ls "$build"/leakcheck-*-linux 2>/dev/null | head -n 1)
[ -n "$bin" ] && [ -f "$bin" ] || fail "no leakcheck-*-linux in $build (build first)"
objs=$(ls "$build"/leakcheck_*-lk_*.o 2>/dev/null | grep -v -- '-lk_layout\.o$')
[ -n "$objs" ] || fail "no leakcheck_*-lk_*.o objects in $build"
ls "$build"/leakcheck_*-lk_layout.o >/dev/null 2>&1 || fail "lk_layout.c is not built into the tool"

tmp=$(mktemp -d) || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT

# Names our objects define, by kind: T (text), D (data), B (bss).
# Local symbols are included (static functions); names that the core also
# defines are left out, since they cannot be told apart in the binary.
$NM --defined-only $objs 2>/dev/null \
   | awk 'NF == 3 { k = toupper($2); if (k == "T" || k == "D" || k == "B") print k, $3 }' \
   | sort -u > "$tmp/ours"
$NM -n --defined-only "$bin" | awk 'NF == 3 { print $1, toupper($2), $3 }' > "$tmp/bin"
awk '{ print $3 }' "$tmp/bin" | sort | uniq -d > "$tmp/dups"

check_kind() {   # $1: T, D or B; $2: anchor symbol
   kind=$1; anchor=$2
   a=$(awk -v s="$anchor" '$3 == s { print $1; exit }' "$tmp/bin")
   [ -n "$a" ] || fail "$anchor not found in $bin"
   case "$a" in *000) ;; *) fail "$anchor at 0x$a is not page-aligned" ;; esac
   # Our symbols of this kind at or above the anchor (cold parts of
   # functions, NAME.cold, live in .text.unlikely before all of .text).
   awk -v k="$kind" '$1 == k { print $2 }' "$tmp/ours" | grep -v -F -x -f "$tmp/dups" \
      | grep -v -F -x "$anchor" > "$tmp/names.$kind"
   bad=$(awk -v a="$a" -v k="$kind" '
      FNR == NR { want[$1] = 1; next }
      ($2 == k || (k == "T" && $2 == "W")) && ($3 in want) && ($1 "") >= (a "") { print $3 " at 0x" $1 }
   ' "$tmp/names.$kind" "$tmp/bin" | head -n 5)
   [ -z "$bad" ] || fail "symbols of ours after $anchor (0x$a): $bad"
   n=$(wc -l < "$tmp/names.$kind")
   say "$anchor at 0x$a; all $n $kind symbols of ours are below it"
}

check_kind T vgLeakCheck_layout_anchor
check_kind D vgLeakCheck_layout_anchor_data
check_kind B vgLeakCheck_layout_anchor_bss

# The next text symbol: the core's first function, right after the anchor.
next=$(awk '$3 == "vgLeakCheck_layout_anchor" { getline; print $1, $3; exit }' "$tmp/bin")
[ -n "$next" ] || fail "nothing follows the text anchor"
a=$(awk '$3 == "vgLeakCheck_layout_anchor" { print $1; exit }' "$tmp/bin")
gap=$(( 0x${next%% *} - 0x$a ))
[ "$gap" -le 64 ] || fail "the core starts $gap bytes after the text anchor (${next#* }), not within 64"
say "the core's code starts $gap bytes after the anchor (${next#* })"
echo "check-layout: OK"
exit 0
