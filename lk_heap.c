/*--------------------------------------------------------------------*/
/*--- leakcheck: the replacement allocator's tool side.            ---*/
/*---                                                    lk_heap.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   Malloc wrappers
   ---------------
   The preload library (Valgrind's libreplacemalloc_toolpreload, linked
   whole into vgpreload_leakcheck-amd64-linux.so) intercepts malloc,
   calloc, realloc, free, memalign & co and every operator new/delete,
   and calls the callbacks below on the real CPU with the calling
   thread's id.  Each live block gets an LK_Chunk in the table of live
   blocks ("The table of live blocks" below, private to this file),
   keyed by address, holding its size, allocation family and stacks.
   Freed blocks wait in a quarantine (two FIFO lists, as Memcheck's
   freed queue) before their memory returns to the client arena, so that
   use-after-free can be recognised and described.
   With --size-classes=yes small blocks come from size-class runs
   instead ("Size-class runs" below): their LK_Chunks sit beside their
   runs and are found by address arithmetic, not through the table.

   The counting (HEAP SUMMARY) and every corner case follow Memcheck's
   mc_malloc_wrappers.c: a fishy (negative) size fails before anything
   is counted; realloc always moves the block and counts one alloc and
   one free even when the old pointer is invalid; free() of something
   that is not a live block's start is an "Invalid free()" and changes
   nothing; a block released by the wrong family is reported and then
   freed anyway.  What the preload hands to these callbacks depends on
   the Valgrind version: from 3.21 realloc(NULL, n) and realloc(p, 0)
   arrive here (LK_(realloc)), from 3.22 the aligned allocators pass the
   alignment the client asked for and every delete and aligned
   allocation is preceded by a verify-alignment request
   (LK_(verify_alignment)).

   Fresh blocks are zeroed.  Memcheck treats new heap memory as
   undefined and never takes pointers from undefined words; leakcheck
   has no definedness bits, so a recycled block could otherwise carry a
   stale pointer that keeps a leaked block "reachable".  Zeroing (unless
   --malloc-fill asks for another byte) makes the leak search agree with
   Memcheck's.  Only memory the client had before is cleared: memory
   the arena has just mapped is zero from the kernel, so the part of a
   new block the arena never handed out stays as it is (lk_access.c,
   "Fresh memory").  Large blocks are cleared
   with madvise(MADV_DONTNEED), and from 64 KiB only the pages the page
   table shows holding data are written (zero_fresh_block), so that
   untouched pages stay uncommitted.
*/

#include "pub_tool_basics.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcfile.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "pub_tool_replacemalloc.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_vki.h"
#include "pub_tool_vkiscnums.h"
#include "pub_tool_xtree.h"
#include "pub_tool_xtmemory.h"
#include "pub_tool_xarray.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_addrinfo.h"
#include "lk_include.h"

/*------------------------------------------------------------*/
/*--- Block table and counters                             ---*/
/*------------------------------------------------------------*/

SizeT LK_(Malloc_Redzone_SzB) = 0;

/* The chunk stays three words (plus its stacks): its flags share the
   size's word. */
typedef char lk_chunk_is_three_words[sizeof(LK_Chunk) == 3 * sizeof(Addr)
                                     ? 1 : -1];

/*------------------------------------------------------------*/
/*--- Chunk slabs                                          ---*/
/*------------------------------------------------------------*/

/* LK_Chunks live in slabs of kSlabElems, so that the leak search can
   walk every live chunk in memory order (a hash-table walk jumps all
   over memory: ~50 ms per million blocks).  Freed elements go on a free
   list threaded through 'next'; the 'live' bit tells live chunks from
   quarantined and free ones. */
#define LK_SLAB_ELEMS 4096

typedef struct _Slab {
   struct _Slab* next;
   UInt          n_used;     /* elements handed out from this slab so far */
   UChar*        elems;
} Slab;

static Slab*     slabs_head = NULL;
static Slab*     slabs_tail = NULL;

static LK_Chunk* free_chunks = NULL;
static SizeT     chunk_szB = 0;
static UInt      n_live_chunks = 0;
/* Bytes in the live chunks ("in use at exit"), kept as they change so
   that HEAP SUMMARY need not walk a million chunks at exit. */
static ULong     live_szB = 0;

static inline LK_Chunk* slab_chunk(const Slab* sl, UInt i)
{
   return (LK_Chunk*)(sl->elems + (SizeT)i * chunk_szB);
}

/* Every chunk handed out from the slabs, live or not (run blocks have
   theirs beside their runs, never here):
   FOR_EACH_SLAB_CHUNK(sl, i, ch) { ... } */
#define FOR_EACH_SLAB_CHUNK(sl, i, ch)                                 \
   for ((sl) = slabs_head; (sl) != NULL; (sl) = (sl)->next)            \
      for ((i) = 0; (i) < (sl)->n_used && ((ch) = slab_chunk(sl, i), 1); \
           (i)++)

static Bool populate_works = True;

void LK_(populate)(Addr a, SizeT len)
{
   Addr lo = VG_PGROUNDUP(a);
   Addr hi = VG_PGROUNDDN(a + len);
   if (!populate_works || hi <= lo)
      return;
   SysRes r = LK_SYSCALL3(__NR_madvise, lo, hi - lo, LK_MADV_POPULATE_WRITE);
   if (sr_isError(r) && sr_Err(r) == VKI_EINVAL)
      populate_works = False;   /* before Linux 5.14 */
}

static void note_new_slab(Slab* sl);

static LK_Chunk* alloc_chunk(void)
{
   LK_Chunk* ch;
   if (free_chunks != NULL) {
      ch = free_chunks;
      free_chunks = ch->next;
      return ch;
   }
   if (slabs_tail == NULL || slabs_tail->n_used == LK_SLAB_ELEMS) {
      Slab* sl = VG_(malloc)("lk.heap.slab", sizeof(Slab));
      sl->next = NULL;
      sl->n_used = 0;
      sl->elems = VG_(malloc)("lk.heap.slab.elems", LK_SLAB_ELEMS * chunk_szB);
      LK_(populate)((Addr)sl->elems, LK_SLAB_ELEMS * chunk_szB);
      if (slabs_tail) slabs_tail->next = sl; else slabs_head = sl;
      slabs_tail = sl;
      note_new_slab(sl);
   }
   ch = slab_chunk(slabs_tail, slabs_tail->n_used);
   slabs_tail->n_used++;
   return ch;
}

static void free_chunk(LK_Chunk* ch)
{
   ch->live = 0;
   ch->next = free_chunks;
   free_chunks = ch;
}

/*------------------------------------------------------------*/
/*--- Size-class runs (--size-classes=yes)                 ---*/
/*------------------------------------------------------------*/

/* Small blocks (payload up to LK_SC_MAX_PSZB) come from runs: aligned
   LK_SC_RUN_SZB pieces of the client arena (VG_(cli_malloc)), cut into
   slots of one size class (lk_sizeclass.cpp).  A slot is laid out as the
   arena lays out a block of that payload, so neighbours of one class are
   as far apart as under Memcheck, and the run itself is an arena block, so
   Valgrind's own address descriptions still say "client" arena.  Each
   slot's LK_Chunk sits in an array beside the run (out of band): finding
   the block that starts at an address is arithmetic (no hash table), and
   live run blocks are never in the table.  Blocks in quarantine keep
   their slot; releasing them gives the slot back to its run.

   A run that empties while its class has another run with free slots is
   released (lk_sc_give): it becomes a spare run of its pool, which the
   next class that needs a run takes before anything new is cut, so that
   memory freed in one class serves the others (sqlite3's peak RSS was
   +57% without this: bench/README.md).  A pool whose runs are all spare
   goes back to the arena, which merges it with its neighbours and reuses
   it for any block; one such pool is kept in reserve, so that a program
   oscillating around a pool's worth of small blocks does not free and
   re-allocate one every few calls. */
#define LK_SC_MAX_PSZB 2048

struct _Pool;

typedef struct _RunGlue {
   Addr   base;
   Addr   populated_to;     /* faulted in ahead up to here */
   /* [base, dirty_to) may hold old data: written while the run served
      another class (or the same one before), so its carved slots are
      not zero. */
   Addr   dirty_to;
   UChar* chunks;           /* one LK_Chunk (chunk_szB) per slot */
   UInt   chunks_cap;       /* slots 'chunks' has room for */
   struct _Pool*    pool;
   struct _RunGlue* next_spare;
} RunGlue;

/* Runs are cut from pools of LK_SC_POOL_RUNS runs, one arena block
   each, aligned by hand: asking the arena for each run with its
   alignment (VG_(cli_malloc)(LK_SC_RUN_SZB, ...)) would cost up to a
   run's size of address space per run, and with it the shadow filter's
   pages for it (bench/run-leakscan: +43 MB of peak RSS). */
#define LK_SC_POOL_RUNS 8

typedef struct _Pool {
   struct _Pool* next;
   Addr     blk;            /* the arena block */
   Addr     first;          /* its first run */
   Addr     dirty_to;       /* the arena had handed out memory below */
   UInt     n_cut;          /* runs cut from it so far */
   UInt     n_spare;        /* of those, released and on 'spare' */
   RunGlue* spare;
} Pool;

static Bool use_runs = False;
static Pool* pools = NULL;
static Pool* cur_pool = NULL;        /* runs are cut from it */
static UInt n_spare_runs = 0;
static UInt n_empty_pools = 0;       /* every run cut and spare */
/* Counters for --stats=yes. */
static ULong n_runs_cut = 0, n_runs_reused = 0, n_runs_released = 0,
             n_pools_freed = 0;

static inline LK_Chunk* run_chunk(const LK_Run* r, UInt idx)
{
   const RunGlue* g = lk_sc_run_user(r);
   return (LK_Chunk*)(g->chunks + (SizeT)idx * chunk_szB);
}

static Pool* new_pool(void)
{
   const SizeT want = (LK_SC_POOL_RUNS + 1) * LK_SC_RUN_SZB;
   Addr blk = (Addr)VG_(cli_malloc)(16, want);
   if (!blk)
      return NULL;
   /* Known to the heap-segment tracking; noaccess until slots are
      taken.  Where the arena had handed the memory out before (below
      zero_to), each run's pages are dropped when the run is cut
      (new_run), not cleared here. */
   Addr zero_to = LK_(shadow_heap_alloc)(blk, want);
   Pool* pl = VG_(malloc)("lk.heap.pool", sizeof(Pool));
   pl->blk = blk;
   pl->first = (blk + LK_SC_RUN_SZB - 1) & ~(Addr)(LK_SC_RUN_SZB - 1);
   pl->dirty_to = zero_to;   /* each run is cleared when it is cut */
   pl->n_cut = 0;
   pl->n_spare = 0;
   pl->spare = NULL;
   pl->next = pools;
   pools = pl;
   LK_(shadow_heap_free)(blk, want);
   return pl;
}

/* Gives a pool whose runs are all spare back to the arena.  Its memory
   is noaccess already (slots are made so when their blocks die), as any
   freed arena block's; the arena's later blocks there are cleared by
   the fresh-memory logic, since the pool was handed out once. */
static void free_pool(Pool* pl)
{
   Pool** pp = &pools;
   tl_assert(pl->n_cut == LK_SC_POOL_RUNS && pl->n_spare == pl->n_cut);
   while (*pp != pl)
      pp = &(*pp)->next;
   *pp = pl->next;
   while (pl->spare) {
      RunGlue* g = pl->spare;
      pl->spare = g->next_spare;
      if (g->chunks)
         VG_(free)(g->chunks);
      VG_(free)(g);
   }
   n_spare_runs -= pl->n_spare;
   if (cur_pool == pl)
      cur_pool = NULL;
   VG_(cli_free)((void*)pl->blk);
   VG_(free)(pl);
   n_pools_freed++;
}

/* Gives the pages of a run that may hold data ([base, dirty_to)) or
   were faulted in back to the kernel: they read zero from then on. */
static void drop_run_pages(RunGlue* g)
{
   Addr top = VG_PGROUNDUP(g->dirty_to);
   if (g->populated_to > top)
      top = g->populated_to;
   if (top > g->base + LK_SC_RUN_SZB)
      top = g->base + LK_SC_RUN_SZB;
   if (top <= g->base)
      return;
   SysRes res = LK_SYSCALL3(__NR_madvise, g->base, top - g->base,
                            LK_MADV_DONTNEED);
   if (sr_isError(res)) {
      /* Then the data stays, and slots there are cleared when taken. */
      return;
   }
   g->dirty_to = g->base;
   g->populated_to = g->base;
}

/* A spare run, from the pool with the fewest spare runs (the fullest),
   so that the emptiest pools drain and can go back to the arena. */
static RunGlue* take_spare_run(void)
{
   Pool *pl, *best = NULL;
   if (n_spare_runs == 0)
      return NULL;
   for (pl = pools; pl != NULL; pl = pl->next) {
      if (pl->n_spare > 0 && (best == NULL || pl->n_spare < best->n_spare))
         best = pl;
   }
   tl_assert(best != NULL);
   if (best->n_spare == LK_SC_POOL_RUNS)
      n_empty_pools--;
   RunGlue* g = best->spare;
   best->spare = g->next_spare;
   best->n_spare--;
   n_spare_runs--;
   n_runs_reused++;
   return g;
}

static LK_Run* new_run(int cls)
{
   UInt n = (UInt)(LK_SC_RUN_SZB / lk_sc_slot_szB(cls));
   RunGlue* g = take_spare_run();
   if (g == NULL) {
      if (cur_pool == NULL || cur_pool->n_cut == LK_SC_POOL_RUNS) {
         cur_pool = new_pool();
         if (cur_pool == NULL)
            return NULL;
      }
      g = VG_(malloc)("lk.heap.run", sizeof(RunGlue));
      g->base = cur_pool->first + (Addr)cur_pool->n_cut * LK_SC_RUN_SZB;
      g->populated_to = g->base;
      g->dirty_to = cur_pool->dirty_to <= g->base ? g->base
                    : cur_pool->dirty_to < g->base + LK_SC_RUN_SZB
                    ? cur_pool->dirty_to : g->base + LK_SC_RUN_SZB;
      /* Memory the arena had handed out before: dropped rather than
         written, so that what no slot uses is not committed. */
      drop_run_pages(g);
      g->chunks = NULL;
      g->chunks_cap = 0;
      g->pool = cur_pool;
      cur_pool->n_cut++;
      n_runs_cut++;
   }
   g->next_spare = NULL;
   /* The chunk array: kept with the run when it fits (a small class's
      is up to four times a big one's: then not). */
   if (g->chunks_cap < n || g->chunks_cap > 4 * n) {
      if (g->chunks)
         VG_(free)(g->chunks);
      g->chunks = VG_(malloc)("lk.heap.run.chunks", (SizeT)n * chunk_szB);
      g->chunks_cap = n;
   }
   return lk_sc_run_new(g->base, cls, g);
}

/* An empty run leaves its class and becomes a spare of its pool. */
static void release_run(LK_Run* r)
{
   /* Its carved slots may have been written. */
   const Addr used_to = lk_sc_payload(r, lk_sc_run_n_carved(r))
                        - lk_sc_payload_off();
   RunGlue* g = lk_sc_run_release(r);
   Pool* pl = g->pool;
   if (used_to > g->dirty_to)
      g->dirty_to = used_to;
   /* Its pages go back to the kernel, as the arena's would if it
      unmapped them: the process's memory shrinks, and the run comes
      back zeroed (nothing to clear) when it is reused. */
   drop_run_pages(g);
   g->next_spare = pl->spare;
   pl->spare = g;
   pl->n_spare++;
   n_spare_runs++;
   n_runs_released++;
   if (pl->n_spare == LK_SC_POOL_RUNS) {
      if (n_empty_pools > 0)
         free_pool(pl);
      else
         n_empty_pools++;
   }
}

/* A slot for a block of szB bytes: its (not yet initialised) chunk, or
   NULL if runs do not serve this request.  *zero_to: [payload, *zero_to)
   may hold old data. */
static LK_Chunk* take_slot(SizeT szB, SizeT alignB, Addr* zero_to)
{
   LK_Run* r;
   int fresh;
   int cls;
   Long idx;
   if (!use_runs || alignB > 16)
      return NULL;
   cls = lk_sc_class(szB);
   if (cls < 0)
      return NULL;
   idx = lk_sc_take(cls, &r, &fresh);
   if (idx < 0) {
      if (!new_run(cls))
         return NULL;
      idx = lk_sc_take(cls, &r, &fresh);
      tl_assert(idx >= 0);
   }
   LK_Chunk* ch = run_chunk(r, (UInt)idx);
   ch->inrun = 1;
   ch->live = 0;
   ch->data = lk_sc_payload(r, (UInt)idx);
   *zero_to = ch->data + szB;
   if (fresh) {
      /* Never used in this class; zero unless the run served blocks
         there before it was released. */
      RunGlue* g = lk_sc_run_user(r);
      *zero_to = g->dirty_to < ch->data ? ch->data
                 : g->dirty_to < ch->data + szB ? g->dirty_to
                 : ch->data + szB;
      /* Fault the run in a step ahead, as the arena's fresh superblocks
         are (lk_access.c). */
      Addr end = ch->data + szB + lk_sc_payload_off();
      if (end > g->populated_to) {
         Addr run_end = lk_sc_run_base(r) + LK_SC_RUN_SZB;
         Addr to = VG_PGROUNDUP(end) + 64 * 1024;
         if (to > run_end) to = run_end;
         LK_(populate)(g->populated_to, to - g->populated_to);
         g->populated_to = to;
      }
   }
   return ch;
}

/* The run chunk of the live block starting at a, or NULL. */
static inline LK_Chunk* run_block_at(Addr a)
{
   LK_Run* r;
   Long idx;
   if (!use_runs)
      return NULL;
   idx = lk_sc_slot_at_payload(a, &r);
   if (idx < 0)
      return NULL;
   LK_Chunk* ch = run_chunk(r, (UInt)idx);
   return ch->live ? ch : NULL;
}

static void give_slot(LK_Chunk* ch)
{
   LK_Run* r;
   UInt idx;
   Bool found = lk_sc_locate(ch->data, &r, &idx);
   tl_assert(found && idx != 0xFFFFFFFFu && run_chunk(r, idx) == ch);
   if (lk_sc_give(r, idx))
      release_run(r);
}

/* The spare run holding a, or 0. */
static Addr spare_run_at(Addr a)
{
   const Addr base = a & ~(Addr)(LK_SC_RUN_SZB - 1);
   Pool* pl;
   RunGlue* g;
   for (pl = pools; pl != NULL; pl = pl->next) {
      if (base < pl->first || base >= pl->first + LK_SC_POOL_RUNS * LK_SC_RUN_SZB)
         continue;
      for (g = pl->spare; g != NULL; g = g->next_spare) {
         if (g->base == base)
            return base;
      }
      return 0;
   }
   return 0;
}

/* Describes an address inside a run that no block's redzones bracket, in
   the words Valgrind's client arena gives for its blocks (m_mallocfree.c
   describes the arena block holding the address: its payload size and the
   offset from its payload).  A slot in use is a block of the class's
   payload size; a free slot, or the tail of a run, "an unallocated block"
   of the slot's payload size (where the arena would have merged free
   neighbours into one bigger unallocated block; docs/compatibility.md).
   A spare run (released, not yet reused) is one unallocated block of the
   run's size, as a freed arena block would be. */
Bool LK_(describe_run_addr)(Addr a, AddrInfo* ai)
{
   LK_Run* r;
   UInt idx;
   Addr payload;
   SizeT pszB;
   Bool in_use = False;
   if (!use_runs)
      return False;
   if (lk_sc_locate(a, &r, &idx)) {
      if (idx == 0xFFFFFFFFu) {
         /* After the last slot: the rest of the run. */
         idx = lk_sc_run_n_slots(r);
      }
      payload = lk_sc_payload(r, idx);
      if (idx < lk_sc_run_n_slots(r))
         in_use = lk_sc_slot_taken(r, idx);   /* live, or in quarantine */
      pszB = lk_sc_run_pszB(r);
   } else {
      Addr base = spare_run_at(a);
      if (base == 0)
         return False;
      payload = base + lk_sc_payload_off();
      pszB = LK_SC_RUN_SZB - 2 * lk_sc_payload_off();
   }
   ai->tag = Addr_Block;
   ai->Addr.Block.block_kind = in_use ? Block_ClientArenaMallocd
                                      : Block_ClientArenaFree;
   ai->Addr.Block.block_desc = "client";
   ai->Addr.Block.block_szB = pszB;
   ai->Addr.Block.rwoffset = (PtrdiffT)a - (PtrdiffT)payload;
   ai->Addr.Block.allocated_at = VG_(null_ExeContext)();
   VG_(initThreadInfo)(&ai->Addr.Block.alloc_tinfo);
   ai->Addr.Block.freed_at = VG_(null_ExeContext)();
   return True;
}

/*------------------------------------------------------------*/
/*--- The table of live blocks                             ---*/
/*------------------------------------------------------------*/

/* Memcheck keeps its live blocks (malloc'd and MALLOCLIKE) in a Valgrind
   hash table, MC_(malloc_list): free() searches it by address, and two
   things users see follow the order of its walks (the block an address
   description names when several hold the address; the order an
   auto-free mempool frees blocks in).  On a big heap every search of
   such a table is a cache miss or two (Valgrind's perf/heap spent a
   third of its time there), so leakcheck keeps no table.  Instead:

   - The table's order is computed, not kept (lk_htorder.cpp): each block
     gets the sequence number of its insertion ('seq', in the word the
     table's chain link would take), and the order follows from the keys,
     the sequence numbers and when the table would have grown.
   - A malloc'd block is found from its address: a bitmap of the live
     blocks' starts (one bit per 16 bytes of address space, in 1 GiB
     leaves mapped as needed) says whether one starts there, and the
     first word of the block's low redzone holds its chunk's address,
     encoded so that it is never a valid pointer ('tag').  That word is
     the client arena's free-list link, which the arena sets to zero when
     it hands the block out and does not read again until the block comes
     back; leakcheck puts the zero back when the block leaves the table,
     so that the memory is as Memcheck leaves it.  (The words just before
     the payload are left alone: C++'s array cookie lies there, and a
     program that delete[]s a plain new reads it.)  Without room for the
     tag away from them (a redzone under 16 bytes) every block goes to
     the index below.  The tag is checked against the slabs before it is used: a
     client that wrote over its redzone makes leakcheck look for the
     chunk in the slabs instead (and rewrite the tag); after
     LK_MAX_TAG_REPAIRS such repairs every block goes to the index below
     ('exact mode').
   - MALLOCLIKE blocks (client memory: nothing of ours may be written
     there), blocks the bitmap cannot hold and, in exact mode, every
     block are in a small open-addressing index by address ('index'),
     which allows several blocks with one address.
   Searches by address return the block a search of Memcheck's table
   would (the first in the table's order among the live blocks with that
   address), walks visit the blocks in its order. */

#define LK_MAX_TAG_REPAIRS 64
#define LK_TAG_XOR 0xA55A000000000000ULL   /* non-canonical: not a pointer */
#define LK_BM_LEAF_SHIFT 30                   /* a leaf covers 1 GiB */
#define LK_BM_N_LEAVES  ((SizeT)1 << (47 - LK_BM_LEAF_SHIFT))

static LK_HtOrder table_order;
static UWord** start_bitmap = NULL;   /* LK_BM_N_LEAVES leaves, or NULL */
static Bool    exact_mode = False;
static ULong   n_tag_repairs = 0;

/* The slabs sorted by address, to check a tag (binary search). */
static Slab**  slab_sorted = NULL;
static SizeT   n_slabs = 0, slab_sorted_cap = 0;

static void note_new_slab(Slab* sl)
{
   SizeT i;
   if (n_slabs == slab_sorted_cap) {
      slab_sorted_cap = slab_sorted_cap ? 2 * slab_sorted_cap : 64;
      slab_sorted = VG_(realloc)("lk.heap.slab.sorted", slab_sorted,
                                 slab_sorted_cap * sizeof(Slab*));
   }
   for (i = n_slabs; i > 0 && slab_sorted[i - 1]->elems > sl->elems; i--)
      slab_sorted[i] = slab_sorted[i - 1];
   slab_sorted[i] = sl;
   n_slabs++;
}

/* ch, if it is the address of a chunk handed out from a slab; else NULL. */
static LK_Chunk* chunk_from_slabs(Addr ch)
{
   SizeT lo = 0, hi = n_slabs;
   while (lo < hi) {
      SizeT mid = lo + (hi - lo) / 2;
      Slab* sl = slab_sorted[mid];
      Addr base = (Addr)sl->elems;
      if (ch < base) {
         hi = mid;
      } else if (ch >= base + (SizeT)sl->n_used * chunk_szB) {
         lo = mid + 1;
      } else {
         return (ch - base) % chunk_szB == 0 ? (LK_Chunk*)ch : NULL;
      }
   }
   return NULL;
}

/* --- The bitmap of live blocks' starts --- */

/* szB bytes of fresh zero memory for the bitmap (pages committed when
   written), or Valgrind's out-of-memory message and exit.  From Valgrind
   3.21 the mapping call returns a SysRes and the message takes an error
   number. */
static void* bitmap_map(const HChar* who, SizeT szB)
{
#if LK_VG_AT_LEAST(3, 21)
   SysRes r = VG_(am_shadow_alloc)(szB);
   if (sr_isError(r))
      VG_(out_of_memory_NORETURN)(who, szB, sr_Err(r));
   return (void*)sr_Res(r);
#else
   void* p = VG_(am_shadow_alloc)(szB);
   if (p == NULL)
      VG_(out_of_memory_NORETURN)(who, szB);
   return p;
#endif
}

static inline Bool bm_fits(Addr a)
{
   return (a & 15) == 0 && a >= 16 && (a >> 47) == 0;
}

static UWord* bm_word(Addr a, Bool create)
{
   SizeT leaf = a >> LK_BM_LEAF_SHIFT;
   UWord* l = start_bitmap[leaf];
   if (l == NULL) {
      if (!create)
         return NULL;
      l = bitmap_map("lk.heap.startmap", ((SizeT)1 << LK_BM_LEAF_SHIFT) / 128);
      start_bitmap[leaf] = l;
   }
   SizeT bit = (a & (((SizeT)1 << LK_BM_LEAF_SHIFT) - 1)) >> 4;
   return &l[bit / (8 * sizeof(UWord))];
}

static inline UWord bm_mask(Addr a)
{
   return (UWord)1 << ((a >> 4) % (8 * sizeof(UWord)));
}

static inline Bool bm_test(Addr a)
{
   if (!bm_fits(a))
      return False;
   UWord* w = bm_word(a, False);
   return w != NULL && (*w & bm_mask(a)) != 0;
}

/* --- The index: blocks by address, several per address allowed --- */

typedef struct { Addr key; LK_Chunk* ch; } IdxEnt;   /* ch NULL: empty */
static IdxEnt* idx_tab = NULL;
static UInt    idx_bits = 0;
static SizeT   idx_n = 0;

static inline SizeT idx_slot(Addr key)
{
   return (SizeT)(((ULong)(key >> 4) * 0x9E3779B97F4A7C15ULL)
                  >> (64 - idx_bits));
}

static void idx_put(IdxEnt* tab, SizeT mask, Addr key, LK_Chunk* ch)
{
   SizeT i = idx_slot(key);
   while (tab[i].ch != NULL)
      i = (i + 1) & mask;
   tab[i].key = key;
   tab[i].ch = ch;
}

static void idx_add(LK_Chunk* ch)
{
   if (2 * (idx_n + 1) > ((SizeT)1 << idx_bits)) {
      IdxEnt* old = idx_tab;
      SizeT i, old_n = idx_tab ? (SizeT)1 << idx_bits : 0;
      idx_bits = idx_bits ? idx_bits + 1 : 8;
      idx_tab = VG_(calloc)("lk.heap.index", (SizeT)1 << idx_bits,
                            sizeof(IdxEnt));
      for (i = 0; i < old_n; i++)
         if (old[i].ch)
            idx_put(idx_tab, ((SizeT)1 << idx_bits) - 1, old[i].key, old[i].ch);
      if (old)
         VG_(free)(old);
   }
   idx_put(idx_tab, ((SizeT)1 << idx_bits) - 1, ch->data, ch);
   idx_n++;
   ch->indexed = 1;
}

static void idx_del(LK_Chunk* ch)
{
   const SizeT mask = ((SizeT)1 << idx_bits) - 1;
   SizeT i = idx_slot(ch->data), j;
   while (idx_tab[i].ch != ch) {
      tl_assert(idx_tab[i].ch != NULL);
      i = (i + 1) & mask;
   }
   /* Backward-shift deletion: move up every later entry of the probe
      sequence whose home slot is not between the hole and it. */
   j = i;
   for (;;) {
      j = (j + 1) & mask;
      if (idx_tab[j].ch == NULL)
         break;
      SizeT h = idx_slot(idx_tab[j].key);
      Bool stays = i <= j ? (h > i && h <= j) : (h > i || h <= j);
      if (!stays) {
         idx_tab[i] = idx_tab[j];
         i = j;
      }
   }
   idx_tab[i].ch = NULL;
   idx_n--;
   ch->indexed = 0;
}

/* x before y in Memcheck's table? */
static inline Bool table_before(const LK_Chunk* x, const LK_Chunk* y)
{
   return lk_hto_cmp(&table_order, x->data, x->seq, y->data, y->seq) < 0;
}

/* The first of 'best' and the index's blocks at a, in the table's order. */
static LK_Chunk* idx_first(Addr a, LK_Chunk* best)
{
   const SizeT mask = ((SizeT)1 << idx_bits) - 1;
   SizeT i;
   if (idx_n == 0)
      return best;
   for (i = idx_slot(a); idx_tab[i].ch != NULL; i = (i + 1) & mask) {
      LK_Chunk* ch = idx_tab[i].ch;
      if (idx_tab[i].key == a && (best == NULL || table_before(ch, best)))
         best = ch;
   }
   return best;
}

/* --- Tags --- */

static inline Addr tag_of(const LK_Chunk* ch)
{
   return (Addr)ch ^ LK_TAG_XOR;
}

/* Where a block's tag lies: the arena's free-list link, the low
   redzone's first word. */
static inline Addr* tag_word(Addr a)
{
   return (Addr*)(a - LK_(Malloc_Redzone_SzB));
}

static void enter_exact_mode(void);

/* The live malloc'd block at a whose start the bitmap has. */
static LK_Chunk* tagged_block_at(Addr a)
{
   LK_Chunk* ch = chunk_from_slabs(*tag_word(a) ^ LK_TAG_XOR);
   Slab* sl;
   UInt i;
   if (LIKELY(ch != NULL && ch->live && !ch->indexed && ch->data == a))
      return ch;
   /* The client wrote over the tag: look in the slabs. */
   FOR_EACH_SLAB_CHUNK(sl, i, ch) {
      if (ch->live && !ch->indexed && ch->data == a) {
         *tag_word(a) = tag_of(ch);
         if (++n_tag_repairs == LK_MAX_TAG_REPAIRS)
            enter_exact_mode();
         return ch;
      }
   }
   tl_assert2(0, "leakcheck: no live block at %#lx, which the start map has",
              a);
   return NULL;
}

/* Takes a tagged block out of the bitmap and puts its redzone word
   back to zero, as the arena left it (table_link below sets both). */
static void untag(const LK_Chunk* ch)
{
   *bm_word(ch->data, False) &= ~bm_mask(ch->data);
   *tag_word(ch->data) = 0;
}

static void table_link(LK_Chunk* ch)
{
   ch->seq = lk_hto_insert(&table_order);
   ch->indexed = 0;
   if (ch->allockind != LK_AllocCustom && !exact_mode && bm_fits(ch->data)) {
      *bm_word(ch->data, True) |= bm_mask(ch->data);
      *tag_word(ch->data) = tag_of(ch);
   } else {
      idx_add(ch);
   }
}

static void table_unlink(LK_Chunk* ch)
{
   lk_hto_remove(&table_order);
   if (ch->indexed)
      idx_del(ch);
   else
      untag(ch);
}

static void enter_exact_mode(void)
{
   Slab* sl;
   UInt i;
   LK_Chunk* ch;
   exact_mode = True;
   FOR_EACH_SLAB_CHUNK(sl, i, ch) {
      if (ch->live && !ch->indexed) {
         untag(ch);
         idx_add(ch);
      }
   }
}

/* The block a search of Memcheck's table for a finds, or NULL. */
static LK_Chunk* table_lookup(Addr a)
{
   LK_Chunk* ch = bm_test(a) ? tagged_block_at(a) : NULL;
   return idx_first(a, ch);
}

LK_Chunk* LK_(live_block_at)(Addr a)
{
   LK_Chunk* ch = run_block_at(a);
   return ch ? ch : table_lookup(a);
}

/* ch lies wholly in [lo, hi) (Memcheck's test for an auto-free pool's
   chunk); [0, ~0) takes every block. */
static inline Bool wholly_in(const LK_Chunk* ch, Addr lo, Addr hi)
{
   return (lo == 0 && hi == ~(Addr)0)
          || (ch->data >= lo && ch->data + ch->szB <= hi);
}

/* The table's live blocks (the slabs' live chunks) lying wholly in
   [lo, hi), in slab order: a new array (VG_(free) it; NULL if none), *n
   set. */
static LK_Chunk** gather_table(Addr lo, Addr hi, SizeT* n)
{
   Slab* sl;
   UInt i;
   LK_Chunk* ch;
   SizeT k = 0, cap = table_order.n_elements;
   LK_Chunk** out = cap ? VG_(malloc)("lk.heap.walk", cap * sizeof(LK_Chunk*))
                        : NULL;
   FOR_EACH_SLAB_CHUNK(sl, i, ch) {
      if (ch->live && wholly_in(ch, lo, hi)) {
         tl_assert(k < cap);
         out[k++] = ch;
      }
   }
   *n = k;
   return out;
}

static Int cmp_table_order(const void* a, const void* b)
{
   const LK_Chunk* x = *(LK_Chunk* const*)a;
   const LK_Chunk* y = *(LK_Chunk* const*)b;
   return lk_hto_cmp(&table_order, x->data, x->seq, y->data, y->seq);
}

/* A walk visits the table in its order, then the run blocks in address
   order. */
static LK_Chunk** iter_table = NULL;
static SizeT  iter_n = 0, iter_i = 0;
static Bool   iter_in_runs = False;
static SizeT  iter_rank = 0;
static UInt   iter_idx = 0;

static Addr iter_lo = 0, iter_hi = ~(Addr)0;

void LK_(live_iter_start)(void)
{
   LK_(live_iter_start_within)(0, ~(Addr)0);
}

/* Only the blocks lying wholly in [lo, hi) are sorted: an auto-free
   pool's chunk is usually small beside the heap. */
void LK_(live_iter_start_within)(Addr lo, Addr hi)
{
   if (iter_table)
      VG_(free)(iter_table);
   iter_lo = lo;
   iter_hi = hi;
   iter_table = gather_table(lo, hi, &iter_n);
   if (iter_n > 1)
      VG_(ssort)(iter_table, iter_n, sizeof(LK_Chunk*), cmp_table_order);
   iter_i = 0;
   iter_in_runs = False;
   iter_rank = 0;
   iter_idx = 0;
}

LK_Chunk* LK_(live_iter_next)(void)
{
   LK_Chunk* ch;
   if (!iter_in_runs) {
      /* A block the walk's caller removed is not live any more. */
      while (iter_i < iter_n) {
         ch = iter_table[iter_i++];
         if (ch->live)
            return ch;
      }
      if (iter_table)
         VG_(free)(iter_table);
      iter_table = NULL;
      iter_n = iter_i = 0;
      iter_in_runs = True;
   }
   while (iter_rank < lk_sc_n_runs()) {
      LK_Run* r = lk_sc_run_by_rank(iter_rank);
      UInt n = lk_sc_run_n_carved(r);
      while (iter_idx < n) {
         ch = run_chunk(r, iter_idx++);
         if (ch->live && wholly_in(ch, iter_lo, iter_hi))
            return ch;
      }
      iter_rank++;
      iter_idx = 0;
   }
   return NULL;
}

LK_Chunk* LK_(live_block_bracketing)(Addr a)
{
   const SizeT rz = LK_(Malloc_Redzone_SzB);
   LK_Chunk* ch;
   LK_Chunk* best = NULL;
   LK_Run* r;
   UInt idx, i;
   Slab* sl;
   FOR_EACH_SLAB_CHUNK(sl, i, ch) {
      if (ch->live && VG_(addr_is_in_block)(a, ch->data, ch->szB, rz)
          && (best == NULL || table_before(ch, best)))
         best = ch;
   }
   if (best)
      return best;
   if (!use_runs || !lk_sc_locate(a, &r, &idx) || idx == 0xFFFFFFFFu
       || !lk_sc_slot_taken(r, idx))
      return NULL;
   ch = run_chunk(r, idx);
   if (ch->live && VG_(addr_is_in_block)(a, ch->data, ch->szB, rz))
      return ch;
   return NULL;
}

static void table_insert(LK_Chunk* ch)
{
   ch->live = 1;
   n_live_chunks++;
   live_szB += ch->szB;
   if (ch->inrun)
      return;   /* found through its run */
   table_link(ch);
}

static void chunk_left_table(LK_Chunk* ch)
{
   ch->live = 0;
   n_live_chunks--;
   live_szB -= ch->szB;
}

static LK_Chunk* table_remove(Addr a)
{
   LK_Chunk* ch = run_block_at(a);
   if (!ch) {
      ch = table_lookup(a);
      if (ch)
         table_unlink(ch);
   }
   if (ch)
      chunk_left_table(ch);
   return ch;
}

static Int cmp_chunk_addr(const void* a, const void* b)
{
   Addr x = (*(LK_Chunk* const*)a)->data, y = (*(LK_Chunk* const*)b)->data;
   return x < y ? -1 : x > y ? 1 : 0;
}

/* The run blocks from (*rank, *idx) on, up to (not including) address
   'below', in address order; leaves (*rank, *idx) at the first not
   visited. */
static void visit_runs_below(Addr below, SizeT* rank, UInt* idx,
                             void (*f)(LK_Chunk* ch, void* opaque),
                             void* opaque)
{
   while (*rank < lk_sc_n_runs()) {
      LK_Run* r = lk_sc_run_by_rank(*rank);
      UInt n = lk_sc_run_n_carved(r);
      if (lk_sc_run_base(r) >= below)
         return;
      for (; *idx < n; (*idx)++) {
         LK_Chunk* ch = run_chunk(r, *idx);
         if (ch->data >= below)
            return;
         if (ch->live)
            f(ch, opaque);
      }
      (*rank)++;
      *idx = 0;
   }
}

void LK_(for_each_live_chunk)(void (*f)(LK_Chunk* ch, void* opaque),
                              void* opaque)
{
   Slab* sl;
   UInt i;
   LK_Chunk* ch;
   if (lk_sc_n_runs() == 0) {
      FOR_EACH_SLAB_CHUNK(sl, i, ch) {
         if (ch->live)
            f(ch, opaque);
      }
      return;
   }
   /* With size-class runs: every block in address order, so that the
      leak search need not sort them (lk_leak.cpp sort_blocks finds them
      sorted).  The run blocks come in address order already; the others
      (big, aligned and custom blocks: usually few) are sorted here and
      merged in. */
   SizeT n_other, j, rank = 0;
   UInt idx = 0;
   LK_Chunk** other = gather_table(0, ~(Addr)0, &n_other);
   if (n_other > 1)
      VG_(ssort)(other, n_other, sizeof(LK_Chunk*), cmp_chunk_addr);
   for (j = 0; j < n_other; j++) {
      visit_runs_below(other[j]->data, &rank, &idx, f, opaque);
      f(other[j], opaque);
   }
   visit_runs_below(~(Addr)0, &rank, &idx, f, opaque);
   if (other)
      VG_(free)(other);
}

void LK_(set_live_chunk_size)(LK_Chunk* ch, SizeT szB)
{
   tl_assert(ch->live);
   live_szB -= ch->szB;
   ch->szB = szB;
   live_szB += ch->szB;
}

UInt LK_(n_live_chunks)(void)
{
   return n_live_chunks;
}

/* HEAP SUMMARY counters (Memcheck's cmalloc_*). */
static SizeT n_mallocs = 0;
static SizeT n_frees = 0;
static ULong szB_mallocd = 0;

/* Number of stack slots kept per chunk for --keep-stacktraces. */
static UInt n_where_pointers(void)
{
   switch (LK_(clo_keep_stacktraces)) {
   case KS_none:            return 0;
   case KS_alloc:
   case KS_free:
   case KS_alloc_then_free: return 1;
   case KS_alloc_and_free:  return 2;
   }
   tl_assert(0);
   return 0;
}

void LK_(heap_init)(void)
{
   lk_hto_init(&table_order);
   start_bitmap = bitmap_map("lk.heap.startmap.top",
                             LK_BM_N_LEAVES * sizeof(UWord*));
   VG_(atfork)(NULL, NULL, LK_(heap_atfork_child));
}

void LK_(heap_post_clo_init)(void)
{
   /* The chunk size depends on --keep-stacktraces. */
   chunk_szB = VG_ROUNDUP(sizeof(LK_Chunk) + n_where_pointers() * sizeof(UInt),
                          sizeof(Addr));
   use_runs = LK_(clo_size_classes) && VG_(clo_alignment) <= 16;
   /* No room for tags away from the array cookie: index every block. */
   exact_mode = LK_(Malloc_Redzone_SzB) < 16;
   if (use_runs)
      lk_sc_config(LK_(Malloc_Redzone_SzB), LK_SC_MAX_PSZB);
}

SizeT LK_(get_n_frees)(void)
{
   return n_frees;
}

/* A mempool gave a chunk back: MEMPOOL_FREE, a chunk MEMPOOL_TRIM drops
   or clips, a malloc block an auto-free pool frees with its chunk.
   Memcheck counts these in HEAP SUMMARY's frees from Valgrind 3.27 on
   (before, only malloc-family frees and FREELIKE_BLOCK count); the count
   also decides when block_list calls a leak search obsolete. */
void LK_(count_pool_free)(void)
{
#if LK_VG_AT_LEAST(3, 27)
   n_frees++;
#endif
}

/*------------------------------------------------------------*/
/*--- Stacks kept per block (--keep-stacktraces)           ---*/
/*------------------------------------------------------------*/

/* True if ch is in the live table (as itself), or a live mempool
   chunk (Memcheck's live_block). */
static Bool is_live(LK_Chunk* ch)
{
   if (ch->allockind == LK_AllocCustom && LK_(mempool_chunk_is_live)(ch))
      return True;
   if (ch->inrun)
      return ch->live;
   return table_lookup(ch->data) == ch;
}

ExeContext* LK_(chunk_first_stack)(const LK_Chunk* ch)
{
   return LK_(stack_of)(ch->where[0]);
}

ExeContext* LK_(allocated_at)(LK_Chunk* ch)
{
   switch (LK_(clo_keep_stacktraces)) {
   case KS_none:            return VG_(null_ExeContext)();
   case KS_alloc:           return LK_(stack_of)(ch->where[0]);
   case KS_free:            return VG_(null_ExeContext)();
   case KS_alloc_then_free: return is_live(ch)
                                   ? LK_(stack_of)(ch->where[0])
                                   : VG_(null_ExeContext)();
   case KS_alloc_and_free:  return LK_(stack_of)(ch->where[0]);
   }
   tl_assert(0);
   return NULL;
}

ExeContext* LK_(freed_at)(LK_Chunk* ch)
{
   switch (LK_(clo_keep_stacktraces)) {
   case KS_none:            return VG_(null_ExeContext)();
   case KS_alloc:           return VG_(null_ExeContext)();
   case KS_free:            return ch->where[0]
                                   ? LK_(stack_of)(ch->where[0])
                                   : VG_(null_ExeContext)();
   case KS_alloc_then_free: return is_live(ch) ? VG_(null_ExeContext)()
                                               : LK_(stack_of)(ch->where[0]);
   case KS_alloc_and_free:  return ch->where[1]
                                   ? LK_(stack_of)(ch->where[1])
                                   : VG_(null_ExeContext)();
   }
   tl_assert(0);
   return NULL;
}

static void set_allocated_at(ThreadId tid, LK_Chunk* ch)
{
   switch (LK_(clo_keep_stacktraces)) {
   case KS_none:
   case KS_free:
      return;
   default:
      break;
   }
   ExeContext* ec = LK_(record_alloc_stack)(tid);
   ch->where[0] = LK_(stack_ref)(ec);
   if (UNLIKELY(VG_(clo_xtree_memory) == Vg_XTMemory_Full))
      VG_(XTMemory_Full_alloc)(ch->szB, ec);
}

static void set_freed_at(ThreadId tid, LK_Chunk* ch)
{
   Int pos;
   ExeContext* ec_free;
   switch (LK_(clo_keep_stacktraces)) {
   case KS_none:            return;
   case KS_alloc:
      if (LIKELY(VG_(clo_xtree_memory) != Vg_XTMemory_Full))
         return;
      pos = -1;
      break;
   case KS_free:            pos = 0; break;
   case KS_alloc_then_free: pos = 0; break;
   case KS_alloc_and_free:  pos = 1; break;
   default: tl_assert(0); pos = -1;
   }
   ec_free = LK_(record_alloc_stack)(tid);
   if (UNLIKELY(VG_(clo_xtree_memory) == Vg_XTMemory_Full))
      VG_(XTMemory_Full_free)(ch->szB, LK_(stack_of)(ch->where[0]),
                              ec_free);
   if (LIKELY(pos >= 0))
      ch->where[pos] = LK_(stack_ref)(ec_free);
}

/*------------------------------------------------------------*/
/*--- The freed-blocks quarantine                          ---*/
/*------------------------------------------------------------*/

/* [0] big blocks (size >= --freelist-big-blocks), [1] the others. */
static LK_Chunk* freed_list_start[2] = { NULL, NULL };
static LK_Chunk* freed_list_end[2]   = { NULL, NULL };

static void add_to_freed_queue(LK_Chunk* ch)
{
   const Int l = (ch->szB >= (SizeT)LK_(clo_freelist_big_blocks)) ? 0 : 1;
   if (freed_list_end[l] == NULL) {
      tl_assert(freed_list_start[l] == NULL);
      ch->next = NULL;
      freed_list_end[l] = freed_list_start[l] = ch;
   } else if (ch->szB >= (SizeT)LK_(clo_freelist_vol)) {
      /* It would be released at once anyway: put it first in line. */
      ch->next = freed_list_start[l];
      freed_list_start[l] = ch;
   } else {
      ch->next = NULL;
      freed_list_end[l]->next = ch;
      freed_list_end[l] = ch;
   }
   VG_(free_queue_volume) += (Long)ch->szB;
   VG_(free_queue_length)++;
}

/* The oldest block of the quarantine went cold long ago: releasing it
   misses the cache on its chunk, on its arena header and trailer and on
   its neighbours' (VG_(arena_free) merges free neighbours), a few hundred
   nanoseconds a release in a malloc-heavy program.  Each release asks
   for the next one's lines ahead: the block of the next chunk (whose
   own line was asked for one release earlier) and the chunk after it.
   The arena's header lies within 40 bytes below the payload, the
   trailer and the next block's header within 40 bytes above its end;
   prefetching a wrong line costs nothing but bandwidth. */
static inline void prefetch(Addr a)
{
   /* Not __builtin_prefetch: GCC 12 drops it here (the tool's -O2 build
      of this file has no prefetch instruction left). */
   __asm__ volatile("prefetcht0 %0" : : "m"(*(const char*)a));
}

static inline void prefetch_release(const LK_Chunk* next)
{
   if (next == NULL)
      return;
   if (next->next != NULL)
      prefetch((Addr)next->next);
   prefetch(next->data - 40);
   prefetch(next->data + next->szB + 40);
}

/* Releases the oldest blocks, big ones first, until the quarantine is
   within --freelist-vol.  Called only when a block is created. */
static void release_oldest_blocks(void)
{
   Int i;
   for (i = 0; i < 2; i++) {
      while (VG_(free_queue_volume) > LK_(clo_freelist_vol)
             && freed_list_start[i] != NULL) {
         LK_Chunk* ch = freed_list_start[i];
         prefetch_release(ch->next);
         VG_(free_queue_volume) -= (Long)ch->szB;
         VG_(free_queue_length)--;
         if (freed_list_start[i] == freed_list_end[i])
            freed_list_start[i] = freed_list_end[i] = NULL;
         else
            freed_list_start[i] = ch->next;
         ch->next = NULL;
         if (ch->inrun) {
            give_slot(ch);
            continue;
         }
         if (ch->allockind != LK_AllocCustom)
            VG_(cli_free)((void*)ch->data);
         free_chunk(ch);
      }
   }
}

LK_Chunk* LK_(get_freed_block_bracketting)(Addr a)
{
   Int i;
   for (i = 0; i < 2; i++) {
      LK_Chunk* ch;
      for (ch = freed_list_start[i]; ch != NULL; ch = ch->next) {
         if (VG_(addr_is_in_block)(a, ch->data, ch->szB,
                                   LK_(Malloc_Redzone_SzB)))
            return ch;
      }
   }
   return NULL;
}

/*------------------------------------------------------------*/
/*--- Alignments the client asked for                      ---*/
/*------------------------------------------------------------*/

/* From Valgrind 3.22 the aligned allocators (memalign, posix_memalign,
   aligned_alloc, valloc, the aligned operator new) pass the alignment
   the client asked for, and Memcheck keeps it with the block to check
   aligned and default deletes against it (LK_(verify_alignment)).  Few
   blocks have one, so it is not a field of every LK_Chunk: the chunk's
   'aligned' bit says that this table, keyed by the block's address, has
   it.  The entry goes when the block is freed (the checks only look at
   live blocks). */
typedef struct _AlignNode {
   struct _AlignNode* next;
   UWord              key;          /* the block's address */
   SizeT              orig_align;
} AlignNode;

static VgHashTable* align_table = NULL;   /* made at the first entry */
static UInt         n_aligned_live = 0;

static void set_orig_align(LK_Chunk* ch, SizeT orig_align)
{
   AlignNode* n;
   if (orig_align == 0)
      return;
   if (align_table == NULL)
      align_table = VG_(HT_construct)("lk.heap.align");
   n = VG_(malloc)("lk.heap.align.node", sizeof *n);
   n->key = ch->data;
   n->orig_align = orig_align;
   VG_(HT_add_node)(align_table, n);
   ch->aligned = 1;
   n_aligned_live++;
}

static void forget_orig_align(LK_Chunk* ch)
{
   AlignNode* n;
   if (LIKELY(!ch->aligned))
      return;
   n = VG_(HT_remove)(align_table, ch->data);
   tl_assert(n != NULL);
   VG_(free)(n);
   ch->aligned = 0;
   n_aligned_live--;
}

SizeT LK_(chunk_orig_align)(const LK_Chunk* ch)
{
   AlignNode* n;
   if (LIKELY(!ch->aligned))
      return 0;
   n = VG_(HT_lookup)(align_table, ch->data);
   tl_assert(n != NULL);
   return n->orig_align;
}

/*------------------------------------------------------------*/
/*--- Creating and destroying blocks                       ---*/
/*------------------------------------------------------------*/

/* Recycled memory that was the client's before is not necessarily
   resident: a program that allocates big buffers and uses a little of
   each (Valgrind's perf/bz2.c: its decompressor's 450 KB and 64 KB
   blocks, of which it writes a few to a few tens of KB) never touches
   most of their pages, natively or under Memcheck, and the quarantine
   then holds 20 MB of mostly untouched memory.  Writing zeros over a
   recycled block made all of it resident: bz2 peaked at 55.5 MiB, above
   Memcheck's 53.8 (none: 35.8), with ~18 MiB of such pages
   (bench/README.md, 2026-12-07).  So for blocks of LK_PAGEMAP_MIN_SZB
   or more, the process's page table (/proc/self/pagemap) says which
   whole pages may hold anything (lk_core_pages_to_clear), and only those
   are written: a system call per block (per 2 MiB).  The file is opened
   at the first need (VG_(safe_fd): among the core's descriptors), and
   again in a forked child, whose pages it must describe; where it
   cannot be read every page is written. */
#define LK_PAGEMAP_MIN_SZB (64 * 1024)
#define LK_PAGEMAP_BATCH 512          /* entries per pread: 2 MiB */
#define LK_O_RDONLY 0
static Int pagemap_fd = -1;           /* -1: not open yet; -2: unusable */
static uint64_t pagemap_entries[LK_PAGEMAP_BATCH];
static ULong n_pages_checked = 0, n_pages_left_zero = 0;

void LK_(heap_atfork_child)(ThreadId tid)
{
   if (pagemap_fd >= 0)
      VG_(close)(pagemap_fd);
   pagemap_fd = -1;
}

static void clear_pages(uint64_t first, uint64_t count, void* ctx)
{
   const Addr base = *(const Addr*)ctx;
   VG_(memset)((void*)(base + first * VKI_PAGE_SIZE), 0,
               count * VKI_PAGE_SIZE);
}

static void clear_none(uint64_t first, uint64_t count, void* ctx)
{
}

/* Reads the entries of n pages from a into pagemap_entries. */
static Bool read_pagemap(Addr a, SizeT n)
{
   SysRes r = VG_(do_syscall)(__NR_pread64, pagemap_fd,
                              (UWord)pagemap_entries, n * sizeof(uint64_t),
                              (a / VKI_PAGE_SIZE) * sizeof(uint64_t),
                              0, 0, 0, 0);
   return !sr_isError(r) && sr_Res(r) == n * sizeof(uint64_t);
}

static void open_pagemap(void)
{
   SysRes r = VG_(open)("/proc/self/pagemap", LK_O_RDONLY, 0);
   pagemap_fd = sr_isError(r) ? -2 : VG_(safe_fd)((Int)sr_Res(r));
   if (pagemap_fd < 0) {
      pagemap_fd = -2;
      return;
   }
   /* Only a file that shows a page just written as present is trusted
      (an emulated /proc might say "nothing" for every page). */
   pagemap_entries[0] = 1;
   if (!read_pagemap((Addr)pagemap_entries, 1)
       || lk_core_pages_to_clear(pagemap_entries, 1, clear_none, NULL) != 0) {
      VG_(close)(pagemap_fd);
      pagemap_fd = -2;
   }
}

/* Clears the pages of [lo, hi) (page-aligned) that may hold data. */
static void clear_written_pages(Addr lo, Addr hi)
{
   if (pagemap_fd == -1)
      open_pagemap();
   Addr a = lo;
   while (a < hi && pagemap_fd >= 0) {
      SizeT n = (hi - a) / VKI_PAGE_SIZE;
      if (n > LK_PAGEMAP_BATCH)
         n = LK_PAGEMAP_BATCH;
      if (!read_pagemap(a, n))
         break;
      n_pages_checked += n;
      n_pages_left_zero += lk_core_pages_to_clear(pagemap_entries, n,
                                                  clear_pages, &a);
      a += n * VKI_PAGE_SIZE;
   }
   if (a < hi)
      VG_(memset)((void*)a, 0, hi - a);
}

/* Clears n bytes of fresh client heap memory at a (see the top of the
   file).  Whole pages of blocks of a megabyte or more are dropped with
   madvise, so that memory the client never touches is never committed.
   Not below: dropping resident pages costs a TLB shootdown plus a page
   fault per page when the client touches them again (git blame: a fifth
   of the run went to madvise for recycled 64-512 KiB blocks); from
   LK_PAGEMAP_MIN_SZB, only the pages that hold data are written (see
   above). */
static void zero_fresh_block(Addr a, SizeT n)
{
   if (n < LK_PAGEMAP_MIN_SZB) {
      VG_(memset)((void*)a, 0, n);
      return;
   }
   Addr lo = VG_PGROUNDUP(a);
   Addr hi = VG_PGROUNDDN(a + n);
   VG_(memset)((void*)a, 0, lo - a);
   VG_(memset)((void*)hi, 0, a + n - hi);
   if (n < LK_DROP_PAGES_MIN_SZB) {
      clear_written_pages(lo, hi);
      return;
   }
   SysRes r = LK_SYSCALL3(__NR_madvise, lo, hi - lo, LK_MADV_DONTNEED);
   if (sr_isError(r))
      VG_(memset)((void*)lo, 0, hi - lo);
}

void LK_(heap_print_stats)(void)
{
   VG_(message)(Vg_DebugMsg,
                "leakcheck: heap: recycled pages checked in the page "
                "table: %llu, left alone (never written): %llu%s\n",
                n_pages_checked, n_pages_left_zero,
                pagemap_fd == -2 ? " (pagemap unreadable)" : "");
   VG_(message)(Vg_DebugMsg,
                "leakcheck: block table: %llu blocks, %llu chains; %lu "
                "indexed; %llu tags rewritten%s\n",
                (ULong)table_order.n_elements,
                (ULong)lk_hto_n_chains(&table_order), (unsigned long)idx_n,
                n_tag_repairs, exact_mode ? "; every block indexed" : "");
   if (use_runs)
      VG_(message)(Vg_DebugMsg,
                   "leakcheck: size-class runs: %llu cut, %llu released, "
                   "%llu reused, %llu pools freed; now %lu runs, %u spare\n",
                   n_runs_cut, n_runs_released, n_runs_reused, n_pools_freed,
                   (unsigned long)lk_sc_n_runs(), n_spare_runs);
}

/* slot: the block's run chunk, or NULL for one of the chunk slabs. */
static LK_Chunk* create_chunk(ThreadId tid, Addr p, SizeT szB,
                              LK_AllocKind kind, LK_Chunk* slot)
{
   LK_Chunk* ch = slot ? slot : alloc_chunk();
   UInt i;
   ch->inrun = slot != NULL;
   ch->live = 0;
   ch->aligned = 0;
   ch->data = p;
   ch->szB = szB;
   ch->allockind = kind;
   for (i = 0; i < n_where_pointers(); i++)
      ch->where[i] = 0;
   set_allocated_at(tid, ch);
   /* As Memcheck: each new chunk may push old ones out of quarantine. */
   if (VG_(free_queue_volume) > LK_(clo_freelist_vol))
      release_oldest_blocks();
   return ch;
}

/* Allocates a block and records it; orig_alignB: the alignment the
   client asked for, 0 if none (see set_orig_align). */
/* Memory for a block of szB bytes: a run's slot (*slot set) or an arena
   block.  *zero_to as LK_(shadow_heap_alloc) returns it: [p, *zero_to)
   may hold old data.  The block is made accessible. */
static Addr block_memory(SizeT szB, SizeT alignB, LK_Chunk** slot,
                         Addr* zero_to)
{
   LK_Chunk* ch = take_slot(szB, alignB, zero_to);
   *slot = ch;
   if (ch) {
      if (LK_(clo_check_accesses))
         lk_core_shadow_set(ch->data, szB, 0);
      return ch->data;
   }
   Addr p = (Addr)VG_(cli_malloc)(alignB, szB);
   if (p)
      *zero_to = LK_(shadow_heap_alloc)(p, szB);
   return p;
}

static void* new_block(ThreadId tid, SizeT szB, SizeT alignB,
                       SizeT orig_alignB, Bool is_zeroed, LK_AllocKind kind)
{
   LK_Chunk* slot;
   Addr zero_to;
   Addr p = block_memory(szB, alignB, &slot, &zero_to);
   if (!p)
      return NULL;
   if (LK_(clo_malloc_fill) != -1 && !is_zeroed)
      VG_(memset)((void*)p, LK_(clo_malloc_fill), szB);
   else if (zero_to > p)
      zero_fresh_block(p, zero_to - p);

   n_mallocs++;
   szB_mallocd += (ULong)szB;
   if (UNLIKELY(LK_(clo_track_leak_origins)))
      LK_(origin_block_new)(p, szB);
   LK_Chunk* ch = create_chunk(tid, p, szB, kind, slot);
   set_orig_align(ch, orig_alignB);
   table_insert(ch);
   LK_(event_heap_block_new)(p, szB);   /* Memcheck re-marks it too */
   return (void*)p;
}

void* LK_(malloc)(ThreadId tid, SizeT n)
{
   if (LK_(record_fishy_value_error)(tid, "malloc", "size", n))
      return NULL;
   return new_block(tid, n, VG_(clo_alignment), 0, False, LK_AllocMalloc);
}

void* LK_(__builtin_new)(ThreadId tid, SizeT n)
{
   if (LK_(record_fishy_value_error)(tid, "__builtin_new", "size", n))
      return NULL;
   return new_block(tid, n, VG_(clo_alignment), 0, False, LK_AllocNew);
}

void* LK_(__builtin_new_aligned)(ThreadId tid, SizeT n, SizeT alignB
                                 LK_ORIG_ALIGN_PARAM(orig_alignB))
{
   if (LK_(record_fishy_value_error)(tid, "__builtin_new_aligned", "size", n))
      return NULL;
   return new_block(tid, n, alignB, LK_ORIG_ALIGN(orig_alignB), False,
                    LK_AllocNew);
}

void* LK_(__builtin_vec_new)(ThreadId tid, SizeT n)
{
   if (LK_(record_fishy_value_error)(tid, "__builtin_vec_new", "size", n))
      return NULL;
   return new_block(tid, n, VG_(clo_alignment), 0, False, LK_AllocNewVec);
}

void* LK_(__builtin_vec_new_aligned)(ThreadId tid, SizeT n, SizeT alignB
                                     LK_ORIG_ALIGN_PARAM(orig_alignB))
{
   if (LK_(record_fishy_value_error)(tid, "__builtin_vec_new_aligned",
                                     "size", n))
      return NULL;
   return new_block(tid, n, alignB, LK_ORIG_ALIGN(orig_alignB), False,
                    LK_AllocNewVec);
}

void* LK_(memalign)(ThreadId tid, SizeT alignB
                    LK_ORIG_ALIGN_PARAM(orig_alignB), SizeT n)
{
   if (LK_(record_fishy_value_error)(tid, "memalign", "size", n))
      return NULL;
   return new_block(tid, n, alignB, LK_ORIG_ALIGN(orig_alignB), False,
                    LK_AllocMalloc);
}

void* LK_(calloc)(ThreadId tid, SizeT nmemb, SizeT size1)
{
   if (LK_(record_fishy_value_error)(tid, "calloc", "nmemb", nmemb)
       || LK_(record_fishy_value_error)(tid, "calloc", "size", size1))
      return NULL;
   /* The preload has already rejected nmemb*size1 overflows. */
   return new_block(tid, nmemb * size1, VG_(clo_alignment), 0, True,
                    LK_AllocMalloc);
}

/* Puts a removed chunk into quarantine.  'moved': the bytes realloc
   copied to the new block (0 for a free). */
static void die_and_free_mem(ThreadId tid, LK_Chunk* ch, SizeT moved)
{
   if (UNLIKELY(LK_(clo_track_leak_origins)))
      LK_(origin_block_dies)(tid, ch->data, ch->szB, moved,
                             ch->allockind == LK_AllocCustom);
   forget_orig_align(ch);
   if (LK_(clo_free_fill) != -1 && ch->allockind != LK_AllocCustom)
      VG_(memset)((void*)ch->data, LK_(clo_free_fill), ch->szB);
   /* Custom blocks are made noaccess by their client requests. */
   if (ch->allockind != LK_AllocCustom)
      LK_(shadow_heap_free)(ch->data, ch->szB);
   if (UNLIKELY(LK_(n_parked_stacks) > 0))
      LK_(parked_stacks_forget)(ch->data, ch->szB);
   set_freed_at(tid, ch);
   add_to_freed_queue(ch);
}

/* The chunk is already out of the table; the error description wants it
   live, so put it back for the duration of the report (as Memcheck). */
static void report_mismatch(ThreadId tid, LK_Chunk* ch)
{
   if (!LK_(clo_show_mismatched_frees))
      return;
   table_insert(ch);
   LK_(record_freemismatch_error)(tid, ch);
   LK_Chunk* again = table_remove(ch->data);
   tl_assert(again == ch);
}

void LK_(handle_free)(ThreadId tid, Addr p, LK_AllocKind kind)
{
   n_frees++;
   LK_Chunk* ch = table_remove(p);
   if (ch == NULL) {
      LK_(record_free_error)(tid, p);
      return;
   }
   if (kind != ch->allockind)
      report_mismatch(tid, ch);
   die_and_free_mem(tid, ch, 0);
}

void LK_(free)(ThreadId tid, void* p)
{
   LK_(handle_free)(tid, (Addr)p, LK_AllocMalloc);
}

void LK_(__builtin_delete)(ThreadId tid, void* p)
{
   LK_(handle_free)(tid, (Addr)p, LK_AllocNew);
}

void LK_(__builtin_delete_aligned)(ThreadId tid, void* p, SizeT alignB)
{
   LK_(handle_free)(tid, (Addr)p, LK_AllocNew);
}

void LK_(__builtin_vec_delete)(ThreadId tid, void* p)
{
   LK_(handle_free)(tid, (Addr)p, LK_AllocNewVec);
}

void LK_(__builtin_vec_delete_aligned)(ThreadId tid, void* p, SizeT alignB)
{
   LK_(handle_free)(tid, (Addr)p, LK_AllocNewVec);
}

/*------------------------------------------------------------*/
/*--- Custom blocks (MALLOCLIKE_BLOCK, mempool chunks)     ---*/
/*------------------------------------------------------------*/

/* The client's own memory: nothing is allocated, zeroed or filled. */
LK_Chunk* LK_(new_custom_chunk)(ThreadId tid, Addr p, SizeT szB)
{
   n_mallocs++;
   szB_mallocd += (ULong)szB;
   return create_chunk(tid, p, szB, LK_AllocCustom, NULL);
}

void LK_(add_live_chunk)(LK_Chunk* ch)
{
   table_insert(ch);
}

void LK_(remove_live_chunk_at_iter)(LK_Chunk* ch)
{
   if (!ch->inrun)
      table_unlink(ch);   /* the caller's live_iter walk */
   chunk_left_table(ch);
}

void LK_(die_and_free_chunk)(ThreadId tid, LK_Chunk* ch)
{
   die_and_free_mem(tid, ch, 0);
}

void LK_(discard_chunk)(LK_Chunk* ch)
{
   tl_assert(!ch->inrun);
   forget_orig_align(ch);
   free_chunk(ch);
}

/* Before Valgrind 3.21 the preload turns realloc(NULL, n) into
   malloc(n) and realloc(p, 0) into free(p) itself; from 3.21 it passes
   both on, and Memcheck answers the first with a new block (one alloc,
   no free) and the second with a "realloc() with size 0" error, then
   (--realloc-zero-bytes-frees=yes, the default with glibc) a free and
   NULL, or (no) a move to a block of 1 byte. */
void* LK_(realloc)(ThreadId tid, void* p_old, SizeT new_szB)
{
   if (LK_(record_fishy_value_error)(tid, "realloc", "size", new_szB))
      return NULL;

#if LK_VG_AT_LEAST(3, 21)
   if (p_old == NULL)
      return new_block(tid, new_szB, VG_(clo_alignment), 0, False,
                       LK_AllocMalloc);
   if (new_szB == 0) {
      if (LK_(clo_show_realloc_size_zero))
         LK_(record_realloc_size_zero)(tid, (Addr)p_old);
      if (VG_(clo_realloc_zero_bytes_frees)) {
         LK_(handle_free)(tid, (Addr)p_old, LK_AllocMalloc);
         return NULL;
      }
      new_szB = 1;
   }
#endif

   n_frees++;
   n_mallocs++;
   szB_mallocd += (ULong)new_szB;

   LK_Chunk* old_ch = table_remove((Addr)p_old);
   if (old_ch == NULL) {
      LK_(record_free_error)(tid, (Addr)p_old);
      return NULL;
   }
   if (old_ch->allockind != LK_AllocMalloc)
      report_mismatch(tid, old_ch);   /* and keep going */

   SizeT old_szB = old_ch->szB;
   LK_Chunk* slot;
   Addr zero_to;
   Addr a_new = block_memory(new_szB, VG_(clo_alignment), &slot, &zero_to);
   if (!a_new) {
      /* Out of memory: the old block stays as it was. */
      table_insert(old_ch);
      return NULL;
   }

   /* Always move, even when shrinking, so that any later use of the old
      address is a use of freed memory (Memcheck does the same). */
   if (UNLIKELY(LK_(clo_track_leak_origins)))
      LK_(origin_block_new)(a_new, new_szB);
   LK_Chunk* new_ch = create_chunk(tid, a_new, new_szB, LK_AllocMalloc,
                                   slot);
   table_insert(new_ch);
   LK_(event_heap_block_new)(a_new, new_szB);
   if (old_szB >= new_szB) {
      VG_(memcpy)((void*)a_new, p_old, new_szB);
   } else {
      VG_(memcpy)((void*)a_new, p_old, old_szB);
      if (LK_(clo_malloc_fill) != -1)
         VG_(memset)((void*)(a_new + old_szB), LK_(clo_malloc_fill),
                     new_szB - old_szB);
      else if (zero_to > a_new + old_szB)
         zero_fresh_block(a_new + old_szB, zero_to - (a_new + old_szB));
   }
   die_and_free_mem(tid, old_ch, old_szB < new_szB ? old_szB : new_szB);
   return (void*)a_new;
}

SizeT LK_(malloc_usable_size)(ThreadId tid, void* p)
{
   LK_Chunk* ch = LK_(live_block_at)((Addr)p);
   /* Slop is not exposed: only the requested bytes are the block's. */
   return ch ? ch->szB : 0;
}

/*------------------------------------------------------------*/
/*--- The verify-alignment request (Valgrind 3.22 on)      ---*/
/*------------------------------------------------------------*/

#if LK_VG_AT_LEAST(3, 22)

/* True for 0 too, as the checks below use it. */
static inline Bool no_other_bit(SizeT a)
{
   return (a & (a - 1)) == 0;
}

static inline Bool bad_nonzero_align(SizeT a)
{
   return a == 0 || !no_other_bit(a);
}

/* The live block at a, as Memcheck looks it up (MC_(malloc_list):
   malloc'd and MALLOCLIKE blocks). */
static inline LK_Chunk* live_block_at(Addr a)
{
   return LK_(live_block_at)(a);
}

static void check_size(ThreadId tid, LK_Chunk* ch, SizeT size,
                       const HChar* fns)
{
   if (ch && ch->szB != size)
      LK_(record_size_mismatch_error)(tid, ch, size, fns);
}

static void check_align(ThreadId tid, LK_Chunk* ch, SizeT align,
                        const HChar* fns)
{
   if (ch && align != LK_(chunk_orig_align)(ch))
      LK_(record_align_mismatch_error)(tid, ch, align, False, fns);
}

/* A default (unaligned) delete of an aligned block.  Only aligned
   blocks can fail this, so while none is live the lookup is skipped:
   this runs before every plain delete of a C++ program. */
static void check_default_delete(ThreadId tid, Addr mem, const HChar* fns)
{
   LK_Chunk* ch;
   if (LIKELY(n_aligned_live == 0))
      return;
   ch = live_block_at(mem);
   if (ch && LK_(chunk_orig_align)(ch) != 0)
      LK_(record_align_mismatch_error)(tid, ch, 0, True, fns);
}

/* Memcheck's checks, in Memcheck's order (mc_main.c, the request's
   case): the texts, including their oddities ("new[][/delete[]"), are
   part of the output.  A kind this Valgrind's header lists and this
   function does not know is ignored (Memcheck asserts). */
void LK_(verify_alignment)(ThreadId tid, const struct AlignedAllocInfo* info)
{
   SizeT align, size;
   Addr mem;
   LK_Chunk* ch;
   if (info == NULL)
      return;
   align = info->orig_alignment;
   size = info->size;
   mem = (Addr)info->mem;

   switch (info->alloc_kind) {
   case AllocKindMemalign:
      if (bad_nonzero_align(align))
         LK_(record_bad_alignment)(tid, align, 0, " (should be power of 2)");
      if (size == 0)
         LK_(record_bad_size)(tid, size, "memalign()");
      break;
   case AllocKindPosixMemalign:
      if (align < sizeof(SizeT) || !no_other_bit(align))
         LK_(record_bad_alignment)(tid, align, 0,
            " (should be non-zero, a power of 2 and a multiple of"
            " sizeof(void*))");
      if (size == 0)
         LK_(record_bad_size)(tid, size, "posix_memalign()");
      break;
   case AllocKindAlignedAlloc:
      if (!no_other_bit(align))
         LK_(record_bad_alignment)(tid, align, 0, " (should be a power of 2)");
      if (align != 0 && size % align != 0)
         LK_(record_bad_alignment)(tid, align, size,
                                   " (size should be a multiple of alignment)");
      if (size == 0)
         LK_(record_bad_size)(tid, size, "aligned_alloc()");
      break;
   case AllocKindDeleteSized:
      check_size(tid, live_block_at(mem), size, "new/delete");
      break;
   case AllocKindVecDeleteSized:
      check_size(tid, live_block_at(mem), size, "new[][/delete[]");
      break;
#if LK_VG_AT_LEAST(3, 23)
   case AllocKindFreeSized:
      check_size(tid, live_block_at(mem), size, "aligned_alloc/free_sized");
      break;
   case AllocKindFreeAlignedSized:
      if (!no_other_bit(align))
         LK_(record_bad_alignment)(tid, align, 0, " (should be a power of 2)");
      if (align != 0 && size % align != 0)
         LK_(record_bad_alignment)(tid, align, size,
                                   " (size should be a multiple of alignment)");
#  if !LK_VG_AT_LEAST(3, 26)
      /* From 3.26 a size of 0 is allowed here (NEWS). */
      if (size == 0)
         LK_(record_bad_size)(tid, size, "free_aligned_sized()");
#  endif
      ch = live_block_at(mem);
      check_align(tid, ch, align, "aligned_alloc/free_aligned_sized");
      check_size(tid, ch, size, "aligned_alloc/free_aligned_sized");
      break;
#endif
   case AllocKindNewAligned:
   case AllocKindVecNewAligned:
      if (bad_nonzero_align(align))
         LK_(record_bad_alignment)(tid, align, 0,
                                   " (should be non-zero and a power of 2)");
      break;
   case AllocKindDeleteDefault:
      check_default_delete(tid, mem, "new/delete");
      break;
   case AllocKindVecDeleteDefault:
      check_default_delete(tid, mem, "new[]/delete[]");
      break;
   case AllocKindDeleteAligned:
   case AllocKindVecDeleteAligned: {
      const HChar* fns = info->alloc_kind == AllocKindDeleteAligned
                         ? "new/delete" : "new[]/delete[]";
      if (bad_nonzero_align(align))
         LK_(record_bad_alignment)(tid, align, 0,
                                   " (should be non-zero and a power of 2)");
      check_align(tid, live_block_at(mem), align, fns);
      break;
   }
   case AllocKindDeleteSizedAligned:
   case AllocKindVecDeleteSizedAligned: {
      const HChar* fns = info->alloc_kind == AllocKindDeleteSizedAligned
                         ? "new/delete" : "new[]/delete[]";
      ch = live_block_at(mem);
      check_size(tid, ch, size, fns);
      check_align(tid, ch, align, fns);
      if (bad_nonzero_align(align))
         LK_(record_bad_alignment)(tid, align, 0,
                                   " (should be non-zero and a power of 2)");
      break;
   }
   default:
      break;
   }
}

#endif /* LK_VG_AT_LEAST(3, 22) */

/*------------------------------------------------------------*/
/*--- HEAP SUMMARY                                         ---*/
/*------------------------------------------------------------*/

static void add_up(LK_Chunk* ch, void* opaque)
{
   *(ULong*)opaque += (ULong)ch->szB;
}

/* The walk live_szB saves, as a check at -v -v -v (and in tests that
   ask for it). */
static void check_live_szB(void)
{
   ULong n_bytes = 0;
   LK_(for_each_live_chunk)(add_up, &n_bytes);
   if (n_bytes != live_szB)
      VG_(tool_panic)("leakcheck: live byte count disagrees with the chunks");
}

void LK_(print_heap_summary)(void)
{
   SizeT n_blocks = n_live_chunks;
   ULong n_bytes = 0;
   HChar buf[1024];

   if (VG_(clo_verbosity) == 0)
      return;
   if (VG_(clo_verbosity) > 2)
      check_live_szB();
   n_bytes = live_szB;
   if (VG_(clo_xml)) {
      /* <heap_summary> from Valgrind 3.26 on, nothing before. */
      if (lk_fmt_heap_summary_xml(buf, sizeof buf, n_bytes, n_blocks,
                                  n_mallocs, n_frees, szB_mallocd,
                                  LK_VG_VERSION) > 0)
         VG_(printf_xml)("%s", buf);
      return;
   }
   lk_fmt_heap_summary(buf, sizeof buf, n_bytes, n_blocks, n_mallocs,
                       n_frees, szB_mallocd);
   VG_(umsg)("%s", buf);
}

/*--------------------------------------------------------------------*/
/*--- end                                                    lk_heap.c ---*/
/*--------------------------------------------------------------------*/
