/*--------------------------------------------------------------------*/
/*--- leakcheck: the client requests of memcheck.h.                ---*/
/*---                                               lk_clientreq.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   Client requests
   ---------------
   Programs annotated for Memcheck (<valgrind/memcheck.h>, and the
   custom-allocator requests of <valgrind/valgrind.h>) run unchanged
   under leakcheck.  This file answers every 'M','C' request and the
   core requests Memcheck handles as a tool, with Memcheck's semantics
   (docs/client-requests.md lists them):

   - leak checks and leak counts (the search itself is lk_scan.c);
   - MALLOCLIKE/FREELIKE/RESIZEINPLACE_BLOCK: Custom blocks in the
     malloc table (lk_heap.c does the accounting and the quarantine);
   - memory pools: each pool keeps its chunks in its own table, as in
     Memcheck, so that a pool's superblock (usually a malloc'd block)
     and its chunks can both exist; the leak search takes every chunk
     and drops every malloc block that holds the first or last byte of
     a chunk (LK_(for_each_leak_block));
   - CREATE_BLOCK/DISCARD (named blocks for error descriptions);
   - DISABLE/ENABLE_ADDR_ERROR_REPORTING_IN_RANGE and --ignore-ranges;
   - the addressability requests, as far as the leak search goes (below).

   Client marks and the leak search
   --------------------------------
   Memcheck takes a word as a pointer only if it is addressable and
   defined.  leakcheck has no definedness bits, but it honours what the
   client *says* about memory, in a range map 'marks':

   - NOACCESS (MAKE_MEM_NOACCESS, freed custom blocks and mempool chunks,
     their redzones, destroyed pools): never scanned.
   - UNDEFINED (MAKE_MEM_UNDEFINED): Memcheck stops scanning the words
     until the program writes them again.  leakcheck keeps a copy of the
     words when the request is made, and at search time skips exactly
     the words that still hold the value they had then: a pointer the
     program stored afterwards is scanned, as under Memcheck.  (Ranges
     over 1 MiB, or beyond 64 MiB of copies in all, are not copied and
     stay scanned.)
   - MAKE_MEM_DEFINED, and memory (re)allocated by malloc, MALLOCLIKE
     or MEMPOOL_ALLOC, or newly mapped, forget the marks.

   The leak search (lk_scan.c) asks LK_(clientreq_excluded_ranges) for
   the ranges to skip, both in root segments and inside heap blocks.

   The loads-and-stores side of the addressability requests belongs to
   the addressability shadow (LK_(shadow_*), lk_shadow.c): see the XXX
   notes at the requests.
*/

#include "pub_tool_basics.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_execontext.h"
#include "pub_tool_xarray.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_addrinfo.h"
#include "pub_tool_hashtable.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcsignal.h"
#include "pub_tool_signals.h"
#include "pub_tool_vki.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "pub_tool_rangemap.h"
#include "pub_tool_replacemalloc.h"
#include "pub_tool_stacktrace.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_xtree.h"
#include "pub_tool_xtmemory.h"
#include "lk_include.h"
#include "memcheck.h"

/* VALGRIND_DO_NEW_LEAK_CHECK of memcheck.h >= 3.21: deltamode 3. */
#define LK_DELTAMODE_NEW 3

/* Stack depth of the -v -v -v mempool trace (Memcheck's
   MEMPOOL_DEBUG_STACKTRACE_DEPTH). */
#define MEMPOOL_DEBUG_STACKTRACE_DEPTH 16

/*------------------------------------------------------------*/
/*--- Client marks: what the leak search must not scan     ---*/
/*------------------------------------------------------------*/

/* Values in 'marks': MK_DEFAULT, MK_NOACCESS, or the address of an
   UndefRec (always > MK_NOACCESS). */
#define MK_DEFAULT  0
#define MK_NOACCESS 1

/* A MAKE_MEM_UNDEFINED request: the words of [start, start+len) as
   they were then (snap == NULL: not copied, scanned as usual). */
typedef struct _UndefRec {
   struct _UndefRec* next;
   Addr   start;
   SizeT  len;
   UWord* snap;        /* (len rounded to words) / 8 words, from
                          VG_ROUNDUP(start, 8) */
   Bool   referenced;  /* GC scratch */
} UndefRec;

#define SNAP_MAX_RANGE   (1024 * 1024)
#define SNAP_MAX_TOTAL   (64 * 1024 * 1024)

static RangeMap* marks = NULL;
static UndefRec* undef_recs = NULL;
static UInt      n_undef_recs = 0;
static UInt      gc_threshold = 1024;
static SizeT     snap_total = 0;
/* Are there any non-default ranges?  (lk_heap.c tests it before
   forgetting the marks of a fresh malloc block.) */
Bool LK_(have_client_marks) = False;
#define have_marks LK_(have_client_marks)

static void init_marks(void)
{
   if (marks == NULL)
      marks = VG_(newRangeMap)(VG_(malloc), "lk.cr.marks", VG_(free),
                               MK_DEFAULT);
}

/* Frees the UndefRecs no range refers to any more. */
static void gc_undef_recs(void)
{
   UInt i, n = VG_(sizeRangeMap)(marks);
   UndefRec *r, **pp;
   for (r = undef_recs; r; r = r->next)
      r->referenced = False;
   for (i = 0; i < n; i++) {
      UWord lo, hi, val;
      VG_(indexRangeMap)(&lo, &hi, &val, marks, i);
      if (val > MK_NOACCESS)
         ((UndefRec*)val)->referenced = True;
   }
   n_undef_recs = 0;
   for (pp = &undef_recs; *pp; ) {
      r = *pp;
      if (r->referenced) {
         n_undef_recs++;
         pp = &r->next;
      } else {
         *pp = r->next;
         if (r->snap) {
            snap_total -= r->len;
            VG_(free)(r->snap);
         }
         VG_(free)(r);
      }
   }
   gc_threshold = 2 * n_undef_recs + 1024;
}

/* Binds [a, a+len) (clipped at the top of the address space). */
static void bind_marks(Addr a, SizeT len, UWord val)
{
   Addr last;
   if (len == 0)
      return;
   if (val == MK_DEFAULT && !have_marks)
      return;
   init_marks();
   last = (a + len - 1 < a) ? ~(Addr)0 : a + len - 1;
   VG_(bindRangeMap)(marks, a, last, val);
   if (val != MK_DEFAULT)
      have_marks = True;
   else if (VG_(sizeRangeMap)(marks) == 1)
      have_marks = False;
}

static void mark_noaccess(Addr a, SizeT len)
{
   bind_marks(a, len, MK_NOACCESS);
}

/* Memory that became addressable and defined (or is taken as such). */
static void mark_default(Addr a, SizeT len)
{
   bind_marks(a, len, MK_DEFAULT);
}

static UWord* snap_words;
static Addr   snap_base;

static void copy_word(Addr a, UWord w, void* opaque)
{
   snap_words[(a - snap_base) / sizeof(UWord)] = w;
}

static void mark_undefined(Addr a, SizeT len)
{
   UndefRec* r;
   if (len == 0)
      return;
   r = VG_(malloc)("lk.cr.undef", sizeof *r);
   r->start = a;
   r->len = len;
   r->snap = NULL;
   r->referenced = False;
   if (len <= SNAP_MAX_RANGE && snap_total + len <= SNAP_MAX_TOTAL) {
      /* Every word with a byte in the range: Memcheck skips a word
         unless all its bytes are defined. */
      Addr p = VG_ROUNDDN(a, sizeof(UWord));
      Addr e = VG_ROUNDUP(a + len, sizeof(UWord));
      if (e > p) {
         r->snap = VG_(calloc)("lk.cr.snap", (e - p) / sizeof(UWord),
                               sizeof(UWord));
         snap_base = p;
         snap_words = r->snap;
         LK_(for_each_readable_word)(p, e, copy_word, NULL);
         snap_total += len;
      }
   }
   if (r->snap == NULL) {
      /* Not copied: leave the memory scanned, as if defined. */
      VG_(free)(r);
      mark_default(a, len);
      return;
   }
   r->next = undef_recs;
   undef_recs = r;
   n_undef_recs++;
   bind_marks(a, len, (UWord)r);
   if (n_undef_recs > gc_threshold)
      gc_undef_recs();
}

/* MAKE_MEM_DEFINED_IF_ADDRESSABLE: undefined parts become defined,
   noaccess parts stay so. */
static void mark_defined_if_addressable(Addr a, SizeT len)
{
   Addr cur = a, end = a + len;
   if (len == 0 || !have_marks)
      return;
   if (end < a)
      end = ~(Addr)0;
   while (cur < end) {
      UWord lo, hi, val;
      Addr piece_end;
      VG_(lookupRangeMap)(&lo, &hi, &val, marks, cur);
      piece_end = (hi == ~(UWord)0 || hi + 1 > end) ? end : hi + 1;
      if (val > MK_NOACCESS)
         mark_default(cur, piece_end - cur);
      if (hi == ~(UWord)0)
         break;
      cur = piece_end;
   }
}

void LK_(clientreq_mem_mapped)(Addr a, SizeT len)
{
   mark_default(a, len);
}

void LK_(make_mem)(Int kind, Addr a, SizeT len)
{
   switch (kind) {
   case 0: mark_noaccess(a, len); break;
   case 1: mark_undefined(a, len); break;
   case 2: mark_default(a, len); break;
   case 3: mark_defined_if_addressable(a, len); break;
   default: tl_assert(0);
   }
}

/* Is every byte of [a, a+len) addressable: mapped by the client, not
   made noaccess by a request, and not a heap redzone, freed block or
   unallocated arena memory (the addressability shadow)? */
Bool LK_(check_mem_is_addressable)(Addr a, SizeT len, Addr* bad_addr)
{
   Addr cur = a, end = a + len, shadow_bad = 0;
   Bool shadow_ok;
   if (end < a)
      end = ~(Addr)0;
   /* The shadow's first bad byte ends the search of the mappings. */
   shadow_ok = LK_(shadow_is_accessible)(a, end - a, &shadow_bad);
   if (!shadow_ok)
      end = shadow_bad;
   while (cur < end) {
      NSegment const* seg = VG_(am_find_nsegment)(cur);
      Addr piece_end;
      if (seg == NULL
          || (seg->kind != SkFileC && seg->kind != SkAnonC
              && seg->kind != SkShmC)
          || !(seg->hasR || seg->hasW || seg->hasX)) {
         *bad_addr = cur;
         return False;
      }
      piece_end = seg->end + 1 < end && seg->end + 1 != 0 ? seg->end + 1 : end;
      while (cur < piece_end) {
         UWord lo, hi, val;
         if (!have_marks) {
            cur = piece_end;
            break;
         }
         VG_(lookupRangeMap)(&lo, &hi, &val, marks, cur);
         if (val == MK_NOACCESS) {
            *bad_addr = cur;
            return False;
         }
         if (hi == ~(UWord)0 || hi + 1 >= piece_end)
            cur = piece_end;
         else
            cur = hi + 1;
      }
   }
   if (!shadow_ok) {
      *bad_addr = shadow_bad;
      return False;
   }
   return True;
}

/*------------------------------------------------------------*/
/*--- Ignored ranges (--ignore-ranges, DISABLE_ADDR_...)   ---*/
/*------------------------------------------------------------*/

/* Memcheck's IARKind. */
typedef enum {
   IAR_INVALID = 99, IAR_NotIgnored, IAR_CommandLine, IAR_ClientReq
} IARKind;

static RangeMap* ignored = NULL;

static const HChar* show_IAR_kind(IARKind k)
{
   switch (k) {
   case IAR_INVALID:     return "INVALID";
   case IAR_NotIgnored:  return "NotIgnored";
   case IAR_CommandLine: return "CommandLine";
   case IAR_ClientReq:   return "ClientReq";
   }
   return "???";
}

static void init_ignored(void)
{
   if (ignored == NULL)
      ignored = VG_(newRangeMap)(VG_(malloc), "lk.cr.ignored", VG_(free),
                                 IAR_NotIgnored);
}

Bool LK_(in_ignored_range)(Addr a)
{
   UWord lo, hi, how;
   if (LIKELY(ignored == NULL))
      return False;
   VG_(lookupRangeMap)(&lo, &hi, &how, ignored, a);
   return how == IAR_CommandLine || how == IAR_ClientReq;
}

/* "0xPP-0xQQ[,0xRR-0xSS...]" */
static Bool parse_ignore_ranges(const HChar* str0)
{
   const HChar* str = str0;
   init_ignored();
   while (1) {
      Addr start = ~(Addr)0, end = 0;
      if (!VG_(parse_Addr)(&str, &start) || *str != '-')
         return False;
      str++;
      if (!VG_(parse_Addr)(&str, &end) || start > end)
         return False;
      VG_(bindRangeMap)(ignored, start, end, IAR_CommandLine);
      if (*str == 0)
         return True;
      if (*str != ',')
         return False;
      str++;
   }
}

Bool LK_(process_ignore_ranges_option)(const HChar* arg, Bool* ok)
{
   const HChar* ranges = NULL;
   UInt i;
   if (!VG_STR_CLOM(cloPD, arg, "--ignore-ranges", ranges))
      return False;
   *ok = False;
   if (!parse_ignore_ranges(ranges)) {
      VG_(message)(Vg_DebugMsg, "ERROR: --ignore-ranges: "
                   "invalid syntax, or end <= start in range\n");
      return True;
   }
   for (i = 0; i < VG_(sizeRangeMap)(ignored); i++) {
      UWord lo, hi, how;
      VG_(indexRangeMap)(&lo, &hi, &how, ignored, i);
      if (hi - lo > 0x4000000 /* 64M, as Memcheck */
          && how == IAR_CommandLine) {
         VG_(message)(Vg_DebugMsg,
                      "ERROR: --ignore-ranges: suspiciously large range:\n");
         VG_(message)(Vg_DebugMsg, "       0x%lx-0x%lx (size %lu)\n",
                      lo, hi, hi - lo + 1);
         return True;
      }
   }
   *ok = True;
   return True;
}

static Bool modify_ignore_ranges(Bool add, Addr start, Addr len)
{
   UInt i;
   init_ignored();
   if (len == 0)
      return False;
   VG_(bindRangeMap)(ignored, start, start + len - 1,
                     add ? IAR_ClientReq : IAR_NotIgnored);
   if (VG_(clo_verbosity) > 1) {
      VG_(dmsg)("memcheck: modify_ignore_ranges: %s %p %p\n",
                add ? "add" : "del", (void*)start,
                (void*)(start + len - 1));
      VG_(dmsg)("memcheck:   now have %u ranges:\n",
                VG_(sizeRangeMap)(ignored));
      for (i = 0; i < VG_(sizeRangeMap)(ignored); i++) {
         UWord lo, hi, how;
         VG_(indexRangeMap)(&lo, &hi, &how, ignored, i);
         VG_(dmsg)("memcheck:      [%u]  %016lx-%016lx  %s\n",
                   i, lo, hi, show_IAR_kind(how));
      }
   }
   return True;
}

/*------------------------------------------------------------*/
/*--- What the leak search skips                           ---*/
/*------------------------------------------------------------*/

/* Adds the words of an undefined range that still hold their value of
   the time of the request, as maximal runs. */
typedef struct {
   UndefRec* r;
   Addr base;
   Addr run;        /* start of the current run, or 0 */
   Addr last;       /* end of the last word seen in the run */
   void (*add)(Addr lo, Addr hi);
} UnchangedWalk;

static void unchanged_word(Addr a, UWord w, void* opaque)
{
   UnchangedWalk* u = opaque;
   Bool same = w == u->r->snap[(a - u->base) / sizeof(UWord)];
   if (u->run != 0 && (!same || a != u->last)) {
      u->add(u->run, u->last);
      u->run = 0;
   }
   if (same) {
      if (u->run == 0)
         u->run = a;
      u->last = a + sizeof(UWord);
   }
}

static void add_unchanged_words(UndefRec* r, Addr lo, Addr hi_excl,
                                void (*add)(Addr lo, Addr hi))
{
   UnchangedWalk u;
   u.r = r;
   u.base = VG_ROUNDDN(r->start, sizeof(UWord));
   u.run = 0;
   u.last = 0;
   u.add = add;
   lo = VG_ROUNDDN(lo, sizeof(UWord));
   if (lo < u.base)
      lo = u.base;
   hi_excl = VG_ROUNDUP(hi_excl, sizeof(UWord));
   if (hi_excl > VG_ROUNDUP(r->start + r->len, sizeof(UWord)))
      hi_excl = VG_ROUNDUP(r->start + r->len, sizeof(UWord));
   LK_(for_each_readable_word)(lo, hi_excl, unchanged_word, &u);
   if (u.run != 0)
      add(u.run, u.last);
}

/* Calls f on the parts of [a, end) the client has not made noaccess
   (leak origins: the words of a noaccess part are no leak roots, so
   their pointers died when it was made noaccess, not when it is
   unmapped). */
void LK_(clientreq_for_each_accessible_part)(Addr a, Addr end,
                                             void (*f)(Addr lo, Addr hi,
                                                       void* opaque),
                                             void* opaque)
{
   Addr cur = a;
   if (!have_marks) {
      f(a, end, opaque);
      return;
   }
   while (cur < end) {
      UWord lo, hi, val;
      Addr piece_end;
      VG_(lookupRangeMap)(&lo, &hi, &val, marks, cur);
      piece_end = (hi == ~(UWord)0 || hi + 1 > end) ? end : hi + 1;
      if (val != MK_NOACCESS)
         f(cur, piece_end, opaque);
      if (hi == ~(UWord)0)
         break;
      cur = piece_end;
   }
}

void LK_(clientreq_excluded_ranges)(void (*add)(Addr lo, Addr hi))
{
   UInt i;
   if (have_marks) {
      for (i = 0; i < VG_(sizeRangeMap)(marks); i++) {
         UWord lo, hi, val;
         VG_(indexRangeMap)(&lo, &hi, &val, marks, i);
         if (val == MK_DEFAULT)
            continue;
         if (val == MK_NOACCESS)
            add(lo, hi == ~(UWord)0 ? hi : hi + 1);
         else
            add_unchanged_words((UndefRec*)val, lo,
                                hi == ~(UWord)0 ? hi : hi + 1, add);
      }
   }
   if (ignored) {
      for (i = 0; i < VG_(sizeRangeMap)(ignored); i++) {
         UWord lo, hi, how;
         VG_(indexRangeMap)(&lo, &hi, &how, ignored, i);
         /* A word is skipped when its first byte is ignored
            (Memcheck's is_valid_aligned_word). */
         if (how == IAR_CommandLine || how == IAR_ClientReq)
            add(VG_ROUNDUP(lo, sizeof(UWord)),
                hi >= ~(UWord)0 - sizeof(UWord)
                   ? ~(UWord)0 : VG_ROUNDUP(hi + 1, sizeof(UWord)));
      }
   }
}

/*------------------------------------------------------------*/
/*--- Named client blocks (CREATE_BLOCK)                   ---*/
/*------------------------------------------------------------*/

/* Memcheck's CGenBlock array: handles are indices, reused lowest
   first; a free slot has start == size == 0. */
typedef struct {
   Addr         start;
   SizeT        size;
   ExeContext*  where;
   HChar*       desc;
} CGenBlock;

static CGenBlock* cgbs = NULL;
static UWord      cgb_used = 0;
static UWord      cgb_size = 0;

static UWord alloc_client_block(void)
{
   UWord i;
   for (i = 0; i < cgb_used; i++)
      if (cgbs[i].start == 0 && cgbs[i].size == 0)
         return i;
   if (cgb_used == cgb_size) {
      cgb_size = cgbs == NULL ? 10 : 2 * cgb_size;
      cgbs = VG_(realloc)("lk.cr.cgbs", cgbs, cgb_size * sizeof(CGenBlock));
   }
   return cgb_used++;
}

Bool LK_(client_block_describe)(Addr a, AddrInfo* ai)
{
   UWord i;
   for (i = 0; i < cgb_used; i++) {
      if (cgbs[i].start == 0 && cgbs[i].size == 0)
         continue;
      if (VG_(addr_is_in_block)(a, cgbs[i].start, cgbs[i].size, 0)) {
         ai->tag = Addr_Block;
         ai->Addr.Block.block_kind = Block_UserG;
         ai->Addr.Block.block_desc = cgbs[i].desc;
         ai->Addr.Block.block_szB = cgbs[i].size;
         ai->Addr.Block.rwoffset = (Word)a - (Word)cgbs[i].start;
         ai->Addr.Block.allocated_at = cgbs[i].where;
         VG_(initThreadInfo)(&ai->Addr.Block.alloc_tinfo);
         ai->Addr.Block.freed_at = VG_(null_ExeContext)();
         return True;
      }
   }
   return False;
}

/*------------------------------------------------------------*/
/*--- Memory pools                                         ---*/
/*------------------------------------------------------------*/

typedef struct _LK_Mempool {
   struct _LK_Mempool* next;
   Addr          pool;        /* the key: the client's pool handle */
   SizeT         rzB;
   Bool          is_zeroed;
   Bool          auto_free;
   Bool          metapool;
   VgHashTable*  chunks;      /* LK_Chunk, keyed by address */
} LK_Mempool;

static VgHashTable* mempool_list = NULL;

Bool LK_(any_mempool_chunks)(void)
{
   LK_Mempool* mp;
   if (mempool_list == NULL || VG_(HT_count_nodes)(mempool_list) == 0)
      return False;
   VG_(HT_ResetIter)(mempool_list);
   while ((mp = VG_(HT_Next)(mempool_list)))
      if (VG_(HT_count_nodes)(mp->chunks) > 0)
         return True;
   return False;
}

SizeT LK_(n_mempool_chunks)(void)
{
   LK_Mempool* mp;
   SizeT n = 0;
   if (mempool_list == NULL)
      return 0;
   VG_(HT_ResetIter)(mempool_list);
   while ((mp = VG_(HT_Next)(mempool_list)))
      n += VG_(HT_count_nodes)(mp->chunks);
   return n;
}

Bool LK_(mempool_chunk_is_live)(LK_Chunk* ch)
{
   LK_Mempool* mp;
   if (mempool_list == NULL)
      return False;
   VG_(HT_ResetIter)(mempool_list);
   while ((mp = VG_(HT_Next)(mempool_list)))
      if (VG_(HT_lookup)(mp->chunks, ch->data) == ch)
         return True;
   return False;
}

Bool LK_(mempool_block_describe)(Addr a, Bool is_metapool, AddrInfo* ai)
{
   LK_Mempool* mp;
   if (mempool_list == NULL)
      return False;
   /* Memcheck 3.19 keeps a metapool's flag as the value 2 and compares it
      with True and False here, so it never describes a metapool chunk:
      the address is described as if no metapool were there.  Same here. */
   if (is_metapool)
      return False;
   VG_(HT_ResetIter)(mempool_list);
   while ((mp = VG_(HT_Next)(mempool_list))) {
      LK_Chunk* ch;
      if (mp->metapool)
         continue;
      VG_(HT_ResetIter)(mp->chunks);
      while ((ch = VG_(HT_Next)(mp->chunks))) {
         if (VG_(addr_is_in_block)(a, ch->data, ch->szB, mp->rzB)) {
            ai->tag = Addr_Block;
            ai->Addr.Block.block_kind = Block_MempoolChunk;
            ai->Addr.Block.block_desc = "block";
            ai->Addr.Block.block_szB = ch->szB;
            ai->Addr.Block.rwoffset = (Word)a - (Word)ch->data;
            ai->Addr.Block.allocated_at = LK_(allocated_at)(ch);
            VG_(initThreadInfo)(&ai->Addr.Block.alloc_tinfo);
            ai->Addr.Block.freed_at = LK_(freed_at)(ch);
            return True;
         }
      }
   }
   return False;
}

static Int cmp_chunk_ptrs(const void* a, const void* b)
{
   const LK_Chunk* c1 = *(const LK_Chunk* const*)a;
   const LK_Chunk* c2 = *(const LK_Chunk* const*)b;
   return c1->data < c2->data ? -1 : c1->data > c2->data ? 1 : 0;
}

/* Memcheck's check_mempool_sane: complains about chunks out of order
   or overlapping (a client bug), with a dump. */
static void check_mempool_sane(LK_Mempool* mp)
{
   static UInt tick = 0;
   UInt n_chunks, i, bad = 0;
   LK_Chunk** chunks = (LK_Chunk**)VG_(HT_to_array)(mp->chunks, &n_chunks);
   if (!chunks)
      return;

   if (VG_(clo_verbosity) > 1 && tick++ >= 10000) {
      UInt total_pools = 0, total_chunks = 0;
      LK_Mempool* mp2;
      VG_(HT_ResetIter)(mempool_list);
      while ((mp2 = VG_(HT_Next)(mempool_list))) {
         total_pools++;
         total_chunks += VG_(HT_count_nodes)(mp2->chunks);
      }
      VG_(message)(Vg_UserMsg,
                   "Total mempools active: %u pools, %u chunks\n",
                   total_pools, total_chunks);
      tick = 0;
   }

   VG_(ssort)(chunks, n_chunks, sizeof(LK_Chunk*), cmp_chunk_ptrs);
   for (i = 0; i + 1 < n_chunks; i++) {
      if (chunks[i]->data + chunks[i]->szB > chunks[i + 1]->data) {
         VG_(message)(Vg_UserMsg,
                      "Mempool chunk %u / %u overlaps with its successor\n",
                      i + 1, n_chunks);
         bad = 1;
      }
   }
   if (bad) {
      VG_(message)(Vg_UserMsg,
                   "Bad mempool (%u chunks), dumping chunks for inspection:\n",
                   n_chunks);
      for (i = 0; i < n_chunks; ++i) {
         VG_(message)(Vg_UserMsg,
                      "Mempool chunk %u / %u: %lu bytes "
                      "[%lx,%lx), allocated:\n",
                      i + 1, n_chunks, (SizeT)chunks[i]->szB,
                      chunks[i]->data, chunks[i]->data + chunks[i]->szB);
         VG_(pp_ExeContext)(LK_(allocated_at)(chunks[i]));
      }
   }
   VG_(free)(chunks);
}

static void trace_stack(ThreadId tid)
{
   VG_(get_and_pp_StackTrace)(tid, MEMPOOL_DEBUG_STACKTRACE_DEPTH);
}

/* A chunk leaves its pool (or the malloc table): its memory and
   redzones become noaccess, then the freed queue. */
static void die_custom(ThreadId tid, LK_Chunk* ch, SizeT rzB)
{
   mark_noaccess(ch->data - rzB, ch->szB + 2 * rzB);
   LK_(shadow_make_noaccess)(ch->data - rzB, ch->szB + 2 * rzB);
   LK_(die_and_free_chunk)(tid, ch);
}

/* Memory handed out by a custom allocator: addressable; its redzones
   (if any) noaccess. */
static void custom_block_born(Addr p, SizeT szB, SizeT rzB)
{
   mark_default(p, szB);
   LK_(shadow_make_accessible)(p, szB);
   if (rzB > 0) {
      mark_noaccess(p - rzB, rzB);
      mark_noaccess(p + szB, rzB);
      LK_(shadow_make_noaccess)(p - rzB, rzB);
      LK_(shadow_make_noaccess)(p + szB, rzB);
   }
}

static void create_mempool(ThreadId tid, Addr pool, UInt rzB,
                           Bool is_zeroed, Bool auto_free, Bool metapool)
{
   LK_Mempool* mp;
   if (VG_(clo_verbosity) > 2 || (auto_free && !metapool)) {
      VG_(message)(Vg_UserMsg,
                   "create_mempool(0x%lx, rzB=%u, zeroed=%d,"
                   " autofree=%d, metapool=%d)\n",
                   pool, rzB, is_zeroed, auto_free, metapool);
      trace_stack(tid);
      if (auto_free && !metapool)
         VG_(tool_panic)("Inappropriate use of mempool:"
                         " an auto free pool must be a meta pool. Aborting\n");
   }
   if (VG_(HT_lookup)(mempool_list, pool) != NULL)
      VG_(tool_panic)("MC_(create_mempool): duplicate pool creation");

   mp = VG_(malloc)("lk.cr.mempool", sizeof *mp);
   mp->pool = pool;
   mp->rzB = rzB;
   mp->is_zeroed = is_zeroed;
   mp->auto_free = auto_free;
   mp->metapool = metapool;
   mp->chunks = VG_(HT_construct)("lk.cr.mempool.chunks");
   VG_(HT_add_node)(mempool_list, mp);
}

static void destroy_mempool(ThreadId tid, Addr pool)
{
   LK_Mempool* mp;
   LK_Chunk* ch;
   if (VG_(clo_verbosity) > 2) {
      VG_(message)(Vg_UserMsg, "destroy_mempool(0x%lx)\n", pool);
      trace_stack(tid);
   }
   mp = VG_(HT_remove)(mempool_list, pool);
   if (mp == NULL) {
      LK_(record_illegal_mempool_error)(tid, pool);
      return;
   }
   check_mempool_sane(mp);
   /* The chunks are forgotten, not queued: they no longer exist. */
   VG_(HT_ResetIter)(mp->chunks);
   while ((ch = VG_(HT_Next)(mp->chunks))) {
      VG_(HT_remove_at_Iter)(mp->chunks);
      mark_noaccess(ch->data - mp->rzB, ch->szB + 2 * mp->rzB);
      LK_(discard_chunk)(ch);
   }
   VG_(HT_destruct)(mp->chunks, NULL);
   VG_(free)(mp);
}

static void mempool_alloc(ThreadId tid, Addr pool, Addr addr, SizeT szB)
{
   LK_Mempool* mp;
   if (VG_(clo_verbosity) > 2) {
      VG_(message)(Vg_UserMsg, "mempool_alloc(0x%lx, 0x%lx, %lu)\n",
                   pool, addr, szB);
      trace_stack(tid);
   }
   mp = VG_(HT_lookup)(mempool_list, pool);
   if (mp == NULL) {
      LK_(record_illegal_mempool_error)(tid, pool);
      return;
   }
   LK_Chunk* ch = LK_(new_custom_chunk)(tid, addr, szB);
   VG_(HT_add_node)(mp->chunks, ch);
   custom_block_born(addr, szB, mp->rzB);
}

/* An auto-free pool's chunk is freed: so is every malloc-table block
   lying wholly inside it. */
static void free_mallocs_in_mempool_block(ThreadId tid, LK_Mempool* mp,
                                          Addr start, Addr end)
{
   LK_Chunk* ch;
   if (VG_(clo_verbosity) > 2)
      VG_(message)(Vg_UserMsg,
                   "free_mallocs_in_mempool_block: Start 0x%lx size %lu\n",
                   start, (SizeT)(end - start));
   LK_(live_iter_start_within)(start, end);
   while ((ch = LK_(live_iter_next)())) {
      if (VG_(clo_verbosity) > 2)
         VG_(message)(Vg_UserMsg, "Auto-free of 0x%lx size=%lu\n",
                      ch->data, (SizeT)ch->szB);
      LK_(remove_live_chunk_at_iter)(ch);
      die_custom(tid, ch, mp->rzB);
      LK_(count_pool_free)();
   }
}

static void mempool_free(ThreadId tid, Addr pool, Addr addr)
{
   LK_Mempool* mp = VG_(HT_lookup)(mempool_list, pool);
   LK_Chunk* ch;
   if (mp == NULL) {
      LK_(record_illegal_mempool_error)(tid, pool);
      return;
   }
   if (VG_(clo_verbosity) > 2) {
      VG_(message)(Vg_UserMsg, "mempool_free(0x%lx, 0x%lx)\n", pool, addr);
      trace_stack(tid);
   }
   ch = VG_(HT_remove)(mp->chunks, addr);
   if (ch == NULL) {
      LK_(record_free_error)(tid, addr);
      return;
   }
   if (mp->auto_free)
      free_mallocs_in_mempool_block(tid, mp, ch->data, ch->data + ch->szB);
   if (VG_(clo_verbosity) > 2)
      VG_(message)(Vg_UserMsg,
                   "mempool_free(0x%lx, 0x%lx) freed chunk of %lu bytes\n",
                   pool, addr, (SizeT)ch->szB);
   die_custom(tid, ch, mp->rzB);
   LK_(count_pool_free)();
}

/* Chunks wholly inside [addr, addr+szB) stay; chunks with neither end
   inside go; the others are clipped to the extent. */
static void mempool_trim(ThreadId tid, Addr pool, Addr addr, SizeT szB)
{
   LK_Mempool* mp;
   LK_Chunk** chunks;
   UInt n, i;
   if (VG_(clo_verbosity) > 2) {
      VG_(message)(Vg_UserMsg, "mempool_trim(0x%lx, 0x%lx, %lu)\n",
                   pool, addr, szB);
      trace_stack(tid);
   }
   mp = VG_(HT_lookup)(mempool_list, pool);
   if (mp == NULL) {
      LK_(record_illegal_mempool_error)(tid, pool);
      return;
   }
   check_mempool_sane(mp);
   chunks = (LK_Chunk**)VG_(HT_to_array)(mp->chunks, &n);
   if (n == 0)
      return;

#  define IN_EXTENT(x) (addr <= (x) && (x) < addr + szB)
   for (i = 0; i < n; i++) {
      LK_Chunk* ch = chunks[i];
      Addr lo = ch->data;
      Addr hi = ch->szB == 0 ? ch->data : ch->data + ch->szB - 1;
      if (IN_EXTENT(lo) && IN_EXTENT(hi))
         continue;
      /* Each chunk that goes or is clipped counts as a free
         (LK_(count_pool_free): Valgrind >= 3.27), as Memcheck counts it,
         and so does the failed removal that ends the trim. */
      if (VG_(HT_remove)(mp->chunks, ch->data) == NULL) {
         LK_(record_free_error)(tid, ch->data);
         VG_(free)(chunks);
         LK_(count_pool_free)();
         return;
      }
      if (!IN_EXTENT(lo) && !IN_EXTENT(hi)) {
         die_custom(tid, ch, mp->rzB);
         LK_(count_pool_free)();
         continue;
      }
      /* Clip to the extent.  (Memcheck computes the new end of a chunk
         that straddles the start of the extent from the trim size, and
         then asserts; leakcheck uses the chunk's own end.) */
      Addr ch_end = ch->data + ch->szB;
      Addr new_lo = ch->data < addr ? addr : ch->data;
      Addr new_hi = ch_end > addr + szB ? addr + szB : ch_end;
      if (new_lo > ch->data)
         mark_noaccess(ch->data, new_lo - ch->data);
      if (ch_end > new_hi)
         mark_noaccess(new_hi, ch_end - new_hi);
      ch->data = new_lo;
      ch->szB = (UInt)(new_hi - new_lo);
      VG_(HT_add_node)(mp->chunks, ch);
      LK_(count_pool_free)();
   }
#  undef IN_EXTENT
   check_mempool_sane(mp);
   VG_(free)(chunks);
}

static void move_mempool(ThreadId tid, Addr poolA, Addr poolB)
{
   LK_Mempool* mp;
   if (VG_(clo_verbosity) > 2) {
      VG_(message)(Vg_UserMsg, "move_mempool(0x%lx, 0x%lx)\n", poolA, poolB);
      trace_stack(tid);
   }
   mp = VG_(HT_remove)(mempool_list, poolA);
   if (mp == NULL) {
      LK_(record_illegal_mempool_error)(tid, poolA);
      return;
   }
   mp->pool = poolB;
   VG_(HT_add_node)(mempool_list, mp);
}

static void mempool_change(ThreadId tid, Addr pool, Addr addrA, Addr addrB,
                           SizeT szB)
{
   LK_Mempool* mp;
   LK_Chunk* ch;
   if (VG_(clo_verbosity) > 2) {
      VG_(message)(Vg_UserMsg, "mempool_change(0x%lx, 0x%lx, 0x%lx, %lu)\n",
                   pool, addrA, addrB, szB);
      trace_stack(tid);
   }
   mp = VG_(HT_lookup)(mempool_list, pool);
   if (mp == NULL) {
      LK_(record_illegal_mempool_error)(tid, pool);
      return;
   }
   check_mempool_sane(mp);
   ch = VG_(HT_remove)(mp->chunks, addrA);
   if (ch == NULL) {
      LK_(record_free_error)(tid, addrA);
      return;
   }
   ch->data = addrB;
   ch->szB = szB;
   VG_(HT_add_node)(mp->chunks, ch);
   check_mempool_sane(mp);
}

/*------------------------------------------------------------*/
/*--- The leak search's block set                          ---*/
/*------------------------------------------------------------*/

typedef struct {
   void (*f)(LK_Chunk* ch, unsigned flags, void* opaque);
   void* opaque;
   Addr* points;      /* first and last bytes of every chunk, sorted */
   UInt  n_points;
} BlockWalk;

static Int cmp_addr(const void* a, const void* b)
{
   Addr x = *(const Addr*)a, y = *(const Addr*)b;
   return x < y ? -1 : x > y ? 1 : 0;
}

static void walk_malloc_chunk(LK_Chunk* ch, void* opaque)
{
   BlockWalk* w = opaque;
   Addr lo = ch->data;
   Addr hi = ch->data + (ch->szB == 0 ? 1 : ch->szB);   /* exclusive */
   /* The first point >= lo: if it is below hi, ch holds a chunk's end
      and is a superblock. */
   UInt l = 0, r = w->n_points;
   while (l < r) {
      UInt m = l + (r - l) / 2;
      if (w->points[m] < lo) l = m + 1; else r = m;
   }
   if (l < w->n_points && w->points[l] < hi)
      return;
   w->f(ch, ch->allockind == LK_AllocCustom ? LK_BLOCK_CUSTOM : 0,
        w->opaque);
}

static void walk_plain_chunk(LK_Chunk* ch, void* opaque)
{
   BlockWalk* w = opaque;
   w->f(ch, ch->allockind == LK_AllocCustom ? LK_BLOCK_CUSTOM : 0,
        w->opaque);
}

void LK_(for_each_leak_block)(void (*f)(LK_Chunk* ch, unsigned flags,
                                         void* opaque), void* opaque)
{
   BlockWalk w;
   LK_Mempool* mp;
   LK_Chunk* ch;
   SizeT n = 0;

   w.f = f;
   w.opaque = opaque;
   w.points = NULL;
   w.n_points = 0;
   if (!LK_(any_mempool_chunks)()) {
      LK_(for_each_live_chunk)(walk_plain_chunk, &w);
      return;
   }

   n = LK_(n_mempool_chunks)();
   w.points = VG_(malloc)("lk.cr.points", 2 * n * sizeof(Addr));
   VG_(HT_ResetIter)(mempool_list);
   while ((mp = VG_(HT_Next)(mempool_list))) {
      VG_(HT_ResetIter)(mp->chunks);
      while ((ch = VG_(HT_Next)(mp->chunks))) {
         w.points[w.n_points++] = ch->data;
         if (ch->szB > 1)
            w.points[w.n_points++] = ch->data + ch->szB - 1;
         f(ch, LK_BLOCK_CUSTOM | (mp->metapool ? LK_BLOCK_METAPOOL : 0),
           opaque);
      }
   }
   VG_(ssort)(w.points, w.n_points, sizeof(Addr), cmp_addr);
   LK_(for_each_live_chunk)(walk_malloc_chunk, &w);
   VG_(free)(w.points);
}

/*------------------------------------------------------------*/
/*--- Custom blocks                                        ---*/
/*------------------------------------------------------------*/

static void malloclike_block(ThreadId tid, Addr p, SizeT szB, UInt rzB,
                             Bool is_zeroed)
{
   LK_Chunk* ch = LK_(new_custom_chunk)(tid, p, szB);
   LK_(add_live_chunk)(ch);
   custom_block_born(p, szB, rzB);
}

static void freelike_block(ThreadId tid, Addr p, UInt rzB)
{
   LK_Chunk* ch = LK_(live_block_at)(p);
   SizeT szB = ch ? ch->szB : 0;
   LK_(handle_free)(tid, p, LK_AllocCustom);
   if (ch) {
      mark_noaccess(p - rzB, szB + 2 * (SizeT)rzB);
      LK_(shadow_make_noaccess)(p - rzB, szB + 2 * (SizeT)rzB);
   }
}

static void resizeinplace_block(ThreadId tid, Addr p, SizeT old_szB,
                                SizeT new_szB, UInt rzB)
{
   LK_Chunk* ch = LK_(live_block_at)(p);
   if (ch == NULL || ch->szB != old_szB || new_szB == 0) {
      LK_(record_free_error)(tid, p);
      return;
   }
   if (old_szB == new_szB)
      return;
   if (UNLIKELY(VG_(clo_xtree_memory) == Vg_XTMemory_Full))
      VG_(XTMemory_Full_resize_in_place)(old_szB, new_szB,
                                         LK_(chunk_first_stack)(ch));
   LK_(set_live_chunk_size)(ch, new_szB);
   if (new_szB < old_szB) {
      mark_noaccess(p + new_szB, old_szB - new_szB + rzB);
      LK_(shadow_make_noaccess)(p + new_szB, old_szB - new_szB + rzB);
   } else {
      mark_default(p + old_szB, new_szB - old_szB);
      LK_(shadow_make_accessible)(p + old_szB, new_szB - old_szB);
      if (rzB > 0) {
         mark_noaccess(p + new_szB, rzB);
         LK_(shadow_make_noaccess)(p + new_szB, rzB);
      }
   }
}

/*------------------------------------------------------------*/
/*--- The request handler                                  ---*/
/*------------------------------------------------------------*/

static void do_leak_check(ThreadId tid, UWord mode, UWord delta)
{
   LK_LeakParams lcp;
   if (mode == 0)
      lcp.mode = LK_LeakFull;
   else if (mode == 1)
      lcp.mode = LK_LeakSummary;
   else {
      VG_(message)(Vg_UserMsg,
                   "Warning: unknown memcheck leak search mode\n");
      lcp.mode = LK_LeakFull;
   }
   lcp.show_kinds = LK_(clo_show_leak_kinds);
   lcp.error_kinds = LK_(clo_error_for_leak_kinds);
   lcp.heuristics = LK_(clo_leak_check_heuristics);
   if (delta == 0)
      lcp.delta = LK_DeltaAny;
   else if (delta == 1)
      lcp.delta = LK_DeltaIncreased;
   else if (delta == 2)
      lcp.delta = LK_DeltaChanged;
   else if (delta == LK_DELTAMODE_NEW)
      lcp.delta = LK_DeltaNew;     /* Valgrind >= 3.21's memcheck.h */
   else {
      VG_(message)(Vg_UserMsg,
                   "Warning: unknown memcheck leak search deltamode\n");
      lcp.delta = LK_DeltaAny;
   }
   lcp.max_records = 999999999;
   lcp.by_monitor = 0;
   lcp.vg_version = LK_VG_VERSION;
   LK_(detect_memory_leaks)(tid, &lcp, NULL);
}

Bool LK_(handle_client_request)(ThreadId tid, UWord* arg, UWord* ret)
{
   if (!VG_IS_TOOL_USERREQ('M', 'C', arg[0])
       && arg[0] != VG_USERREQ__MALLOCLIKE_BLOCK
       && arg[0] != VG_USERREQ__RESIZEINPLACE_BLOCK
       && arg[0] != VG_USERREQ__FREELIKE_BLOCK
       && arg[0] != VG_USERREQ__CREATE_MEMPOOL
       && arg[0] != VG_USERREQ__DESTROY_MEMPOOL
       && arg[0] != VG_USERREQ__MEMPOOL_ALLOC
       && arg[0] != VG_USERREQ__MEMPOOL_FREE
       && arg[0] != VG_USERREQ__MEMPOOL_TRIM
       && arg[0] != VG_USERREQ__MOVE_MEMPOOL
       && arg[0] != VG_USERREQ__MEMPOOL_CHANGE
       && arg[0] != VG_USERREQ__MEMPOOL_EXISTS
       && arg[0] != VG_USERREQ__GDB_MONITOR_COMMAND
       && arg[0] != VG_USERREQ__ENABLE_ADDR_ERROR_REPORTING_IN_RANGE
       && arg[0] != VG_USERREQ__DISABLE_ADDR_ERROR_REPORTING_IN_RANGE)
      return False;

   switch (arg[0]) {
   case VG_USERREQ__CHECK_MEM_IS_ADDRESSABLE:
   case VG_USERREQ__CHECK_MEM_IS_DEFINED: {
      /* Definedness is never checked (no V bits): both requests check
         addressability. */
      Addr bad_addr;
      Bool ok = LK_(check_mem_is_addressable)(arg[1], arg[2], &bad_addr);
      if (!ok)
         LK_(record_user_error)(tid, bad_addr, /*isAddrErr*/True);
      *ret = ok ? 0 : bad_addr;
      return True;
   }

   case VG_USERREQ__DO_LEAK_CHECK:
      do_leak_check(tid, arg[1], arg[2]);
      *ret = 0;
      return True;

   case VG_USERREQ__MAKE_MEM_NOACCESS:
      mark_noaccess(arg[1], arg[2]);
      LK_(shadow_make_noaccess)(arg[1], arg[2]);
      *ret = -1;
      return True;

   case VG_USERREQ__MAKE_MEM_UNDEFINED:
      mark_undefined(arg[1], arg[2]);
      LK_(shadow_make_accessible)(arg[1], arg[2]);
      *ret = -1;
      return True;

   case VG_USERREQ__MAKE_MEM_DEFINED:
      mark_default(arg[1], arg[2]);
      LK_(shadow_make_accessible)(arg[1], arg[2]);
      *ret = -1;
      return True;

   case VG_USERREQ__MAKE_MEM_DEFINED_IF_ADDRESSABLE:
      mark_defined_if_addressable(arg[1], arg[2]);
      *ret = -1;
      return True;

   case VG_USERREQ__CREATE_BLOCK:
      if (arg[1] != 0 && arg[2] != 0) {
         UWord i = alloc_client_block();
         cgbs[i].start = arg[1];
         cgbs[i].size = arg[2];
         cgbs[i].desc = VG_(strdup)("lk.cr.desc", (HChar*)arg[3]);
         cgbs[i].where = VG_(record_ExeContext)(tid, 0);
         *ret = i;
      } else {
         *ret = -1;
      }
      return True;

   case VG_USERREQ__DISCARD:
      if (cgbs == NULL || arg[2] >= cgb_used
          || (cgbs[arg[2]].start == 0 && cgbs[arg[2]].size == 0)) {
         *ret = 1;
      } else {
         cgbs[arg[2]].start = cgbs[arg[2]].size = 0;
         VG_(free)(cgbs[arg[2]].desc);
         cgbs[arg[2]].desc = NULL;
         *ret = 0;
      }
      return True;

   case VG_USERREQ__GET_VBITS:
   case VG_USERREQ__SET_VBITS:
      /* No definedness bits: Memcheck's "legacy/ok" answers would be
         lies, so say nothing was done (3 = "unaddressable" would make
         callers abort).  0 is what Memcheck returns when not running
         under Valgrind. */
      *ret = 0;
      return True;

   case VG_USERREQ__COUNT_LEAKS: {
      UWord** argp = (UWord**)arg;
      const LK_LeakTotals* t = LK_(leak_totals)();
      *argp[1] = t->bytes[LK_Unreached] + t->bytes[LK_IndirectLeak];
      *argp[2] = t->bytes[LK_Possible];
      *argp[3] = t->bytes[LK_Reachable];
      *argp[4] = t->bytes_suppressed;
      *ret = 0;
      return True;
   }

   case VG_USERREQ__COUNT_LEAK_BLOCKS: {
      UWord** argp = (UWord**)arg;
      const LK_LeakTotals* t = LK_(leak_totals)();
      *argp[1] = t->blocks[LK_Unreached] + t->blocks[LK_IndirectLeak];
      *argp[2] = t->blocks[LK_Possible];
      *argp[3] = t->blocks[LK_Reachable];
      *argp[4] = t->blocks_suppressed;
      *ret = 0;
      return True;
   }

   case VG_USERREQ__MALLOCLIKE_BLOCK:
      malloclike_block(tid, arg[1], arg[2], (UInt)arg[3], (Bool)arg[4]);
      return True;

   case VG_USERREQ__RESIZEINPLACE_BLOCK:
      resizeinplace_block(tid, arg[1], arg[2], arg[3], (UInt)arg[4]);
      return True;

   case VG_USERREQ__FREELIKE_BLOCK:
      freelike_block(tid, arg[1], (UInt)arg[2]);
      return True;

   case VG_USERREQ__CREATE_MEMPOOL:
      create_mempool(tid, arg[1], (UInt)arg[2], (Bool)arg[3],
                     (arg[4] & VALGRIND_MEMPOOL_AUTO_FREE) != 0,
                     (arg[4] & VALGRIND_MEMPOOL_METAPOOL) != 0);
      return True;

   case VG_USERREQ__DESTROY_MEMPOOL:
      destroy_mempool(tid, arg[1]);
      return True;

   case VG_USERREQ__MEMPOOL_ALLOC:
      /* The size is a UInt in Memcheck. */
      mempool_alloc(tid, arg[1], arg[2], (UInt)arg[3]);
      return True;

   case VG_USERREQ__MEMPOOL_FREE:
      mempool_free(tid, arg[1], arg[2]);
      return True;

   case VG_USERREQ__MEMPOOL_TRIM:
      mempool_trim(tid, arg[1], arg[2], (UInt)arg[3]);
      return True;

   case VG_USERREQ__MOVE_MEMPOOL:
      move_mempool(tid, arg[1], arg[2]);
      return True;

   case VG_USERREQ__MEMPOOL_CHANGE:
      mempool_change(tid, arg[1], arg[2], arg[3], (UInt)arg[4]);
      return True;

   case VG_USERREQ__MEMPOOL_EXISTS:
      *ret = VG_(HT_lookup)(mempool_list, arg[1]) != NULL;
      return True;

   case VG_USERREQ__GDB_MONITOR_COMMAND: {
      Bool handled = LK_(handle_gdb_monitor_command)(tid, (HChar*)arg[1]);
      *ret = handled ? 1 : 0;
      return handled;
   }

   case _VG_USERREQ__MEMCHECK_RECORD_OVERLAP_ERROR:
      /* From the string and memory function replacements of the preload
         (lk_replace_strmem.c): function name, dst, src, length (0 for
         the string functions). */
      LK_(record_overlap_error)(tid, (const HChar*)arg[1], (Addr)arg[3],
                                (Addr)arg[2], (SizeT)arg[4]);
      *ret = 0;
      return True;

   case VG_USERREQ__DISABLE_ADDR_ERROR_REPORTING_IN_RANGE:
   case VG_USERREQ__ENABLE_ADDR_ERROR_REPORTING_IN_RANGE: {
      Bool add = arg[0] == VG_USERREQ__DISABLE_ADDR_ERROR_REPORTING_IN_RANGE;
      *ret = modify_ignore_ranges(add, arg[1], arg[2]) ? 1 : 0;
      return True;
   }

#if LK_VG_AT_LEAST(3, 22)
   case _VG_USERREQ__MEMCHECK_VERIFY_ALIGNMENT:
      /* From the preload (lk_heap.c); the fast path of lk_translate.c
         takes it in generated code, this is for any that reach the
         scheduler. */
      LK_(verify_alignment)(tid, (const struct AlignedAllocInfo*)arg[1]);
      *ret = 0;
      return True;
#endif

   default:
      VG_(message)(Vg_UserMsg,
                   "Warning: unknown memcheck client request code %llx\n",
                   (ULong)arg[0]);
      return False;
   }
}

/*------------------------------------------------------------*/
/*--- Setup and finalisation                               ---*/
/*------------------------------------------------------------*/

void LK_(clientreq_init)(void)
{
   mempool_list = VG_(HT_construct)("lk.cr.mempools");
}

void LK_(clientreq_post_clo_init)(void)
{
   if (VG_(clo_xtree_memory) == Vg_XTMemory_Full) {
      if (LK_(clo_keep_stacktraces) == KS_none
          || LK_(clo_keep_stacktraces) == KS_free)
         VG_(fmsg_bad_option)("--keep-stacktraces",
                              "To use --xtree-memory=full, you must"
                              " keep at least the alloc stacktrace\n");
      VG_(XTMemory_Full_init)(VG_(XT_filter_1top_and_maybe_below_main));
   }
}

/* Client-requested ignore ranges still in force at exit deserve a
   warning (even with -q), as with Memcheck. */
void LK_(clientreq_fini)(void)
{
   UInt i, n_bad = 0;
   if (ignored == NULL)
      return;
   for (i = 0; i < VG_(sizeRangeMap)(ignored); i++) {
      UWord lo, hi, how;
      VG_(indexRangeMap)(&lo, &hi, &how, ignored, i);
      if (how != IAR_ClientReq)
         continue;
      if (++n_bad == 1)
         VG_(umsg)(
            "WARNING: exiting program has the following client-requested\n"
            "WARNING: address error disablement range(s) still in force,\n"
            "WARNING: possibly as a result of some mistake in the use of the\n"
            "WARNING: VALGRIND_{DISABLE,ENABLE}_ERROR_REPORTING_IN_RANGE"
            " macros.\n");
      VG_(umsg)("   [%u]  0x%016lx-0x%016lx  %s\n", i, lo, hi,
                show_IAR_kind(how));
   }
}

/*--------------------------------------------------------------------*/
/*--- end                                             lk_clientreq.c ---*/
/*--------------------------------------------------------------------*/
