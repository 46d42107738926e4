#!/bin/sh
# check-freestanding.sh -- is the C++ core really freestanding?
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The core (CORE_SOURCES in Makefile.am) is linked into a Valgrind tool
# with -static -nodefaultlibs -nostartfiles: no libc, no libstdc++, and
# coregrind's _start never runs .init_array.  This script compiles each
# core file with the tool's own flags (TOOL_CXXFLAGS and the -I/-D flags,
# read from the configured Makefile, or from Makefile.am) and fails if an
# object
#   - needs any undefined symbol but memcpy, memmove and memset (coregrind
#     provides those: m_main.c "Requirement 1"),
#   - has a .init_array/.ctors (or .fini_array/.dtors) section,
#   - mentions __cxa_*, _Unwind_*, __gxx_personality_* or operator
#     new/delete.
# The tool's own objects (leakcheck_*-lk_*.o) get the same checks when a
# build left them in the build directory.  Before any of that, the checker
# tests itself on snippets that break each rule.
#
# Usage: tests/unit/check-freestanding.sh [-v]
#   TOP_SRCDIR / BUILDDIR override the source and build directories
#   (default: two levels above this script, for both); CXX and NM the tools.
# Exit status: 0 if the core is freestanding, 1 otherwise (or on error).

set -u

verbose=0
[ "${1:-}" = "-v" ] && verbose=1

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "${TOP_SRCDIR:-$here/../..}" 2>/dev/null && pwd) || {
   echo "check-freestanding: FAIL: no source directory ${TOP_SRCDIR:-$here/../..}"; exit 1; }
build=$(cd "${BUILDDIR:-$top}" 2>/dev/null && pwd) || {
   echo "check-freestanding: FAIL: no build directory ${BUILDDIR:-$top}"; exit 1; }
NM=${NM:-nm}
READELF=${READELF:-readelf}

fail() { echo "check-freestanding: FAIL: $*"; exit 1; }
say() { [ "$verbose" = 1 ] && echo "check-freestanding: $*"; return 0; }

# The value of make variable $2 in makefile $1, with $(VAR) references
# expanded from the same file (continuation lines joined).
mkvar() {
   awk -v want="$2" '
      function expand(s,   name, depth) {
         while (match(s, /\$\([A-Za-z_@][A-Za-z0-9_@]*\)/) && depth++ < 100) {
            name = substr(s, RSTART + 2, RLENGTH - 3)
            s = substr(s, 1, RSTART - 1) vars[name] substr(s, RSTART + RLENGTH)
         }
         return s
      }
      {
         line = $0
         while (line ~ /\\$/ && (getline nxt) > 0) { sub(/\\$/, "", line); line = line " " nxt }
         if (line ~ /^[A-Za-z_@][A-Za-z0-9_@]*[ \t]*[:+]?=/) {
            name = line; sub(/[ \t]*[:+]?=.*/, "", name)
            val = line; sub(/^[^=]*=[ \t]*/, "", val)
            if (line ~ /^[A-Za-z_@][A-Za-z0-9_@]*[ \t]*\+=/) vars[name] = vars[name] " " val
            else vars[name] = val
         }
      }
      END { print expand(vars[want]) }' "$1"
}

if [ -f "$build/Makefile" ]; then
   mk=$build/Makefile
else
   mk=$top/Makefile.am
fi
[ -f "$mk" ] || fail "no Makefile or Makefile.am under $top"

cxxflags=$(mkvar "$mk" TOOL_CXXFLAGS)
cppflags=$(mkvar "$mk" VG_CPPFLAGS)
sources=$(mkvar "$mk" CORE_SOURCES)
case "$cppflags" in *@*) cppflags="" ;; esac   # Makefile.am: not substituted
if [ -z "${CXX:-}" ]; then
   CXX=$(mkvar "$mk" CXX)
   case "$CXX" in ''|*@*) CXX=g++ ;; esac
fi
[ -n "$cxxflags" ] || fail "TOOL_CXXFLAGS not found in $mk"
[ -n "$sources" ] || fail "CORE_SOURCES not found in $mk"
case " $cxxflags " in *" -ffreestanding "*) ;; *) fail "TOOL_CXXFLAGS lacks -ffreestanding: $cxxflags" ;; esac
command -v "$CXX" >/dev/null 2>&1 || fail "no C++ compiler '$CXX'"
command -v "$NM" >/dev/null 2>&1 || fail "no '$NM'"
command -v "$READELF" >/dev/null 2>&1 || fail "no '$READELF'"
say "flags from $mk: $CXX $cxxflags $cppflags"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lk-freestanding.XXXXXX") || fail "mktemp"
trap 'rm -rf "$tmp"' EXIT INT TERM

# Prints the problems of object $1 (nothing if it is clean).  Undefined
# symbols listed in the file $tmp/core.defs (defined by another core file)
# are fine.
problems() {
   obj=$1
   "$NM" -u "$obj" | awk '{ print $NF }' | while read -r sym; do
      case "$sym" in
         memcpy|memmove|memset) ;;
         *) grep -qxF "$sym" "$tmp/core.defs" 2>/dev/null || echo "undefined symbol: $sym" ;;
      esac
   done
   "$READELF" -SW "$obj" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^\./) { print $i; break } }' |
   while read -r sec; do
      case "$sec" in
         .init_array*|.ctors*|.fini_array*|.dtors*) echo "section: $sec (static constructors/destructors)" ;;
         .gcc_except_table*) echo "section: $sec (exceptions)" ;;
      esac
   done
   "$NM" "$obj" | awk '{ print $NF }' | sort -u | while read -r sym; do
      case "$sym" in
         __cxa_*|_Unwind_*|__gxx_personality*) echo "symbol: $sym" ;;
         _Znw*|_Zna*|_Zdl*|_Zda*) echo "symbol: $sym (operator new/delete)" ;;
      esac
   done
}

compile() {   # source, object
   # shellcheck disable=SC2086
   (cd "$build" && "$CXX" $cxxflags $cppflags -I"$top" -c "$1" -o "$2") 2>"$tmp/cc.err"
}

# 1. The checker must catch each kind of violation.
cat >"$tmp/bad_ctor.cpp" <<'EOF'
int g;
struct S { S() { g = 1; } };
S s;
EOF
cat >"$tmp/bad_new.cpp" <<'EOF'
void* f() { return new int; }
EOF
cat >"$tmp/bad_libc.cpp" <<'EOF'
extern "C" unsigned long strlen(const char*);
unsigned long h(const char* p) { return strlen(p); }
EOF
cat >"$tmp/bad_dtor.cpp" <<'EOF'
int g;
struct T { ~T() { g = 0; } int v; };
int k() { static T t; return t.v; }
EOF
cat >"$tmp/good.cpp" <<'EOF'
struct P { int a[64]; };
void copy(P* d, const P* s) { *d = *s; }
EOF
for t in bad_ctor bad_new bad_libc bad_dtor good; do
   compile "$tmp/$t.cpp" "$tmp/$t.o" || { cat "$tmp/cc.err"; fail "self-test snippet $t does not compile"; }
   p=$(problems "$tmp/$t.o")
   case "$t" in
      good) [ -z "$p" ] || fail "self-test: a clean snippet was flagged: $p" ;;
      *) [ -n "$p" ] || fail "self-test: the checker missed the violation in $t.cpp" ;;
   esac
   say "self-test $t: ${p:-clean}"
done

# 2. The core, compiled here with the tool's flags.  Symbols one core file
# defines for another are not outside dependencies.
status=0
for src in $sources; do
   obj=$tmp/$(basename "$src" .cpp).o
   if ! compile "$top/$src" "$obj"; then
      cat "$tmp/cc.err"
      echo "check-freestanding: FAIL: $src does not compile with the tool's flags"
      status=1
   fi
done
for src in $sources; do
   obj=$tmp/$(basename "$src" .cpp).o
   [ -f "$obj" ] && "$NM" --defined-only "$obj" | awk '{ print $NF }'
done | sort -u >"$tmp/core.defs"
for src in $sources; do
   obj=$tmp/$(basename "$src" .cpp).o
   [ -f "$obj" ] || continue
   p=$(problems "$obj")
   if [ -n "$p" ]; then
      echo "check-freestanding: FAIL: $src is not freestanding:"
      echo "$p" | sed 's/^/    /'
      status=1
   else
      say "$src: ok"
   fi
done

# 3. The tool's objects, if a build made them.
for src in $sources; do
   for obj in "$build"/leakcheck_*-"$(basename "$src" .cpp)".o; do
      [ -f "$obj" ] || continue
      p=$(problems "$obj")
      if [ -n "$p" ]; then
         echo "check-freestanding: FAIL: $(basename "$obj") is not freestanding:"
         echo "$p" | sed 's/^/    /'
         status=1
      else
         say "$(basename "$obj"): ok"
      fi
   done
done

if [ "$status" = 0 ]; then
   echo "check-freestanding: PASS: $(echo $sources | wc -w) core files need only memcpy/memmove/memset, no constructors, no C++ runtime"
fi
exit "$status"
