#!/bin/sh
# check-layout.sh -- does Valgrind's code sit where lk_layout.c pins it?
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The tool is linked as: lk_layout's anchors, Valgrind's libraries (what
# the core needs by itself), our objects, the libraries again (see the
# comment in lk_layout.c), so that the core's code, data and bss start
# right after page-aligned anchors and do not move when ours changes.
# This script reads the built binary and our objects with nm and fails if
#   - an anchor (text, data, bss) is missing or not page-aligned, or
#   - any text, data or bss symbol defined by one of our objects lies
#     below the anchor of its kind (our objects come before the core's;
#     cold parts of functions, NAME.cold, are in .text.unlikely before
#     all of .text and do not count), or
#   - the first symbol after the text anchor is farther than 64 bytes
#     from it, or one of ours (the core does not follow the anchor).
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
objs=$(ls "$build"/leakcheck_*-lk_*.o 2>/dev/null)
[ -n "$objs" ] || fail "no leakcheck_*-lk_*.o objects in $build"
[ -f "$build"/lk-layout-anchor.o ] || fail "lk_layout.c is not built into the tool"

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
   # Our symbols of this kind below the anchor (cold parts of functions,
   # NAME.cold, live in .text.unlikely before all of .text).
   awk -v k="$kind" '$1 == k { print $2 }' "$tmp/ours" | grep -v -F -x -f "$tmp/dups" \
      | grep -v '\.cold$' > "$tmp/names.$kind"
   bad=$(awk -v a="$a" -v k="$kind" '
      FNR == NR { want[$1] = 1; next }
      ($2 == k || (k == "T" && $2 == "W")) && ($3 in want) && ($1 "") < (a "") { print $3 " at 0x" $1 }
   ' "$tmp/names.$kind" "$tmp/bin" | head -n 5)
   [ -z "$bad" ] || fail "symbols of ours before $anchor (0x$a): $bad"
   n=$(wc -l < "$tmp/names.$kind")
   [ "$n" -gt 0 ] || fail "no $kind symbols of ours found"
   say "$anchor at 0x$a; all $n $kind symbols of ours are above it"
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
if grep -q -F -x "${next#* }" "$tmp/names.T"; then
   fail "the text anchor is followed by ${next#* }, one of ours, not by the core"
fi
say "the core's code starts $gap bytes after the anchor (${next#* })"
echo "check-layout: OK"
exit 0
