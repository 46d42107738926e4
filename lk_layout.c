/*--------------------------------------------------------------------*/
/*--- leakcheck: where Valgrind's own code starts in the binary.   ---*/
/*---                                                  lk_layout.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   The tool binary is our objects followed by Valgrind's libraries
   (libcoregrind, libvex), linked in that order.  Without this file the
   core's code would start wherever ours ends, so every change to our code
   would move all of the core's code, and with it the alignment of its hot
   loops: on the benchmark machine (AMD EPYC), a 16-byte shift made the
   free-list scan in VG_(arena_malloc) and the dispatcher run 1.8x and
   2.6x longer (perf samples), and bench/run-leakscan 10% slower
   (0.80 -> 0.89 s), with no change in what either executes.

   This object is linked last among ours (Makefile.am).  Its function is
   page-aligned, so the core's code, right after it, starts at the same
   offset within a page whatever the size of our code; the same for the
   core's data and bss.  Benchmarks of two leakcheck builds then compare
   our changes, not where the linker happened to put the core.  The
   offset itself (16 bytes into the page, after the empty function) is
   one of the fast ones on that machine; 32 is one of the slow ones
   (figures in bench/README.md, 2026-12-03).
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
