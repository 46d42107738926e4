/*--------------------------------------------------------------------*/
/*--- leakcheck: addressability of heap memory (glue).             ---*/
/*---                                                  lk_access.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   The glue around the shadow map of lk_shadow.cpp:

   - The client heap.  Valgrind's client arena takes superblocks from
     aspacemgr without telling the tool, so a superblock is discovered
     when a block is first allocated in it: the whole new segment
     becomes noaccess (Memcheck's A bits for memory it was never told
     about), then the payload accessible.  Freed payloads become noaccess
     again, and memory released from the quarantine simply stays so.  A
     block's redzones and the arena's own headers are therefore noaccess
     without being marked one by one.
   - Mappings.  Memory the client maps (mmap, brk, mremap) is accessible
     again, whatever it was before: the arena may have given a superblock
     back to the kernel, and the client's own mapping reuse its
     addresses.
   - The slow paths of the translated code (lk_translate.c): the exact
     check of an access the inline check did not pass, partial loads,
     null-pointer probes, and the memory a dirty helper touches.
   - System calls: the buffers the core's syscall wrappers announce
     (pre_mem_read/_write/_asciiz), as Memcheck's check_mem_is_*.

   Memory outside the client heap is marked only at the client's
   request (memcheck.h).  Such a mark turns on LK_(shadow_nonheap_marks),
   from which on the translated code also checks accesses relative to the
   stack pointer and at constant addresses, which otherwise go unchecked
   because they cannot touch the heap.
*/

#include "pub_tool_basics.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_machine.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_transtab.h"
#include "pub_tool_vki.h"
#include "pub_tool_vkiscnums.h"
#include "pub_tool_replacemalloc.h"
#include "lk_include.h"

Bool LK_(shadow_nonheap_marks) = False;

/* The start of the tool's image (the linker's symbol). */
extern const char __executable_start[];

/* Statistics (-v --stats=yes... printed with --profile-heap=no at -d). */
static ULong n_slow_checks = 0;
static ULong n_slow_errors = 0;
static ULong n_heap_segments = 0;

/*------------------------------------------------------------*/
/*--- Where the client heap is                             ---*/
/*------------------------------------------------------------*/

/* A set of address ranges, sorted and disjoint: [lo, hi).  A few dozen
   in practice. */
typedef struct { Addr lo; Addr hi; } Range;
typedef struct {
   Range*      r;
   UInt        n;
   UInt        cap;
   Range       last_hit;   /* cache of the latest lookup */
   const HChar* cc;
} RangeSet;

/* Index of the first range with hi > a (s->n if none). */
static UInt rs_find(const RangeSet* s, Addr a)
{
   UInt lo = 0, hi = s->n;
   while (lo < hi) {
      UInt mid = (lo + hi) / 2;
      if (s->r[mid].hi <= a)
         lo = mid + 1;
      else
         hi = mid;
   }
   return lo;
}

/* Whether [a, a+len) lies inside one range of s. */
static Bool rs_contains(RangeSet* s, Addr a, SizeT len)
{
   UInt i;
   if (a >= s->last_hit.lo && a + len <= s->last_hit.hi)
      return True;
   i = rs_find(s, a);
   if (i < s->n && s->r[i].lo <= a && a + len <= s->r[i].hi) {
      s->last_hit = s->r[i];
      return True;
   }
   return False;
}

/* Whether some byte of [a, a+len) lies in a range of s. */
static Bool rs_overlaps(const RangeSet* s, Addr a, SizeT len)
{
   UInt i = rs_find(s, a);
   return i < s->n && s->r[i].lo < a + len;
}

/* Adds [lo, hi) to s, merging neighbours. */
static void rs_add(RangeSet* s, Addr lo, Addr hi)
{
   UInt i = rs_find(s, lo), j;
   /* Ranges i .. j-1 overlap or touch [lo, hi). */
   if (i > 0 && s->r[i - 1].hi == lo)
      i--;
   j = i;
   while (j < s->n && s->r[j].lo <= hi) {
      if (s->r[j].lo < lo) lo = s->r[j].lo;
      if (s->r[j].hi > hi) hi = s->r[j].hi;
      j++;
   }
   if (j == i) {
      /* Insert at i. */
      if (s->n == s->cap) {
         s->cap = s->cap ? 2 * s->cap : 16;
         s->r = VG_(realloc)(s->cc, s->r, s->cap * sizeof(Range));
      }
      VG_(memmove)(&s->r[i + 1], &s->r[i], (s->n - i) * sizeof(Range));
      s->n++;
   } else if (j > i + 1) {
      VG_(memmove)(&s->r[i + 1], &s->r[j], (s->n - j) * sizeof(Range));
      s->n -= j - i - 1;
   }
   s->r[i].lo = lo;
   s->r[i].hi = hi;
   s->last_hit.lo = s->last_hit.hi = 0;
}

/* Removes [lo, hi) from s. */
static void rs_remove(RangeSet* s, Addr lo, Addr hi)
{
   UInt i = rs_find(s, lo);
   while (i < s->n && s->r[i].lo < hi) {
      Range r = s->r[i];
      if (r.lo < lo && r.hi > hi) {
         /* Split. */
         s->r[i].hi = lo;
         rs_add(s, hi, r.hi);
         break;
      } else if (r.lo < lo) {
         s->r[i].hi = lo;
         i++;
      } else if (r.hi > hi) {
         s->r[i].lo = hi;
         break;
      } else {
         VG_(memmove)(&s->r[i], &s->r[i + 1], (s->n - i - 1) * sizeof(Range));
         s->n--;
      }
   }
   s->last_hit.lo = s->last_hit.hi = 0;
}

/* The address ranges known to belong to client-arena segments
   (aspacemgr merges neighbouring superblocks into one segment). */
static RangeSet heap_ranges = { .cc = "lk.shadow.ranges" };

/* Client mappings made with no permission at all (mmap PROT_NONE):
   noaccess for Memcheck until an mprotect gives them some, while
   mprotect(PROT_NONE) of accessible memory changes nothing (mc_main.c,
   "Handling of mmap and mprotect").  Consulted only when an access
   faults (lk_fault.c) and for system-call buffers. */
static RangeSet noaccess_maps = { .cc = "lk.shadow.noaccess" };

#define LK_POPULATE_MAX (8 * 1024 * 1024)

/* Fresh memory.  new_block() must hand the client zeroed payloads (see
   lk_heap.c), but memory the arena has just mapped is zero already.

   The newest superblock, [fresh_lo, fresh_hi), is carved from the
   front: the arena splits a free block into the part it hands out and
   the rest.  fresh_wm is the end of the arena payload (usable size) of
   every block handed out from it so far.  Above fresh_wm the arena has
   written only the headers and footers of free blocks, never payload:
     - a freed block released next to the never-used rest merges with
       it, and the rest's old header is left behind right after
       fresh_wm (within a redzone, a size word and a link, plus the
       heap-profiling word), below fresh_wm + FRESH_SLACK;
     - so a block is cleared up to fresh_wm + FRESH_SLACK (or its end),
       wherever it starts: one starting above fresh_wm but below that
       can be cut from the front of such a merged block, after a smaller
       block took its start, with the old header inside its payload
       (tests/regtest/calloc-recycled: calloc returned that header);
     - a block starting at or above fresh_wm + FRESH_SLACK was cut from
       never-used memory, whose free-block header is its own header now:
       its payload is zero.
   Blocks from other superblocks are cleared whole. */
static Addr fresh_lo = 0, fresh_hi = 0, fresh_wm = 0;
/* Faulted in so far: [fresh_lo, populated_to).  The newest superblock
   (from the second on) is faulted in a step ahead of the blocks being
   cut from it, so that the pages the kernel has just cleared are still
   in the cache when the arena and the client write them: one madvise per
   64 KiB instead of a page fault per page.  (All 4 MiB at once was 4%
   slower on bench/run-leakscan.) */
static Addr populated_to = 0;
#define POPULATE_STEP (64 * 1024)
/* Faulting in ahead pays for runs of small blocks only: a block of a
   page or more may be touched sparsely (a coroutine's stack, a buffer
   used from its end), and the pages it leaves alone should stay out of
   the process's memory as they do natively and under Memcheck.  So the
   window stops at such a block and moves on only after this many blocks
   under a page have been cut from fresh memory in a row. */
#define POPULATE_AFTER_SMALL 16
static UInt small_run = 0;
#define FRESH_SLACK (LK_(Malloc_Redzone_SzB) + 64)

/* [p, p+szB) is a fresh block from the client arena: if its segment is
   new, all of the segment that is not known yet but the block becomes
   noaccess (the caller makes the block accessible). */
static void discover_heap_segment(Addr p, SizeT szB)
{
   NSegment const* seg = VG_(am_find_nsegment)(p);
   Addr lo, hi, a;
   UInt i;
   if (seg == NULL)
      return;
   lo = seg->start;
   hi = seg->end + 1;
   /* Mark the gaps between known ranges inside [lo, hi). */
   a = lo;
   i = rs_find(&heap_ranges, lo);
   while (a < hi) {
      Addr gap_end = hi;
      if (i < heap_ranges.n && heap_ranges.r[i].lo < hi) {
         if (heap_ranges.r[i].lo <= a) {
            a = heap_ranges.r[i].hi;
            i++;
            continue;
         }
         gap_end = heap_ranges.r[i].lo;
      }
      /* An ordinary superblock of the client arena (4 MiB) is about to
         be filled: fault it (and its bits in the filter) in with few
         system calls.  Larger segments hold single big blocks, which the
         client may touch sparsely. */
      Bool small = gap_end - a <= LK_POPULATE_MAX && p >= a && p < gap_end;
      if (LK_(clo_check_accesses)) {
         Addr off = (a & 0xFFFFFFFFULL) >> 3;   /* direct mode's offset */
         SizeT n = (gap_end - a) >> 3;
         Addr b_lo = p > a ? p : a;
         Addr b_hi = p + szB < gap_end ? p + szB : gap_end;
         if (small && off + n <= LK_SHADOW_FILTER_BYTES)
            LK_(populate)((Addr)lk_shadow_filter + off, n);
         /* A small segment's filter pages are about to be written by its
            blocks: no page hooks.  A big one's block is not marked
            twice. */
         if (small || b_lo >= b_hi) {
            lk_core_shadow_set_ex(a, gap_end - a, 1, !small);
         } else {
            lk_core_shadow_set(a, b_lo - a, 1);
            lk_core_shadow_set(b_hi, gap_end - b_hi, 1);
         }
      }
      if (small) {
         fresh_lo = fresh_wm = a;
         fresh_hi = gap_end;
         /* Not the first one: small programs do not pay for memory they
            may never use. */
         populated_to = n_heap_segments > 0 ? a : gap_end;
      }
      a = gap_end;
   }
   rs_add(&heap_ranges, lo, hi);
   n_heap_segments++;
}

/* With --check-accesses=no nothing reads the heap's part of the shadow
   but CHECK_MEM_IS_ADDRESSABLE, so it is not kept (the allocator-heavy
   programs pay ~10% for it); the segments and the fresh memory are
   tracked in both modes. */
Addr LK_(shadow_heap_alloc)(Addr p, SizeT szB)
{
   Addr end = p + szB, zero_to = end;
   if (UNLIKELY(!rs_contains(&heap_ranges, p, szB ? szB : 1)))
      discover_heap_segment(p, szB);
   if (p >= fresh_lo && end <= fresh_hi) {
      Addr arena_end = p + VG_(cli_malloc_usable_size)((void*)p);
      Addr clean = fresh_wm + FRESH_SLACK;
      const Bool carved = p >= fresh_wm;   /* from never-used memory */
      zero_to = p >= clean ? p : (end < clean ? end : clean);
      if (arena_end > fresh_wm)
         fresh_wm = arena_end;
      /* A block of a page or more may be touched sparsely: leave its
         pages alone, and stop faulting in ahead for a while. */
      if (UNLIKELY(szB >= VKI_PAGE_SIZE)) {
         if (carved)
            small_run = 0;
         if (arena_end > populated_to)
            populated_to = arena_end;
      } else if (carved && small_run < POPULATE_AFTER_SMALL) {
         small_run++;
      }
      if (UNLIKELY(small_run >= POPULATE_AFTER_SMALL
                   && fresh_wm + POPULATE_STEP / 2 > populated_to
                   && populated_to < fresh_hi)) {
         Addr from = populated_to;
         Addr to = populated_to + POPULATE_STEP;
         if (from < VG_PGROUNDDN(fresh_wm))
            from = VG_PGROUNDDN(fresh_wm);   /* touched already */
         if (to < fresh_wm + POPULATE_STEP) to = fresh_wm + POPULATE_STEP;
         if (to > fresh_hi) to = fresh_hi;
         LK_(populate)(from, to - from);
         populated_to = to;
      }
   }
   if (LK_(clo_check_accesses))
      lk_core_shadow_set(p, szB, 0);
   return zero_to;
}

void LK_(shadow_heap_free)(Addr p, SizeT szB)
{
   if (!LK_(clo_check_accesses))
      return;
   lk_core_shadow_set(p, szB, 1);
}

/* At exit, before the leak search: the client has finished, so no access
   is checked any more and the heap's part of the shadow goes back to the
   kernel (page hooks for whole filter pages; the secondaries of aliased
   mode return to the shared one).  The search's own arrays, built next,
   then take its place instead of adding to it: on bench/run-leakscan
   (a million live blocks) the shadow was 18.8 MiB of a 248 MiB peak.
   Searches during the run (client requests, monitor commands) keep it.
   The heap ranges stay known: nothing reads them after this either. */
void LK_(shadow_drop_heap)(void)
{
   UInt i;
   if (!LK_(clo_check_accesses))
      return;   /* the heap's bits were never kept */
   for (i = 0; i < heap_ranges.n; i++)
      lk_core_shadow_set(heap_ranges.r[i].lo,
                         heap_ranges.r[i].hi - heap_ranges.r[i].lo, 0);
}

/* New client mapping [a, a+len): accessible, and no longer heap. */
void LK_(shadow_mem_mapped)(Addr a, SizeT len)
{
   if (len == 0)
      return;
   lk_core_shadow_set(a, len, 0);
   rs_remove(&heap_ranges, a, a + len);
   if (a < 0x10000 && !VG_(am_is_valid_for_client)(0, 1, VKI_PROT_NONE))
      lk_core_shadow_set_probe(0);
}

/* A client mapping [a, a+len) was made, unmapped (any_perm True) or
   given permissions by mprotect: keep the no-permission mappings
   (noaccess_maps above). */
void LK_(shadow_mem_perms)(Addr a, SizeT len, Bool any_perm)
{
   if (len == 0)
      return;
   if (any_perm)
      rs_remove(&noaccess_maps, a, a + len);
   else
      rs_add(&noaccess_maps, a, a + len);
}

/* Whether [a, a+len) is all in mappings with some permission (none of
   it in a no-permission mapping). */
Bool LK_(shadow_mem_any_perm)(Addr a, SizeT len)
{
   return !rs_overlaps(&noaccess_maps, a, len);
}

/*------------------------------------------------------------*/
/*--- The shared API (lk_include.h)                        ---*/
/*------------------------------------------------------------*/

/* A mark outside the heap: from now on, translate with checks on
   stack-pointer-relative and constant addresses too, and retranslate
   what was translated without them. */
static void note_nonheap_mark(Addr a, SizeT len)
{
   if (LK_(shadow_nonheap_marks) || rs_contains(&heap_ranges, a, len))
      return;
   LK_(shadow_nonheap_marks) = True;
   if (VG_(ok_to_discard_translations))
      VG_(discard_translations_safely)(0, (SizeT)1 << 47,
                                       "leakcheck: non-heap noaccess mark");
}

void LK_(shadow_make_noaccess)(Addr a, SizeT len)
{
   if (len == 0)
      return;
   lk_core_shadow_set(a, len, 1);
   if (LK_(clo_check_accesses))
      note_nonheap_mark(a, len);
}

void LK_(shadow_make_accessible)(Addr a, SizeT len)
{
   if (len == 0)
      return;
   lk_core_shadow_set(a, len, 0);
}

Bool LK_(shadow_is_accessible)(Addr a, SizeT len, Addr* first_bad)
{
   Addr bad;
   if (len == 0)
      return True;
   if (lk_core_shadow_check(a, len, &bad))
      return True;
   if (first_bad)
      *first_bad = bad;
   return False;
}

/*------------------------------------------------------------*/
/*--- Slow paths of the translated code                    ---*/
/*------------------------------------------------------------*/

void LK_(report_access)(Addr a, SizeT szB, Bool isWrite)
{
   n_slow_errors++;
   LK_(record_address_error)(VG_(get_running_tid)(), a, szB, isWrite);
   /* Memcheck 3.19's mc_STOREV16 runs its slow path twice for an even
      address when the stored value is defined (the first call falls
      through to the last), so such an invalid 2-byte write counts as
      two errors of one context.  Counted the same way (leakcheck has no
      V bits: it takes every stored value as defined). */
   if (isWrite && szB == 2 && (a & 1) == 0 && a < LK_SHADOW_LIMIT)
      LK_(record_address_error)(VG_(get_running_tid)(), a, szB, isWrite);
}

/* A page-zero access the slow path has just reported (it will fault
   next): lk_fault.c must not report it again. */
Bool LK_(probe_reported) = False;
Addr LK_(probe_reported_addr) = 0;

/* An access the inline check did not pass: decide exactly, as
   Memcheck's A-bit checks do, and report it.  nonheap: also memory no
   client mapping holds (for dirty helpers, whose memory never passes
   an inline check and whose faults happen in the tool's code). */
static void check_access_ex(Addr a, SizeT szB, Bool isWrite, Bool nonheap)
{
   Addr bad;
   n_slow_checks++;
   if (LIKELY(lk_core_shadow_check(a, szB, &bad))) {
      /* Accessible as far as marks go; page zero is a probe chunk. */
      if (nonheap) {
         if (UNLIKELY(LK_(first_unaddressable)(VG_(get_running_tid)(),
                                               a, szB, &bad)))
            LK_(report_access)(a, szB, isWrite);
      } else if (UNLIKELY(lk_core_shadow_is_probe(a)
                          || lk_core_shadow_is_probe(a + szB - 1))
                 && !VG_(am_is_valid_for_client)(a, szB, VKI_PROT_NONE)) {
         if (!LK_(probe_reported)) {
            LK_(probe_reported) = True;
            LK_(probe_reported_addr) = a;
         }
         LK_(report_access)(a, szB, isWrite);
      }
      return;
   }
   /* --partial-loads-ok=yes (the default): an aligned 4-, 8-, 16- or
      32-byte load with at least one addressable byte is no error
      (Memcheck's mc_LOADVn_slow and mc_LOADV_128_or_256_slow). */
   if (!isWrite && LK_(clo_partial_loads_ok)
       && (szB == 4 || szB == 8 || szB == 16 || szB == 32)
       && (a & (szB - 1)) == 0
       && lk_core_shadow_count_accessible(a, szB) > 0)
      return;
   LK_(report_access)(a, szB, isWrite);
}

static void check_access(Addr a, SizeT szB, Bool isWrite)
{
   check_access_ex(a, szB, isWrite, False);
}

VG_REGPARM(2) void LK_(helperc_access)(Addr a, UWord info)
{
   check_access(a, info & LK_ACCESS_SIZE_MASK, (info & LK_ACCESS_WRITE) != 0);
}

/* One helper per size and direction: the call then needs only the
   address in a register. */
#define LK_HELPERS(n)                                                  \
   VG_REGPARM(1) void LK_(helperc_load##n)(Addr a)                    \
   { check_access(a, n, False); }                                     \
   VG_REGPARM(1) void LK_(helperc_store##n)(Addr a)                   \
   { check_access(a, n, True); }
LK_HELPERS(1)
LK_HELPERS(2)
LK_HELPERS(4)
LK_HELPERS(8)
LK_HELPERS(16)
LK_HELPERS(32)

/* The memory a dirty helper reads or writes, in Memcheck's pieces:
   4-byte chunks, then 2, then 1 (do_shadow_Dirty); reads first. */
static void check_dirty_chunks(Addr a, SizeT szB, Bool isWrite)
{
   SizeT done = 0;
   while (szB - done >= 4) { check_access_ex(a + done, 4, isWrite, True); done += 4; }
   while (szB - done >= 2) { check_access_ex(a + done, 2, isWrite, True); done += 2; }
   if (szB - done == 1)      check_access_ex(a + done, 1, isWrite, True);
}

VG_REGPARM(2) void LK_(helperc_dirty_access)(Addr a, UWord info)
{
   SizeT szB = info >> 8;
   Addr bad;
   if (lk_core_shadow_check(a, szB, NULL)
       && !lk_core_shadow_is_probe(a) && !lk_core_shadow_is_probe(a + szB - 1)
       && !LK_(first_unaddressable)(VG_(get_running_tid)(), a, szB, &bad))
      return;
   if (info & LK_DIRTY_READ)
      check_dirty_chunks(a, szB, False);
   if (info & LK_DIRTY_WRITE)
      check_dirty_chunks(a, szB, True);
}

/*------------------------------------------------------------*/
/*--- System calls                                         ---*/
/*------------------------------------------------------------*/

/* The first byte of [a, a+len) that Memcheck's A bits call
   unaddressable outside the heap: one that no client mapping holds
   (outside the thread's own stack, whose pages the core maps as it
   grows), or one of a mapping made with no permission.  A buffer pointer
   the program made up (-1, a freed mapping) is an unaddressable syscall
   parameter, and a wild pointer's access an invalid read or write
   (lk_fault.c).  The heap checks never ask. */
Bool LK_(first_unaddressable)(ThreadId tid, Addr a, SizeT len, Addr* bad)
{
   /* [cur, last] inclusive, so that a range ending at the top of the
      address space works. */
   Addr cur = a, last = len > ~(Addr)0 - a ? ~(Addr)0 : a + len - 1;
   Addr stack_hi = VG_(thread_get_stack_max)(tid);
   Addr stack_lo = stack_hi - VG_(thread_get_stack_size)(tid) + 1;
   if (len == 0)
      return False;
   for (;;) {
      NSegment const* seg = VG_(am_find_nsegment)(cur);
      Addr piece_last;
      if (seg != NULL && (seg->kind == SkFileC || seg->kind == SkAnonC
                          || seg->kind == SkShmC)) {
         piece_last = seg->end;
         if (UNLIKELY(noaccess_maps.n > 0)) {
            Addr to = piece_last < last ? piece_last : last;
            UInt i = rs_find(&noaccess_maps, cur);
            if (i < noaccess_maps.n && noaccess_maps.r[i].lo <= to) {
               *bad = noaccess_maps.r[i].lo > cur ? noaccess_maps.r[i].lo : cur;
               return True;
            }
         }
      } else if (stack_hi != 0 && cur >= stack_lo && cur <= stack_hi) {
         piece_last = stack_hi;
      } else {
         *bad = cur;
         return True;
      }
      if (piece_last >= last)
         return False;
      cur = piece_last + 1;
   }
}

/* Memcheck's check_mem_is_addressable / check_mem_is_defined: only the
   syscall parts report here; the core's other callers (signal frames,
   client requests, translation) are not about the heap. */
void LK_(shadow_pre_mem_read)(CorePart part, ThreadId tid, const HChar* s,
                              Addr base, SizeT size)
{
   Addr bad;
   if (part != Vg_CoreSysCall || size == 0)
      return;
   if (LIKELY(lk_core_shadow_check(base, size, &bad))) {
      if (LIKELY(!LK_(first_unaddressable)(tid, base, size, &bad)))
         return;
   } else {
      /* An unmapped byte before the shadow's first bad one comes first. */
      Addr unmapped;
      if (LK_(first_unaddressable)(tid, base, bad - base, &unmapped))
         bad = unmapped;
   }
   LK_(record_memparam_error)(tid, bad, s);
}

/* Memcheck's mc_post_mem_write makes whatever the kernel (or the core)
   wrote addressable and defined, even bytes of a redzone or a freed
   block that a buggy read() wrote to: later accesses there are then no
   errors.  Done the same way, for the same reports. */
void LK_(shadow_post_mem_write)(CorePart part, ThreadId tid, Addr a, SizeT len)
{
   if (len > 0)
      lk_core_shadow_set(a, len, 0);
}

void LK_(shadow_pre_mem_read_asciiz)(CorePart part, ThreadId tid,
                                   const HChar* s, Addr str)
{
   Addr a;
   if (part != Vg_CoreSysCall)
      return;
   /* Byte by byte, up to and including the NUL, as Memcheck does; an
      unaddressable byte is reported and ends the check. */
   for (a = str; ; a++) {
      Addr bad;
      if (!lk_core_shadow_check(a, 1, &bad)) {
         LK_(record_memparam_error)(tid, bad, s);
         return;
      }
      if (LK_(first_unaddressable)(tid, a, 1, &bad)) {
         LK_(record_memparam_error)(tid, bad, s);
         return;
      }
      if (!VG_(am_is_valid_for_client)(a, 1, VKI_PROT_READ))
         return;   /* mapped but unreadable: the kernel says EFAULT */
      if (*(const HChar*)a == 0)
         return;
   }
}

/*------------------------------------------------------------*/
/*--- Setup                                                ---*/
/*------------------------------------------------------------*/

static ULong n_filter_pages_dropped = 0, n_filter_pages_written = 0;
static ULong n_filter_pages_ones = 0, n_filter_pages_remapped = 0;

/* The page hooks of the shadow (lk_shadow.cpp, "Page-level states"),
   for ranges of a megabyte or more marked at once (a big block or
   mapping; the same threshold as for heap pages in lk_heap.c,
   zero_fresh_block).  Smaller ranges are usually recycled blocks that
   are marked again when freed: a system call plus a page fault per page
   would cost more than the core's writing the bits (git blame: some
   6,700 such ranges of 64-512 KiB).

   All ones: pages of a memfd full of 0xFF bytes mapped privately over
   the filter, ONES_FILE_SZB at a time (the file is made at the first
   need).  Reading them shares the file's pages; a write copies the
   page.  All zero: madvise(MADV_DONTNEED), or, where the file may be
   mapped (DONTNEED would bring its bytes back), fresh anonymous memory
   mapped over it.  Whatever fails is written. */
#define ONES_FILE_SZB (2 * 1024 * 1024)
#define LK_MAP_PRIVATE   0x02
#define LK_MAP_FIXED     0x10
#define LK_MAP_ANONYMOUS 0x20
#define LK_MFD_CLOEXEC   1
static Int ones_fd = -1;
static Bool ones_fd_failed = False;

static Bool make_ones_file(void)
{
   static UChar page[VKI_PAGE_SIZE];
   SysRes r;
   Int fd;
   SizeT off;
   if (ones_fd >= 0)
      return True;
   if (ones_fd_failed)
      return False;
   ones_fd_failed = True;
   r = LK_SYSCALL3(__NR_memfd_create, (UWord)"leakcheck-noaccess",
                   LK_MFD_CLOEXEC, 0);
   if (sr_isError(r))
      return False;
   /* Out of the client's way, among the core's own descriptors. */
   fd = VG_(safe_fd)((Int)sr_Res(r));
   VG_(memset)(page, 0xFF, sizeof page);
   for (off = 0; off < ONES_FILE_SZB; off += sizeof page) {
      r = VG_(do_syscall)(__NR_pwrite64, fd, (UWord)page, sizeof page, off,
                          0, 0, 0, 0);
      if (sr_isError(r) || sr_Res(r) != sizeof page) {
         VG_(close)(fd);
         return False;
      }
   }
   ones_fd = fd;
   ones_fd_failed = False;
   return True;
}

static void ones_pages(void* p, size_t len)
{
   SizeT done = 0;
   if (make_ones_file()) {
      while (done < len) {
         SizeT n = len - done < ONES_FILE_SZB ? len - done : ONES_FILE_SZB;
         SysRes r = VG_(do_syscall)(__NR_mmap, (Addr)p + done, n,
                                    VKI_PROT_READ | VKI_PROT_WRITE,
                                    LK_MAP_PRIVATE | LK_MAP_FIXED, ones_fd,
                                    0, 0, 0);
         if (sr_isError(r))
            break;
         done += n;
      }
      n_filter_pages_ones += done / VKI_PAGE_SIZE;
   }
   if (done < len) {
      n_filter_pages_written += (len - done) / VKI_PAGE_SIZE;
      VG_(memset)((UChar*)p + done, 0xFF, len - done);
   }
}

static void zero_pages(void* p, size_t len, int maybe_ones)
{
   SysRes r;
   if (maybe_ones) {
      r = VG_(do_syscall)(__NR_mmap, (Addr)p, len,
                          VKI_PROT_READ | VKI_PROT_WRITE,
                          LK_MAP_PRIVATE | LK_MAP_FIXED | LK_MAP_ANONYMOUS,
                          (UWord)-1, 0, 0, 0);
      if (!sr_isError(r)) {
         n_filter_pages_remapped += len / VKI_PAGE_SIZE;
         return;
      }
   } else {
      r = LK_SYSCALL3(__NR_madvise, (Addr)p, len, LK_MADV_DONTNEED);
      if (!sr_isError(r)) {
         n_filter_pages_dropped += len / VKI_PAGE_SIZE;
         return;
      }
   }
   n_filter_pages_written += len / VKI_PAGE_SIZE;
   VG_(memset)(p, 0, len);
}

void LK_(shadow_init)(void)
{
   lk_core_shadow_init();
   lk_core_shadow_set_page_hooks(zero_pages, ones_pages,
                                 LK_DROP_PAGES_MIN_SZB);
   /* Page zero is never mapped on Linux (vm.mmap_min_addr): every
      access there goes to the slow path, which reports it before the
      fault, as Memcheck does. */
   lk_core_shadow_set_probe(0);
   /* The tool's own image below the filter (text, data, the part of
      .bss before the filter, ~30 MB: ~470 probe chunks, 3.8 MB of
      filter): a wild pointer there is reported as Memcheck reports it
      ("is in the Text segment of ..."), and a wild store is reported
      before it overwrites the tool's data.  The filter itself and the
      tables after it would cost 64 MB of filter to cover.  Their
      filter pages are mapped from the 0xFF file, not written: writing
      them cost ~950 page faults (5-10 ms on the bench VM) and 3.8 MB
      of resident memory in every process (bench/README.md, benchmark
      D). */
   lk_core_shadow_set_probes((Addr)__executable_start & ~(Addr)0xFFFF,
                             (Addr)lk_shadow_filter);
}

void LK_(shadow_print_stats)(void)
{
   VG_(message)(Vg_DebugMsg,
                "leakcheck: shadow: %llu slow checks, %llu errors, "
                "%llu heap segments in %u ranges, %llu filter chunks "
                "written, %llu secondaries%s\n",
                n_slow_checks, n_slow_errors, n_heap_segments,
                heap_ranges.n, (ULong)lk_core_shadow_n_dirty_chunks(),
                (ULong)lk_core_shadow_n_secondaries(),
                lk_core_shadow_aliased() ? " (aliased mode)" : "");
   VG_(message)(Vg_DebugMsg,
                "leakcheck: shadow: filter pages given back to the kernel: "
                "%llu, mapped all-ones: %llu, remapped all-zero: %llu "
                "(%llu refused and written); %llu runs of all-ones pages\n",
                n_filter_pages_dropped, n_filter_pages_ones,
                n_filter_pages_remapped, n_filter_pages_written,
                (ULong)lk_core_shadow_n_ones_runs());
}

/*--------------------------------------------------------------------*/
/*--- end                                                lk_access.c ---*/
/*--------------------------------------------------------------------*/
