#!/bin/sh
# check-core-symbols.sh -- tests of tools/check-core-symbols, the
# configure check for the core's private symbols leakcheck uses.
# SPDX-License-Identifier: GPL-2.0-or-later
#
#  1. the list is exactly the set of Valgrind core symbols that the built
#     tool objects reference and that no installed pub_tool_*.h declares
#     (so a new use of a private symbol must be added to the list);
#  2. the installed libcoregrind passes;
#  3. an archive that lacks one of the symbols fails, naming it, and so
#     does one whose symbol is only referenced, not defined;
#  4. lk_vgcore.h, the one header declaring them, declares the same
#     symbols in the same order, each under the private header the list
#     names (its comment "pub_core_X.h -- ..." just above).
#
# Usage: tests/unit/check-core-symbols.sh
#   BUILDDIR overrides the build directory (default: two levels above this
#   script); NM, CC, AR the tools.
# Exit status: 0 if all hold, 1 otherwise.

set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$(cd "${BUILDDIR:-$top}" 2>/dev/null && pwd) || {
   echo "FAIL: no build directory ${BUILDDIR:-$top}"; exit 1; }
NM=${NM:-nm}; CC=${CC:-cc}; AR=${AR:-ar}
export NM
check="$top/tools/check-core-symbols"
incdir=$(pkg-config --variable=includedir valgrind)
libdir=$(pkg-config --variable=libdir valgrind)/valgrind
platform=$(pkg-config --variable=platform valgrind)
lib="$libdir/libcoregrind-$platform.a"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# 1. The list against what the objects use.
set -- "$build"/leakcheck_"$platform"-lk_*.o
[ -f "$1" ] || { echo "FAIL: no tool objects in $build (build first)"; exit 1; }
"$NM" -u "$@" | awk '$1 == "U" && $2 ~ /^vgPlain_/ { print $2 }' | sort -u |
while read -r sym; do
   name=${sym#vgPlain_}
   grep -q "VG_($name)" "$incdir"/pub_tool_*.h || echo "$sym"
done > "$tmp/used"
"$check" --list | sort > "$tmp/listed"
if cmp -s "$tmp/used" "$tmp/listed"; then
   echo "ok: the list matches the $(wc -l < "$tmp/used") private symbols the objects use"
else
   fail "tools/check-core-symbols --list differs from the private symbols the objects use (< used, > listed):"
   diff "$tmp/used" "$tmp/listed"
fi

# 2. The real core.
if "$check" "$lib" 2> "$tmp/err"; then
   echo "ok: $lib defines them all"
else
   fail "$lib rejected:"; cat "$tmp/err"
fi

# 3. A core without one of them, and one that only references it.
gone=vgPlain_use_CF_info
"$check" --list | grep -vx "$gone" | awk '{ print "char " $1 " = 0;" }' > "$tmp/defs.c"
echo "extern char $gone; char *lk_ref = &$gone;" >> "$tmp/defs.c"
if ! "$CC" -c -o "$tmp/defs.o" "$tmp/defs.c" || ! "$AR" rc "$tmp/fake.a" "$tmp/defs.o"; then
   fail "could not build the fake archive"
else
   "$check" "$tmp/fake.a" 2> "$tmp/err"; rc=$?
   if [ $rc -eq 1 ] && grep -q "$gone (pub_core_debuginfo.h)" "$tmp/err" \
      && [ "$(grep -c '^  ' "$tmp/err")" -eq 1 ]; then
      echo "ok: an archive without $gone is rejected, naming it only"
   else
      fail "fake archive: exit $rc, stderr:"; cat "$tmp/err"
   fi
fi

# 4. The header against the list, line for line.
awk '/^\/\* pub_core_[a-z]*\.h --/ { hdr = $2 }
     /^extern/ && match($0, /VG_\([A-Za-z_]*\)/) {
        print "vgPlain_" substr($0, RSTART + 4, RLENGTH - 5), hdr; hdr = "?" }' \
   "$top/lk_vgcore.h" > "$tmp/declared"
"$check" --list-headers > "$tmp/listed-headers"
if [ -s "$tmp/declared" ] && cmp -s "$tmp/declared" "$tmp/listed-headers"; then
   echo "ok: lk_vgcore.h declares the $(wc -l < "$tmp/declared") listed symbols in order, under their headers"
else
   fail "lk_vgcore.h and tools/check-core-symbols --list-headers differ (< header, > list):"
   diff "$tmp/declared" "$tmp/listed-headers"
fi
if grep -n 'extern.*VG_(' "$top"/lk_*.c "$top"/lk_*.h | grep -v '^[^:]*lk_vgcore.h:' > "$tmp/elsewhere"; then
   fail "core symbols declared outside lk_vgcore.h:"; cat "$tmp/elsewhere"
else
   echo "ok: no other file declares a core symbol"
fi

[ $fails -eq 0 ] || exit 1
exit 0
