/*--------------------------------------------------------------------*/
/*--- leakcheck: where Valgrind's own code starts in the binary.   ---*/
/*---                                                  lk_layout.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   The tool binary is our objects and Valgrind's libraries (libcoregrind,
   libvex).  If ours come first, the core's code starts wherever ours
   ends, so every change to our code moves all of the core's code and
   with it the alignment of its hot loops: on the benchmark machine (AMD
   EPYC) a 16-byte shift made the free-list scan in VG_(arena_malloc)
   and the dispatcher run 1.8x and 2.6x longer (perf samples), and
   bench/run-leakscan 10% slower (0.80 -> 0.89 s), with no change in
   what either executes.  Pinning only the core's start is not enough:
   which archive members get loaded, and in what order, also depends on
   what our code calls (a first use of a core module moved the
   dispatcher by 8 KiB).

   So the link (Makefile.am) puts this object first, then the libraries,
   then our objects, then the libraries again.  The first pass loads what
   the core needs by itself, in an order our code cannot change, right
   after the page-aligned anchors below (code, data, bss); only members
   that nothing but our code needs land after our objects.  Cold code
   (.text.unlikely) of every object precedes all of .text, so the
   page-aligned function is what keeps the core's code at a fixed page
   offset.  Benchmarks of two leakcheck builds then compare our changes,
   not where the linker happened to put the core.
   tests/unit/check-layout.sh checks the order.
*/

#include "pub_tool_basics.h"
#include "lk_include.h"

void LK_(layout_anchor)(void);
extern UChar LK_(layout_anchor_data)[1];
extern UChar LK_(layout_anchor_bss)[1];

__attribute__((aligned(4096), used, noinline))
void LK_(layout_anchor)(void)
{
}

/* One byte each, page-aligned: the core's data and bss follow. */
__attribute__((aligned(4096), used))
UChar LK_(layout_anchor_data)[1] = { 1 };
__attribute__((aligned(4096), used))
UChar LK_(layout_anchor_bss)[1];
