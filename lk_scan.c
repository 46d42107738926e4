/*--------------------------------------------------------------------*/
/*--- leakcheck: the leak-search driver (roots, faults, report).   ---*/
/*---                                                    lk_scan.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   Leak-check driver
   -----------------
   The algorithm lives in the core (lk_leak.cpp, lk_report.cpp).  This
   file hands it the block set and the roots, keeps it safe from faults,
   and passes the resulting loss records to Valgrind's error manager:

   1. Blocks: every live block (lk_heap.c's table), with its allocation
      stack and, under --leak-resolution=low|med, a representative stack
      for its group (stacks whose first 2 or 4 frames are equal).
   2. Roots, in Memcheck's order: every client mapping that is readable
      and writable, is not client heap and is not a device (except
      /dev/zero), in address order; then the general-purpose registers of
      every thread.  Parts of thread stacks below SP-128 are left out:
      Memcheck considers them noaccess.  So are the stacks of exited
      threads below the SP they died with, until the memory is unmapped
      or a live thread's stack covers it again, and coroutine stacks (heap
      blocks, mappings) below the SP they were left with at a switch.
   3. Marking and clique phases, each scan run under a fault catcher that
      skips one word per fault (pages can be mprotect'ed behind
      Valgrind's back, or file mappings can end before the file).
   4. Loss records in order, each offered to VG_(unique_error), then
      LEAK SUMMARY.

   Stale pointers: without definedness bits every readable word counts.
   The two big sources of stale words Memcheck ignores as undefined --
   recycled heap memory and stack slots of returned frames -- are
   cleared by lk_heap.c (fresh blocks are zeroed) and lk_translate.c
   (stack below SP-128 is zeroed as SP goes down).
*/

#include "pub_tool_basics.h"
#include "pub_tool_aspacehl.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_execontext.h"
#include "pub_tool_hashtable.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcsignal.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_machine.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "pub_tool_oset.h"
#include "pub_tool_signals.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_vki.h"
#include "lk_include.h"

static LK_Leak* lc = NULL;

/* Phase timings at -v -v -v (debug output for performance work). */
static UInt phase_ms;
static void phase(const HChar* what)
{
   if (VG_(clo_verbosity) > 2) {
      UInt now = VG_(read_millisecond_timer)();
      VG_(message)(Vg_DebugMsg, "leak search: %s (%u ms)\n", what,
                   now - phase_ms);
      phase_ms = now;
   }
}


/*------------------------------------------------------------*/
/*--- The host services the core uses                      ---*/
/*------------------------------------------------------------*/

static void* host_alloc(const char* cc, size_t szB)
{
   void* p = VG_(malloc)(cc, szB);
   /* The big tables of a leak search (per-block arrays: 1 to 16 bytes
      per heap block) are fresh memory written soon after: fault them in
      with one call instead of one page fault per page (bench/run-leakscan:
      the scan phase 12% faster).  Not the mark stack (lk_leak.cpp), which
      has room for every block but rarely fills. */
   if (szB >= 256 * 1024 && VG_(strcmp)(cc, "lk.leak.mark") != 0)
      LK_(populate)((Addr)p, szB);
   return p;
}

static void host_dealloc(void* p)
{
   VG_(free)(p);
}

static void host_assert_fail(const char* expr, const char* file, int line)
{
   VG_(assert_fail)(/*isCore*/False, expr, file, line, "(core)", "\n");
}

/* Fault-safe word read for the heuristics (Memcheck protects
   heuristic_reachedness with its own catcher, as here). */
static int host_read_word(LK_Addr a, uint64_t* out)
{
   UWord w;
   if (!LK_(read_client_word)((Addr)a, &w, "while reading memory"))
      return 0;
   *out = w;
   return 1;
}

static int host_segment_at(LK_Addr a, LK_SegInfo* out)
{
   NSegment const* seg = VG_(am_find_nsegment)((Addr)a);
   if (seg == NULL)
      return 0;
   out->start = seg->start;
   out->end = seg->end;
   out->flags = (seg->kind == SkFileC ? LK_SEG_FILE : 0)
                | (seg->hasR ? LK_SEG_R : 0)
                | (seg->hasW ? LK_SEG_W : 0)
                | (seg->hasT ? LK_SEG_T : 0);
   return 1;
}

static const LK_Host host = {
   host_alloc, host_dealloc, host_read_word, host_segment_at, host_assert_fail
};

void LK_(scan_init)(void)
{
   lk_core_init(&host);
   lc = lk_leak_new();
}

const LK_LeakTotals* LK_(leak_totals)(void)
{
   return lk_leak_totals(lc);
}

/*------------------------------------------------------------*/
/*--- Stacks of exited threads                             ---*/
/*------------------------------------------------------------*/

/* [lo, hi) below the SP an exited thread died with.  Memcheck marks
   stack memory noaccess as SP rises, so a dead thread's old frames are
   never roots; glibc keeps such stacks mapped for reuse, so we must
   remember to skip them. */
typedef struct { Addr lo; Addr hi; } Range;

/* Calls f on the pieces of [start, end) that none of the N ranges R
   (sorted by lo, possibly overlapping) covers, in address order. */
static void each_gap(const Range* r, UInt n, Addr start, Addr end,
                     void (*f)(Addr, Addr, void*), void* opaque)
{
   Addr cur = start;
   UInt i;
   for (i = 0; i < n && cur < end && r[i].lo < end; i++) {
      if (r[i].lo > cur)
         f(cur, r[i].lo, opaque);
      if (r[i].hi > cur)
         cur = r[i].hi;
   }
   if (cur < end)
      f(cur, end, opaque);
}

static Int cmp_range_lo(const void* a, const void* b)
{
   const Range* ra = a;
   const Range* rb = b;
   return ra->lo < rb->lo ? -1 : ra->lo > rb->lo ? 1 : 0;
}

static Range* dead_stacks = NULL;
static UInt   n_dead_stacks = 0;
static UInt   cap_dead_stacks = 0;

/* Appends [lo, hi) to a growable array of ranges. */
static void range_append(Range** arr, UInt* n, UInt* cap, const HChar* cc,
                         Addr lo, Addr hi)
{
   if (*n == *cap) {
      *cap = *cap ? 2 * *cap : 16;
      *arr = VG_(realloc)(cc, *arr, *cap * sizeof(Range));
   }
   (*arr)[*n].lo = lo;
   (*arr)[*n].hi = hi;
   (*n)++;
}

static void add_dead_stack(Addr lo, Addr hi)
{
   range_append(&dead_stacks, &n_dead_stacks, &cap_dead_stacks,
                "lk.scan.dead", lo, hi);
}

void LK_(thread_exiting)(ThreadId tid)
{
   Addr sp = VG_(get_SP)(tid);
   NSegment const* seg = VG_(am_find_nsegment)(sp);
   /* Not a stack in the client heap (pthread_attr_setstack with a
      malloc'd block): the segment is a superblock of the arena, and what
      lies below the SP there is other blocks. */
   if (seg == NULL || seg->kind != SkAnonC || seg->isCH)
      return;
   if (sp - VG_STACK_REDZONE_SZB > seg->start)
      add_dead_stack(seg->start, sp - VG_STACK_REDZONE_SZB);
}

/* The memory [a, a+len) was unmapped or mapped anew: forget it. */
void LK_(scan_mem_mapped)(Addr a, SizeT len)
{
   UInt i, n = n_dead_stacks;
   Addr e = a + len;
   if (UNLIKELY(LK_(n_parked_stacks) > 0))
      LK_(parked_stacks_forget)(a, len);
   for (i = 0; i < n; i++) {
      Range r = dead_stacks[i];
      if (r.hi <= a || r.lo >= e)
         continue;
      if (r.lo < a && r.hi > e) {
         /* Split: keep both sides. */
         dead_stacks[i].hi = a;
         add_dead_stack(e, r.hi);
      } else if (r.lo < a) {
         dead_stacks[i].hi = a;
      } else if (r.hi > e) {
         dead_stacks[i].lo = e;
      } else {
         dead_stacks[i].lo = dead_stacks[i].hi = 0;   /* empty */
      }
   }
}

/* Leak origins: the pieces of [start, end) that are not dead stack
   (below a live thread's SP, or what an exited thread left below its
   last SP).  Called for munmap and system-call writes: rare enough to
   gather the ranges each time. */
void LK_(for_each_live_stack_part)(Addr start, Addr end,
                                   void (*f)(Addr lo, Addr hi, void* opaque),
                                   void* opaque)
{
   Range dead[VG_N_THREADS + 64];
   UInt n = 0, i;
   ThreadId tid;
   Addr stack_min, stack_max;
   VG_(thread_stack_reset_iter)(&tid);
   while (VG_(thread_stack_next)(&tid, &stack_min, &stack_max)
          && n < VG_N_THREADS) {
      Addr sp = VG_(get_SP)(tid);
      if (sp > stack_min && sp <= stack_max + 1) {
         dead[n].lo = stack_min;
         dead[n].hi = sp;
         n++;
      }
   }
   for (i = 0; i < n_dead_stacks && n < sizeof dead / sizeof dead[0]; i++)
      if (dead_stacks[i].hi > dead_stacks[i].lo)
         dead[n++] = dead_stacks[i];
   if (n > 1)
      VG_(ssort)(dead, n, sizeof(Range), cmp_range_lo);
   each_gap(dead, n, start, end, f, opaque);
}

/*------------------------------------------------------------*/
/*--- Stacks left at a stack switch                        ---*/
/*------------------------------------------------------------*/

/* A coroutine (ucontext, boost.context, ...) runs on a stack of its
   own, often a heap block.  Memcheck marks the memory below such a
   stack's SP noaccess as SP rises over it, so when the coroutine is
   suspended, nothing below the SP it left with is a root or scanned as
   part of the block.  leakcheck remembers that SP instead: each stack
   switch (a change of SP bigger than --max-stackframe, where the core
   prints "client switching stacks?") "parks" the old SP, and the leak
   search leaves out [start of its block or mapping, SP - 128) for the
   lowest SP parked in each block or mapping, a live thread's SP there
   included.

   Resuming a stack unparks it: switching to an SP within RESUME_SLACK
   of a parked one (swapcontext resumes at the SP it saved, give or take
   a return address) drops that entry, so a coroutine that runs on from
   where it stopped has one entry, its latest.  Entries left by a stack
   that was restarted elsewhere (makecontext on a used stack) stay: the
   old frames above the lowest of them were never risen over, and
   Memcheck still counts them, so the lowest SP is the one to use.
   Freeing the block or unmapping the memory drops the entries in it.
   Should a program's switches escape that matching, the set is cleared
   at PARKED_MAX entries: the search then scans those stacks whole, as
   it did before parking existed. */
typedef struct { Addr sp; } Parked;

#define RESUME_SLACK 512
#define PARKED_MAX   100000

static OSet* parked = NULL;   /* of Parked, keyed by sp */
static ULong n_switches = 0;
UInt LK_(n_parked_stacks) = 0;

/* Removes the entries in [lo, hi). */
static void parked_remove_range(Addr lo, Addr hi)
{
   for (;;) {
      Parked* p;
      VG_(OSetGen_ResetIterAt)(parked, &lo);
      p = VG_(OSetGen_Next)(parked);
      if (p == NULL || p->sp >= hi)
         break;
      p = VG_(OSetGen_Remove)(parked, &p->sp);
      VG_(OSetGen_FreeNode)(parked, p);
   }
   LK_(n_parked_stacks) = VG_(OSetGen_Size)(parked);
}

void LK_(stack_switched)(Addr old_sp, Addr new_sp)
{
   Parked* p;
   if (parked == NULL)
      parked = VG_(OSetGen_Create)(offsetof(Parked, sp), NULL,
                                   VG_(malloc), "lk.scan.parked", VG_(free));
   parked_remove_range(new_sp > RESUME_SLACK ? new_sp - RESUME_SLACK : 0,
                       new_sp + RESUME_SLACK + 1);
   if (VG_(OSetGen_Size)(parked) >= PARKED_MAX)
      parked_remove_range(0, ~(Addr)0);   /* all (an SP is never ~0) */
   n_switches++;
   if (VG_(OSetGen_Lookup)(parked, &old_sp) == NULL) {
      p = VG_(OSetGen_AllocNode)(parked, sizeof(Parked));
      p->sp = old_sp;
      VG_(OSetGen_Insert)(parked, p);
   }
   LK_(n_parked_stacks) = VG_(OSetGen_Size)(parked);
}

void LK_(stack_print_stats)(void)
{
   VG_(message)(Vg_DebugMsg,
                "leakcheck: stacks: %llu switches, %u stacks parked\n",
                n_switches, LK_(n_parked_stacks));
}

/* The block [a, a+len) was freed, or the memory unmapped. */
void LK_(parked_stacks_forget)(Addr a, SizeT len)
{
   if (parked != NULL && len > 0)
      parked_remove_range(a, a + len);
}

/*------------------------------------------------------------*/
/*--- Excluded ranges of the root scan                     ---*/
/*------------------------------------------------------------*/

static Range* excluded = NULL;
static UInt   n_excluded = 0;
static UInt   cap_excluded = 0;
/* How many of them are stacks; the others come from client requests.
   Both kinds may lie inside heap blocks (a coroutine's stack, memory the
   client made noaccess): then blocks are scanned around them. */
static UInt   n_stack_excluded = 0;
static Bool   blocks_excluded = False;

static void add_excluded(Addr lo, Addr hi)
{
   if (hi <= lo)
      return;
   range_append(&excluded, &n_excluded, &cap_excluded, "lk.scan.excl", lo, hi);
}

static Int cmp_range(const void* a, const void* b)
{
   const Range* ra = a;
   const Range* rb = b;
   return ra->lo < rb->lo ? -1 : ra->lo > rb->lo ? 1 : 0;
}

/* Where a stack in use starts: the heap block holding 'sp' (during a
   search), else its client mapping.  Returns False if neither. */
static Bool stack_region(Addr sp, Addr* lo, Bool* heap)
{
   LK_Addr start;
   uint64_t szB;
   NSegment const* seg;
   if (lk_leak_block_at(lc, sp, &start, &szB)) {
      *lo = start;
      *heap = True;
      return True;
   }
   /* A mapping: only an anonymous one of the client's own (thread
      stacks, mmap'd coroutine stacks), not a superblock of the client
      arena, and not an object's data or bss, where a stack that is a
      static array has other variables around it. */
   seg = VG_(am_find_nsegment)(sp);
   if (seg == NULL || seg->kind != SkAnonC || seg->isCH
       || VG_(DebugInfo_sect_kind)(NULL, sp) != Vg_SectUnknown)
      return False;
   *lo = seg->start;
   *heap = False;
   return True;
}

typedef struct { Addr lo; Addr sp; Bool heap; } StackUse;

static Int cmp_stack_use(const void* a, const void* b)
{
   const StackUse* x = a;
   const StackUse* y = b;
   if (x->lo != y->lo) return x->lo < y->lo ? -1 : 1;
   return x->sp < y->sp ? -1 : x->sp > y->sp ? 1 : 0;
}

/* Memory below the lowest SP in each block or mapping used as a stack:
   live threads' SPs and parked ones. */
static Bool exclude_below_stack_pointers(void)
{
   ThreadId tid;
   Addr stack_min, stack_max;
   UInt n = 0, cap = LK_(n_parked_stacks) + VG_N_THREADS, i;
   StackUse* u = VG_(malloc)("lk.scan.stackuse", cap * sizeof(StackUse));
   Bool heap_excluded = False;
   Parked* p;

   VG_(thread_stack_reset_iter)(&tid);
   while (VG_(thread_stack_next)(&tid, &stack_min, &stack_max)) {
      Addr sp = VG_(get_SP)(tid);
      if (n < cap && stack_region(sp, &u[n].lo, &u[n].heap)) {
         u[n].sp = sp;
         n++;
      }
   }
   if (parked != NULL) {
      VG_(OSetGen_ResetIter)(parked);
      while ((p = VG_(OSetGen_Next)(parked)) != NULL && n < cap) {
         if (stack_region(p->sp, &u[n].lo, &u[n].heap)) {
            u[n].sp = p->sp;
            n++;
         }
      }
   }
   if (n > 1)
      VG_(ssort)(u, n, sizeof(StackUse), cmp_stack_use);
   for (i = 0; i < n; i++) {
      if (i > 0 && u[i - 1].lo == u[i].lo)
         continue;   /* not the lowest in its region */
      if (u[i].sp - VG_STACK_REDZONE_SZB > u[i].lo) {
         add_excluded(u[i].lo, u[i].sp - VG_STACK_REDZONE_SZB);
         heap_excluded |= u[i].heap;
      }
   }
   VG_(free)(u);
   return heap_excluded;
}

/* Live thread stacks and stacks parked at a switch: the part of each
   below its SP-128.  Dead stacks: what they left below their last SP,
   minus whatever a live thread now uses (a reused stack). */
static void compute_excluded_ranges(void)
{
   ThreadId tid;
   Addr stack_min, stack_max;
   Range* live = VG_(malloc)("lk.scan.live", VG_N_THREADS * sizeof(Range));
   UInt n_live = 0, i, j;
   Bool heap_stacks;

   n_excluded = 0;
   heap_stacks = exclude_below_stack_pointers();
   VG_(thread_stack_reset_iter)(&tid);
   while (VG_(thread_stack_next)(&tid, &stack_min, &stack_max)) {
      Addr sp = VG_(get_SP)(tid);
      Addr low = sp - VG_STACK_REDZONE_SZB;
      NSegment const* seg = VG_(am_find_nsegment)(sp);
      tl_assert(n_live < VG_N_THREADS);
      live[n_live].lo = low;
      live[n_live].hi = seg ? seg->end + 1 : stack_max + 1;
      n_live++;
   }
   for (i = 0; i < n_dead_stacks; i++) {
      Addr lo = dead_stacks[i].lo, hi = dead_stacks[i].hi;
      for (j = 0; j < n_live && lo < hi; j++) {
         /* A live region [l, h) can only cut the top of a dead range
            (stacks grow down from the top of the same mapping). */
         if (live[j].lo < hi && live[j].hi > lo)
            hi = live[j].lo > lo ? live[j].lo : lo;
      }
      add_excluded(lo, hi);
   }
   VG_(free)(live);
   /* What the client made noaccess or undefined, and ignored ranges
      (lk_clientreq.c): skipped in roots and in blocks alike. */
   n_stack_excluded = n_excluded;
   LK_(clientreq_excluded_ranges)(add_excluded);
   blocks_excluded = heap_stacks || n_excluded > n_stack_excluded;
   if (n_excluded > 1)
      VG_(ssort)(excluded, n_excluded, sizeof(Range), cmp_range);
   /* Make them disjoint, so that scan_excluding can binary-search. */
   if (n_excluded > 1) {
      UInt k = 0;
      for (i = 1; i < n_excluded; i++) {
         if (excluded[i].lo <= excluded[k].hi) {
            if (excluded[i].hi > excluded[k].hi)
               excluded[k].hi = excluded[i].hi;
         } else {
            excluded[++k] = excluded[i];
         }
      }
      n_excluded = k + 1;
   }
}

/*------------------------------------------------------------*/
/*--- Fault-safe scanning                                  ---*/
/*------------------------------------------------------------*/

static SizeT scan_skipped_szB;
#define SCAN_WHAT "during leak search"

typedef struct { Addr start, end; } ScanPiece;

static void scan_piece(void* opaque)
{
   ScanPiece* r = opaque;
   lk_leak_scan(lc, r->start, r->end);
}

/* Scans [start, end) with the core, skipping each word that faults. */
static void guarded_scan(Addr start, Addr end)
{
   ScanPiece r;
   Addr fault;
   r.start = start;
   r.end = end;
   while (r.start < end && !LK_(catch_faults)(scan_piece, &r, &fault,
                                               SCAN_WHAT)) {
      Addr next = VG_ROUNDDN(fault, sizeof(UWord)) + sizeof(UWord);
      if (next <= r.start || next > end)
         next = VG_ROUNDUP(r.start, sizeof(UWord)) + sizeof(UWord);
      scan_skipped_szB += sizeof(UWord);
      r.start = next;
   }
}

static void drain_from_start(void* opaque)
{
   lk_leak_drain(lc);
}

static void drain_resume(void* opaque)
{
   lk_leak_drain_resume(lc, *(Addr*)opaque);
}

/* Scans every block on the mark stack: after a fault the core resumes
   one word further in the same block. */
static void drain_mark_stack(void)
{
   Addr fault;
   Bool done = LK_(catch_faults)(drain_from_start, NULL, &fault, SCAN_WHAT);
   while (!done) {
      Addr at = fault;
      scan_skipped_szB += sizeof(UWord);
      done = LK_(catch_faults)(drain_resume, &at, &fault, SCAN_WHAT);
   }
}

static void tags_write(void* opaque)
{
   lk_leak_tags_write(lc);
}

/* Start tags (lk_core.h): 16 bytes just below each malloc'd block, in
   the arena's redzone, which no root range covers (the heap's segments
   are not roots) and which the client cannot read without an error.
   The key changes with each search, so tags of an earlier search never
   count.  Writes are guarded like the scan's reads: a block whose tag
   cannot be written is looked up as without tags. */
static void write_start_tags(void)
{
   static UInt seed = 0;
   ULong key;
   if (LK_(Malloc_Redzone_SzB) < 16)
      return;
   seed += VG_(read_millisecond_timer)() + LK_(leak_search_gen);
   key = ((ULong)VG_(random)(&seed) << 32) ^ VG_(random)(&seed)
         ^ ((ULong)(Addr)&key << 16);
   if (!lk_leak_tags_begin(lc, key))
      return;
   while (!LK_(catch_faults)(tags_write, NULL, NULL, SCAN_WHAT))
      lk_leak_tags_skip(lc);
}

/* Calls f on the pieces of [start, end) outside the excluded ranges
   (sorted and disjoint), in address order. */
static void for_each_unexcluded(Addr start, Addr end,
                                void (*f)(Addr, Addr, void*), void* opaque)
{
   UInt lo = 0, hi = n_excluded;
   /* The first excluded range ending above start. */
   while (lo < hi) {
      UInt mid = lo + (hi - lo) / 2;
      if (excluded[mid].hi <= start) lo = mid + 1; else hi = mid;
   }
   each_gap(excluded + lo, n_excluded - lo, start, end, f, opaque);
}

static void guarded_scan_cb(Addr start, Addr end, void* opaque)
{
   guarded_scan(start, end);
}

/* Scans [start, end) minus the excluded ranges, in address order. */
static void scan_root_range(Addr start, Addr end)
{
   for_each_unexcluded(start, end, guarded_scan_cb, NULL);
}

/* Calls f on every root segment (whole), in address order. */
static void for_each_root_segment(void (*f)(Addr, Addr, void*), void* opaque)
{
   Int i, n_seg_starts;
   Addr* seg_starts = VG_(get_segment_starts)(SkFileC | SkAnonC | SkShmC,
                                              &n_seg_starts);
   tl_assert(seg_starts && n_seg_starts > 0);
   for (i = 0; i < n_seg_starts; i++) {
      NSegment const* seg = VG_(am_find_nsegment)(seg_starts[i]);
      tl_assert(seg);
      if (!(seg->hasR && seg->hasW))
         continue;
      if (seg->isCH)
         continue;   /* the heap is reached only through its blocks */
      if (seg->kind == SkFileC
          && (VKI_S_ISCHR(seg->mode) || VKI_S_ISBLK(seg->mode))) {
         /* Poking devices may hang; /dev/zero is plain memory. */
         const HChar* name = VG_(am_get_filename)(seg);
         if (!(name && VG_STREQ(name, "/dev/zero")))
            continue;
      }
      if (VG_(clo_verbosity) > 2)
         VG_(message)(Vg_DebugMsg, "  Scanning root segment: %#lx..%#lx (%lu)\n",
                      seg->start, seg->end, seg->end - seg->start + 1);
      f(seg->start, seg->end + 1, opaque);
   }
   VG_(free)(seg_starts);
}

static void scan_root_segment_cb(Addr start, Addr end, void* opaque)
{
   scan_root_range(start, end);
}

static void scan_root_segments(void)
{
   for_each_root_segment(scan_root_segment_cb, NULL);
}

typedef struct { void (*f)(Addr, Addr, void*); void* opaque; } RootWalk;

static void root_walk_segment(Addr start, Addr end, void* opaque)
{
   RootWalk* w = opaque;
   for_each_unexcluded(start, end, w->f, w->opaque);
}

void LK_(for_each_scannable)(Addr start, Addr end,
                             void (*f)(Addr start, Addr end, void* opaque),
                             void* opaque)
{
   for_each_unexcluded(start, end, f, opaque);
}

void LK_(for_each_root_range)(void (*f)(Addr start, Addr end, void* opaque),
                              void* opaque)
{
   RootWalk w = { f, opaque };
   compute_excluded_ranges();
   for_each_root_segment(root_walk_segment, &w);
}

static void root_register(ThreadId tid, const HChar* regname, UWord value)
{
   lk_leak_root_value(lc, value);
}

/*------------------------------------------------------------*/
/*--- --leak-resolution groups                             ---*/
/*------------------------------------------------------------*/

/* Under low/med resolution, stacks whose first 2/4 frames are equal
   form one loss record.  Each stack is mapped to a representative (the
   first one seen with those frames); the map lives for the whole run so
   that records stay the same across delta searches. */
typedef struct _GroupNode {
   struct _GroupNode* next;
   UWord              key;         /* ExeContext*, or hash for reps */
   ExeContext*        rep;
   struct _GroupNode* same_hash;   /* other representatives, same hash */
} GroupNode;

static VgHashTable* ec_to_rep = NULL;     /* key: ExeContext* */
static VgHashTable* hash_to_reps = NULL;  /* key: hash of first frames */

typedef struct { UWord h; UInt n; UInt max; } FrameHash;

static void hash_frame(UInt n, DiEpoch ep, Addr ip, void* opaque)
{
   FrameHash* fh = opaque;
   if (fh->n >= fh->max)
      return;
   fh->h = (fh->h ^ ip) * 0x100000001b3ULL;
   fh->n++;
}

static ExeContext* group_of(ExeContext* ec, VgRes res)
{
   GroupNode* g;
   if (res == Vg_HighRes)
      return ec;
   if (ec_to_rep == NULL) {
      ec_to_rep = VG_(HT_construct)("lk.scan.ec2rep");
      hash_to_reps = VG_(HT_construct)("lk.scan.hash2reps");
   }
   g = VG_(HT_lookup)(ec_to_rep, (UWord)ec);
   if (g)
      return g->rep;

   FrameHash fh = { 0xcbf29ce484222325ULL, 0, res == Vg_LowRes ? 2 : 4 };
   VG_(apply_ExeContext)(hash_frame, &fh, ec);
   ExeContext* rep = NULL;
   GroupNode* head = VG_(HT_lookup)(hash_to_reps, fh.h);
   for (g = head; g != NULL; g = g->same_hash) {
      if (VG_(eq_ExeContext)(res, g->rep, ec)) { rep = g->rep; break; }
   }
   if (rep == NULL) {
      rep = ec;
      GroupNode* n = VG_(malloc)("lk.scan.rep", sizeof *n);
      n->key = fh.h;
      n->rep = ec;
      n->same_hash = NULL;
      if (head) {
         n->same_hash = head->same_hash;
         head->same_hash = n;
      } else {
         VG_(HT_add_node)(hash_to_reps, n);
      }
   }
   g = VG_(malloc)("lk.scan.ec2rep", sizeof *g);
   g->key = (UWord)ec;
   g->rep = rep;
   g->same_hash = NULL;
   VG_(HT_add_node)(ec_to_rep, g);
   return rep;
}

/*------------------------------------------------------------*/
/*--- The search                                           ---*/
/*------------------------------------------------------------*/

/* The last search, for the monitor's block_list (lk_monitor.c). */
static Bool     last_valid = False;
static SizeT    last_n_records = 0;
static LK_Delta last_delta = LK_DeltaAny;
static SizeT    last_n_frees = 0;

/* Drains the mark stack.  Blocks are scanned whole by the core unless
   an excluded range lies in one (memory a client request made noaccess
   or undefined, a coroutine stack below its SP): then block by block,
   around them. */
static void drain_marks(void)
{
   if (!blocks_excluded) {
      drain_mark_stack();
   } else {
      LK_Addr s, e;
      while (lk_leak_pop(lc, &s, &e))
         scan_root_range(s, e);
   }
}

static void report_overlap_and_die(const LK_BlockRef* a, const LK_BlockRef* b)
{
   VG_(umsg)("Block 0x%lx..0x%lx overlaps with block 0x%lx..0x%lx\n",
             (Addr)a->start, (Addr)(a->start + a->szB - 1),
             (Addr)b->start, (Addr)(b->start + b->szB - 1));
   VG_(umsg)("Blocks allocation contexts:\n");
   VG_(pp_ExeContext)((ExeContext*)(Addr)a->alloc_at);
   VG_(umsg)("\n");
   VG_(pp_ExeContext)((ExeContext*)(Addr)b->alloc_at);
   VG_(umsg)("This is usually caused by using ");
   VG_(umsg)("VALGRIND_MALLOCLIKE_BLOCK in an inappropriate way.\n");
   tl_assert(0);
}

/* <all_heap_blocks_freed> (Valgrind >= 3.26, nothing before). */
static void print_all_freed_xml(Bool all_freed)
{
   HChar buf[64];
   if (VG_(clo_verbosity) < 1 || !VG_(clo_xml))
      return;
   if (lk_fmt_all_freed_xml(buf, sizeof buf, all_freed, LK_VG_VERSION) > 0)
      VG_(printf_xml)("%s", buf);
}

/* Hands every block to the core; returns how many take part. */
static void add_chunk(LK_Chunk* ch, unsigned flags, void* opaque)
{
   const LK_LeakParams* lcp = opaque;
   ExeContext* ec = LK_(allocated_at)(ch);
   ExeContext* group = LK_(clo_leak_resolution) == Vg_HighRes
                          ? ec : group_of(ec, LK_(clo_leak_resolution));
   (void)lcp;
   lk_leak_add_block(lc, ch->data, ch->szB, (LK_StackId)(Addr)ec,
                     (LK_StackId)(Addr)group, flags);
}

static SizeT collect_blocks(const LK_LeakParams* lcp)
{
   UInt n_live = LK_(n_live_chunks)();
   Bool pools = LK_(any_mempool_chunks)();
   /* Room for every block from the start: the core's per-block arrays
      then never grow by copying (issue #16, the search's memory). */
   lk_leak_begin(lc, n_live + (pools ? LK_(n_mempool_chunks)() : 0),
                 lcp->heuristics);
   if (n_live == 0 && !pools)
      return 0;
   /* Malloc-table blocks, and mempool chunks minus their superblocks. */
   LK_(for_each_leak_block)(add_chunk, (void*)lcp);
   if (lk_leak_n_blocks(lc) == 0)
      return 0;
   phase("blocks collected");
   /* As Memcheck, before the overlap check. */
   print_all_freed_xml(False);
   LK_BlockRef bad_a, bad_b;
   SizeT n = lk_leak_prepare(lc, &bad_a, &bad_b);
   if (n == (SizeT)-1)
      report_overlap_and_die(&bad_a, &bad_b);
   return n;
}

static void print_results(ThreadId tid, const LK_LeakParams* lcp,
                          const HChar* xt_filename)
{
   SizeT n_records = lk_leak_make_records(lc);
   last_n_records = n_records;
   phase("records made");
   if (LK_(clo_track_leak_origins)) {
      LK_(origin_compute)(lc);
      phase("origins");
   }
   SizeT i, start = 0;
   int print, count;

   /* "limited N": offer only the N largest printable records. */
   if (lcp->mode == LK_LeakFull && lcp->max_records < n_records) {
      UInt n_printable = 0;
      for (i = n_records; i-- > 0 && start == 0; ) {
         lk_leak_record_rules(lc, i, lcp, &print, &count);
         Bool supp = LK_(record_leak_error)(tid, i + 1, n_records,
                                            lk_leak_record(lc, i), False,
                                            False, lcp->delta, NULL);
         if (print && !supp) {
            n_printable++;
            if (n_printable == lcp->max_records)
               start = i;
         }
      }
   }

   /* With an xtree file the records go there, not to the log. */
   if (xt_filename != NULL)
      LK_(xtleak_begin)();
   for (i = start; i < n_records; i++) {
      lk_leak_record_rules(lc, i, lcp, &print, &count);
      Bool supp = LK_(record_leak_error)(tid, i + 1, n_records,
                                         lk_leak_record(lc, i),
                                         xt_filename == NULL ? print : False,
                                         count, lcp->delta,
                                         LK_(clo_track_leak_origins)
                                            ? lk_leak_record_origin(lc, i)
                                            : NULL);
      if (xt_filename != NULL && !supp && print)
         LK_(xtleak_add)(lk_leak_record(lc, i));
      lk_leak_record_suppressed(lc, i, supp);
   }
   lk_leak_finish(lc, start);
   if (xt_filename != NULL)
      LK_(xtleak_end)(xt_filename, lcp->by_monitor);

   if (VG_(clo_verbosity) > 0) {
      HChar buf[4096];
      SizeT len;
      if (!VG_(clo_xml)) {
         len = lk_fmt_leak_summary(buf, sizeof buf, lk_leak_totals(lc),
                                   lk_leak_old_totals(lc), lcp);
         tl_assert(len < sizeof buf);
         VG_(umsg)("%s", buf);
      } else {
         /* Valgrind >= 3.26 (nothing before). */
         len = lk_fmt_leak_summary_xml(buf, sizeof buf, lk_leak_totals(lc),
                                       lk_leak_old_totals(lc), lcp);
         tl_assert(len < sizeof buf);
         if (len > 0)
            VG_(printf_xml)("%s", buf);
      }
   }
}

LK_Leak* LK_(last_leak_search)(SizeT* n_records, LK_Delta* delta,
                               SizeT* n_frees_then)
{
   if (!last_valid)
      return NULL;
   *n_records = last_n_records;
   *delta = last_delta;
   *n_frees_then = last_n_frees;
   return lc;
}

void LK_(detect_memory_leaks)(ThreadId tid, const LK_LeakParams* lcp,
                              const HChar* xt_filename)
{
   tl_assert(lcp->mode != LK_LeakOff);
   LK_(leak_search_gen)++;
   phase_ms = VG_(read_millisecond_timer)();
   last_delta = lcp->delta;
   last_n_frees = LK_(get_n_frees)();
   last_valid = False;

   SizeT n = collect_blocks(lcp);
   phase("blocks sorted");
   if (n == 0) {
      /* Memcheck forgets the records then (and keeps the counts). */
      lk_leak_forget(lc);
      if (VG_(clo_verbosity) >= 1 && !VG_(clo_xml)) {
         VG_(umsg)("All heap blocks were freed -- no leaks are possible\n");
         VG_(umsg)("\n");
      }
      print_all_freed_xml(True);
      return;
   }
   write_start_tags();
   phase("start tags written");

   if (VG_(clo_verbosity) > 1 && !VG_(clo_xml))
      VG_(umsg)("Searching for pointers to %'lu not-freed blocks\n", n);

   /* Marking: all roots, then the mark stack. */
   scan_skipped_szB = 0;
   compute_excluded_ranges();
   lk_leak_set_root_context(lc);
   scan_root_segments();
   VG_(apply_to_GP_regs)(root_register);
   phase("roots scanned");
   drain_marks();
   phase("marked");

   if (VG_(clo_verbosity) > 1 && !VG_(clo_xml)) {
      VG_(umsg)("Checked %'lu bytes\n", (SizeT)lk_leak_scanned_bytes(lc));
      if (scan_skipped_szB > 0)
         VG_(umsg)("Skipped %'lu bytes due to read errors\n", scan_skipped_szB);
      VG_(umsg)("\n");
   }

   /* Cliques: direct and indirect losses. */
   lk_leak_begin_cliques(lc);
   while (lk_leak_next_clique(lc))
      drain_marks();
   phase("cliques");

   print_results(tid, lcp, xt_filename);
   last_valid = True;
   phase("reported");
}

/*--------------------------------------------------------------------*/
/*--- end                                                    lk_scan.c ---*/
/*--------------------------------------------------------------------*/
