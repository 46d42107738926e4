/*--------------------------------------------------------------------*/
/*--- leakcheck: where the last pointer to a block was lost (glue). ---*/
/*---                                                  lk_origin.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   Leak origins (--track-leak-origins=yes)
   ---------------------------------------
   A block is lost when the last pointer to it leaves memory.  Every
   event that removes a heap pointer from memory is recorded, so that
   at the leak search the latest event that removed a pointer to a lost
   block can be named (the choice and the wording are the core's,
   lk_lost.cpp):

     - a store overwrites a word that pointed into the heap (the
       instrumentation tests the old word inline, lk_translate.c, and
       calls LK_(origin_store8) or LK_(origin_store));
     - a block is freed (or moved by realloc) with heap pointers inside:
       LK_(origin_block_dies), with the free's stack;
     - the stack pointer rises over words that pointed into the heap (a
       function returned, longjmp): LK_(origin_stack_died) and
       LK_(origin_stack_rise);
     - memory is unmapped, or written by a system call;
     - a function returns a heap pointer in RAX that no event has seen
       yet: recorded once, for "never stored in memory; it was returned
       by".

   The event map.  The latest event of each 32-byte granule of heap
   memory (granule of the pointer's value, not of where the pointer
   was) is one 64-bit slot in a two-level map, one secondary of 2,048
   slots per 64 KiB of heap:

      seq (36 bits) | kind (3) | full (1) | id (24)

   seq orders all events; kind is an LK_OriginKind; id names the stack:
   with full set, an ExeContext (its ECU / 4); else a "pair", the
   instruction and the return address of its frame (two frames).  A
   block's payload never shares a granule with another block's (the
   arena puts at least 2 x 16 bytes of redzone between payloads), so
   the block's latest event is the largest slot over its granules; the
   slots of a new block are cleared when it is allocated, so that a
   previous block's events never count.

   Stacks.  Events are frequent (tens of millions in a run of an
   interpreter: every pointer on its own stack overwritten), and nearly
   none of them turns out to be the last pointer to a block.  A full
   stack trace costs 30-70 ns even from the trace cache, so the common
   events (overwrites, frames returning) record only their instruction
   and its caller: each instruction that can cause one is a "site"
   numbered at translation time, and the caller's return address is
   read with the memoised unwind rule (lk_stacktrace.c).  The rare ones
   (frees, munmap, system calls, longjmp and other unknown stack
   changes) keep the full stack.
*/

#include "pub_tool_basics.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_execontext.h"
#include "pub_tool_hashtable.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_machine.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_vki.h"
#include "libvex_guest_amd64.h"
#include "lk_include.h"

Bool LK_(clo_track_leak_origins) = False;

/* The translated code's filter: (w - lo) < span for a word w that may
   point into the heap (the hull of the heap's blocks so far). */
UWord LK_(origin_lo) = 0;
UWord LK_(origin_span) = 0;
static Addr heap_lo = ~(Addr)0, heap_hi = 0;

/*------------------------------------------------------------*/
/*--- The event map                                        ---*/
/*------------------------------------------------------------*/

#define OM_CHUNK_BITS LK_ORIGIN_CHUNK_BITS
#define OM_N_CHUNKS   LK_ORIGIN_N_CHUNKS
#define OM_GRAN_BITS  LK_ORIGIN_GRAN_BITS
#define OM_SLOTS      (1u << (OM_CHUNK_BITS - OM_GRAN_BITS))

/* Each entry is the address of a chunk's secondary minus that of
   om_none, a secondary whose slots all look used: so that the zeroed
   .bss means "no secondary", and the translated code can look a slot
   up without a test (lk_translate.c, the return's RAX). */
UWord LK_(origin_prim)[OM_N_CHUNKS];       /* .bss: touched where used */
ULong LK_(origin_none)[OM_SLOTS];
static ULong  om_n_secondaries = 0;

static inline ULong* om_slot(Addr a)
{
   UWord e;
   if (UNLIKELY(a >> 37))
      return NULL;
   e = LK_(origin_prim)[a >> OM_CHUNK_BITS];
   return e ? (ULong*)(e + (Addr)LK_(origin_none))
               + ((a & ((1u << OM_CHUNK_BITS) - 1)) >> OM_GRAN_BITS)
            : NULL;
}

#define OS_ID_BITS    24
#define OS_FULL_BIT   (1ULL << OS_ID_BITS)
#define OS_KIND_SHIFT (OS_ID_BITS + 1)
#define OS_SEQ_SHIFT  (OS_KIND_SHIFT + 3)
#define OS_SEQ_MAX    ((1ULL << (64 - OS_SEQ_SHIFT)) - 1)

static ULong om_seq = 1;

static inline ULong make_slot(UInt kind, Bool full, UInt id)
{
   ULong s = (om_seq << OS_SEQ_SHIFT) | ((ULong)kind << OS_KIND_SHIFT)
             | (full ? OS_FULL_BIT : 0) | id;
   if (LIKELY(om_seq < OS_SEQ_MAX))
      om_seq++;
   return s;
}

static inline Bool in_heap(UWord w)
{
   return w - heap_lo < heap_hi - heap_lo;
}

/* Statistics (--stats=yes). */
static ULong n_tomb_hits, n_store_calls, n_same_block, n_events[LK_ORIG_N],
             n_rise_calls, n_rise_words, n_restored, n_full_stacks,
             n_pair_misses;

/* Whether every byte of [a, a+len) is in a live block's payload, for a
   in the heap: the shadow's filter first (a clear bit is accessible in
   every mode of the shadow, lk_shadow.cpp), the exact check if a bit
   is set. */
static Bool accessible(Addr a, SizeT len)
{
   Addr first = (a & 0xFFFFFFFFUL) >> 3;
   Addr last = ((a + len - 1) & 0xFFFFFFFFUL) >> 3;
   if (LIKELY(first <= last && last - first < 1024)) {
      const UChar* f = lk_shadow_filter;
      UInt lo_bit = a & 7, hi_bit = (a + len - 1) & 7;
      UChar m;
      Addr k;
      if (first == last) {
         m = (UChar)((0xFFu << lo_bit) & (0xFFu >> (7 - hi_bit)));
         if ((f[first] & m) == 0)
            return True;
      } else {
         Bool clear = (f[first] & (UChar)(0xFFu << lo_bit)) == 0
                      && (f[last] & (UChar)(0xFFu >> (7 - hi_bit))) == 0;
         for (k = first + 1; clear && k < last; k++)
            clear = f[k] == 0;
         if (clear)
            return True;
      }
   }
   return LK_(shadow_is_accessible)(a, len, NULL);
}

/*------------------------------------------------------------*/
/*--- Sites and pairs                                      ---*/
/*------------------------------------------------------------*/

/* A site: an instruction that can cause an event, numbered when it is
   translated (a few hundred thousand in a big program, most of which
   never see an event: 12 bytes each).  The first event at a site gives
   it a cache: the unwind memo's rule at ip for its caller's return
   address (with the debug-info generation it holds for), and its last
   few (return address, pair). */
#define SITE_WAYS 4
typedef struct {
   Long  ra_k;
   UInt  gen;          /* ~0: rule not asked for yet */
   Bool  rule_ok, bp_based;
   UChar next;
   Addr  ra[SITE_WAYS];
   UInt  pair[SITE_WAYS];
} SiteCache;

/* site_cache[s]: 1 + index in caches, 0 none yet; the top bit says the
   instruction's first access is a store (see LK_(origin_load_is_store)). */
#define SITE_STORE_FIRST 0x80000000u
static Addr*      site_ip = NULL;
static UInt*      site_cache = NULL;
static UInt       n_sites = 0, cap_sites = 0;
static SiteCache* caches = NULL;
static UInt       n_caches = 0, cap_caches = 0;

/* The sites whose instruction's first access is a store, by ip, made
   at the first fault that asks (faults are rare). */
typedef struct _InsnNode { struct _InsnNode* next; UWord key; } InsnNode;
static VgHashTable* store_insns = NULL;

static void note_store_insn(Addr ip)
{
   InsnNode* n;
   if (VG_(HT_lookup)(store_insns, ip) != NULL)
      return;
   n = VG_(malloc)("lk.origin.insn", sizeof *n);
   n->key = ip;
   VG_(HT_add_node)(store_insns, n);
}

UInt LK_(origin_new_site)(Addr ip, Bool store_first)
{
   if (n_sites == cap_sites) {
      cap_sites = cap_sites ? 2 * cap_sites : 4096;
      site_ip = VG_(realloc)("lk.origin.sites", site_ip,
                             cap_sites * sizeof(Addr));
      site_cache = VG_(realloc)("lk.origin.sites", site_cache,
                                cap_sites * sizeof(UInt));
   }
   site_ip[n_sites] = ip;
   site_cache[n_sites] = store_first ? SITE_STORE_FIRST : 0;
   if (store_first && store_insns != NULL)
      note_store_insn(ip);
   return n_sites++;
}

/* A load faulted in translated code at guest instruction ip: is it the
   origins' load of the bytes a store overwrites? */
Bool LK_(origin_load_is_store)(Addr ip)
{
   if (store_insns == NULL) {
      UInt s;
      store_insns = VG_(HT_construct)("lk.origin.insns");
      for (s = 0; s < n_sites; s++)
         if (site_cache[s] & SITE_STORE_FIRST)
            note_store_insn(site_ip[s]);
   }
   return VG_(HT_lookup)(store_insns, ip) != NULL;
}

static SiteCache* cache_of(UInt s)
{
   UInt c = site_cache[s] & ~SITE_STORE_FIRST, k;
   SiteCache* sc;
   if (LIKELY(c != 0))
      return &caches[c - 1];
   if (n_caches == cap_caches) {
      cap_caches = cap_caches ? 2 * cap_caches : 1024;
      caches = VG_(realloc)("lk.origin.sitecaches", caches,
                            cap_caches * sizeof(SiteCache));
   }
   sc = &caches[n_caches++];
   sc->gen = ~0u;   /* the rule is looked up at the first event */
   sc->next = 0;
   for (k = 0; k < SITE_WAYS; k++) {
      sc->ra[k] = 1;   /* never a return address */
      sc->pair[k] = 0;
   }
   site_cache[s] |= n_caches;
   return sc;
}

/* Pairs (instruction, return address of its frame), numbered from 1. */
typedef struct _PairNode {
   struct _PairNode* next;
   UWord             key;      /* hash of ip and ra */
   Addr              ip, ra;
   UInt              id;
} PairNode;

static VgHashTable* pair_table = NULL;
static PairNode**   pairs = NULL;           /* by id */
static UInt         n_pairs = 0, cap_pairs = 0;

static UInt pair_id(Addr ip, Addr ra)
{
   UWord key = (ip * 0x9E3779B97F4A7C15ULL) ^ (ra * 0xC2B2AE3D27D4EB4FULL);
   PairNode* n;
   if (pair_table == NULL)
      pair_table = VG_(HT_construct)("lk.origin.pairs");
   for (n = VG_(HT_lookup)(pair_table, key); n != NULL; n = n->next)
      if (n->key == key && n->ip == ip && n->ra == ra)
         return n->id;
   if (n_pairs + 1 >= (1u << OS_ID_BITS))
      return 0;   /* out of ids: the event keeps no stack */
   if (n_pairs + 1 >= cap_pairs) {
      cap_pairs = cap_pairs ? 2 * cap_pairs : 4096;
      pairs = VG_(realloc)("lk.origin.pairs.ids", pairs,
                           cap_pairs * sizeof(PairNode*));
   }
   n = VG_(malloc)("lk.origin.pair", sizeof *n);
   n->key = key;
   n->ip = ip;
   n->ra = ra;
   n->id = ++n_pairs;
   pairs[n->id] = n;
   VG_(HT_add_node)(pair_table, n);
   return n->id;
}

/* The return address of the frame of the event at site s, from the
   thread's registers as they are (the helper declares that it reads
   RIP, RSP and RBP); 0 if unknown.  Read only within the thread's
   stack, from the red zone up. */
static Addr site_caller(Addr ip, SiteCache* sc)
{
   ThreadId tid = VG_(get_running_tid)();
   Addr sp = VG_(get_SP)(tid), a, hi;
   if (UNLIKELY(sc->gen != VG_(debuginfo_generation)()))
      sc->rule_ok = LK_(unwind_ra_rule)(ip, &sc->ra_k, &sc->bp_based,
                                        &sc->gen);
   if (!sc->rule_ok)
      return 0;
   a = (sc->bp_based ? VG_(get_FP)(tid) : sp) + sc->ra_k;
   hi = VG_(thread_get_stack_max)(tid);
   if (a < sp - VG_STACK_REDZONE_SZB || a + sizeof(Addr) > hi + 1 || hi == 0)
      return 0;
   return *(const Addr*)a;
}

/* The pair of an event at site s. */
static UInt site_pair(UInt s)
{
   SiteCache* sc = cache_of(s);
   Addr ra = site_caller(site_ip[s], sc);
   UInt k;
   for (k = 0; k < SITE_WAYS; k++)
      if (sc->ra[k] == ra)
         return sc->pair[k];
   n_pair_misses++;
   k = sc->next;
   sc->next = (UChar)((k + 1) % SITE_WAYS);
   sc->ra[k] = ra;
   sc->pair[k] = pair_id(site_ip[s], ra);
   return sc->pair[k];
}

/* The full stack of the running thread, as an id for a slot. */
static UInt full_id(ExeContext* ec)
{
   UInt ecu = LK_(stack_ref)(ec) >> 2;
   return ecu < (1u << OS_ID_BITS) ? ecu : 0;
}

/*------------------------------------------------------------*/
/*--- Recording events                                     ---*/
/*------------------------------------------------------------*/

/* What names the stack of the events of one helper call: computed at
   the first event, shared by the others. */
typedef struct {
   UInt kind;
   Bool full;        /* a full stack (ec) rather than a site's pair */
   UInt site;
   ExeContext* ec;
   Bool have_id;
   UInt id;
} EvCtx;

static inline UInt ctx_id(EvCtx* c)
{
   if (!c->have_id) {
      if (c->full) {
         if (c->ec == NULL) {
            c->ec = LK_(record_alloc_stack)(VG_(get_running_tid)());
            n_full_stacks++;
         }
         c->id = full_id(c->ec);
      } else {
         c->id = site_pair(c->site);
      }
      c->have_id = True;
   }
   return c->id;
}

/* The word 'old' held a pointer that is gone now.  True if it pointed
   into a live block (an event was recorded). */
static inline Bool word_dies(UWord old, EvCtx* c)
{
   ULong* slot;
   if (!in_heap(old))
      return False;
   slot = om_slot(old);
   if (slot == NULL)
      return False;
   /* Only a pointer into a live block counts (not one just past its
      end, nor one to a freed block). */
   if (!accessible(old, 1))
      return False;
   n_events[c->kind]++;
   *slot = make_slot(c->kind, c->full, ctx_id(c));
   return True;
}

/* Stack words reported dead as the stack pointer rose keep their value
   until something writes there: a return clears its red zone
   (lk_translate.c), but a tail call, leave or longjmp leaves the words
   below the new SP as they were, and a later push or store over one of
   them must not count as the pointer's death a second time.  The words
   reported are remembered here (direct-mapped by address: a collision
   only forgets one), and a store over a word that still holds the value
   it died with is no event. */
#define TOMB_SLOTS 4096
static struct { Addr a; UWord v; } tombs[TOMB_SLOTS];

static inline UInt tomb_ix(Addr a)
{
   return (UInt)(a >> 3) & (TOMB_SLOTS - 1);
}

static inline void tomb_set(Addr a, UWord v)
{
   tombs[tomb_ix(a)].a = a;
   tombs[tomb_ix(a)].v = v;
}

/* A store over the word at a, which holds v: True if that is a word
   reported dead already.  An 8-byte store replaces the value: the word
   is forgotten (consume); a narrower one may leave the pointer as it
   was (say, a zero over its upper half), so it stays. */
static inline Bool tomb_hit(Addr a, UWord v, Bool consume)
{
   UInt k = tomb_ix(a);
   if (LIKELY(tombs[k].a != a || tombs[k].v != v))
      return False;
   if (consume)
      tombs[k].a = 0;
   n_tomb_hits++;
   return True;
}

/* The words [a, a+n) die (n and a multiples of 8 not required). */
static void range_dies(Addr a, SizeT n, EvCtx* c)
{
   Addr w, end = a + n;
   for (w = (a + 7) & ~(Addr)7; w + 8 <= end; w += 8)
      word_dies(*(const UWord*)w, c);
}

static inline void ctx_site(EvCtx* c, UInt kind, UInt site)
{
   c->kind = kind;
   c->full = False;
   c->site = site;
   c->ec = NULL;
   c->have_id = False;
   c->id = 0;
}

static inline void ctx_full(EvCtx* c, UInt kind, ExeContext* ec)
{
   c->kind = kind;
   c->full = True;
   c->ec = ec;
   c->have_id = False;
   c->id = 0;
   c->site = 0;
}

/*------------------------------------------------------------*/
/*--- Blocks                                               ---*/
/*------------------------------------------------------------*/

/* A heap block now exists at [p, p+szB): its granules start clean. */
void LK_(origin_block_new)(Addr p, SizeT szB)
{
   Addr a, end = p + (szB ? szB : 1);
   if (p < heap_lo || end > heap_hi) {
      if (p < heap_lo) heap_lo = p;
      if (end > heap_hi) heap_hi = end;
      LK_(origin_lo) = heap_lo;
      LK_(origin_span) = heap_hi - heap_lo;
   }
   if (end >> 37)
      return;
   if (UNLIKELY(LK_(origin_none)[0] == 0)) {
      UInt k;
      for (k = 0; k < OM_SLOTS; k++)
         LK_(origin_none)[k] = ~0ULL;
   }
   for (a = p & ~(Addr)((1u << OM_CHUNK_BITS) - 1); a < end;
        a += 1u << OM_CHUNK_BITS) {
      if (LK_(origin_prim)[a >> OM_CHUNK_BITS] == 0) {
         void* sec = LK_SHADOW_ALLOC(OM_SLOTS * sizeof(ULong));
         if (sec == NULL)
            VG_(tool_panic)("leakcheck: out of memory for the leak-origin "
                            "map (--track-leak-origins)");
         LK_(origin_prim)[a >> OM_CHUNK_BITS] =
            (UWord)sec - (UWord)LK_(origin_none);
         om_n_secondaries++;
      }
   }
   /* Clear what an earlier block left; read first, so that untouched
      pages of the map stay untouched. */
   for (a = p & ~(Addr)((1u << OM_GRAN_BITS) - 1); a < end;
        a += 1u << OM_GRAN_BITS) {
      ULong* slot = om_slot(a);
      if (slot && *slot)
         *slot = 0;
   }
}

/* The block [p, p+n) is freed (or moved: its first 'moved' bytes live
   on in the new block): the pointers in the rest die, at the free's
   stack. */
void LK_(origin_block_dies)(ThreadId tid, Addr p, SizeT n, SizeT moved,
                            Bool custom)
{
   EvCtx c;
   if (moved >= n)
      return;
   /* A custom allocator's block (VALGRIND_FREELIKE_BLOCK, a mempool
      chunk) lies in the client's own memory, which may be unmapped (or
      unreadable) by now, wherever it is, even between malloc'd blocks:
      then its pointers died already, at the munmap
      (tests/regtest/lk-origin-custom). */
   if (custom
       && !VG_(am_is_valid_for_client)(p + moved, n - moved, VKI_PROT_READ))
      return;
   ctx_full(&c, LK_ORIG_FREED, NULL);
   range_dies(p + moved, n - moved, &c);
}

/*------------------------------------------------------------*/
/*--- Threads                                              ---*/
/*------------------------------------------------------------*/

/* Where each thread was created (the parent's stack at the clone), for
   the pointers that die with a thread's stack. */
static ExeContext** created_at = NULL;   /* VG_N_THREADS of them */

static void origin_thread_create(ThreadId parent, ThreadId child)
{
   if (child < VG_N_THREADS)
      created_at[child] = parent != VG_INVALID_THREADID
                             ? LK_(record_alloc_stack)(parent) : NULL;
}

static ExeContext* thread_created_at(ThreadId tid)
{
   return tid < VG_N_THREADS ? created_at[tid] : NULL;
}

void LK_(origin_post_clo_init)(void)
{
   if (!LK_(clo_track_leak_origins))
      return;
   created_at = VG_(calloc)("lk.origin.threads", VG_N_THREADS,
                            sizeof(ExeContext*));
   VG_(track_pre_thread_ll_create)(origin_thread_create);
}

/*------------------------------------------------------------*/
/*--- Helpers called from generated code                   ---*/
/*------------------------------------------------------------*/

/* A store that is not an aligned 8-byte one over the aligned word at
   w. */
static inline void store_word_dies(Addr w, EvCtx* c)
{
   UWord v = *(const UWord*)w;
   if (!tomb_hit(w, v, False))
      word_dies(v, c);
}

/* An 8-byte store of 'new' at a over 'old' (the bytes at a), at
   instruction 'site'.  The inline test calls this when old may be a
   heap pointer (and is not in new's granule), or when a is not
   8-aligned. */
void LK_(origin_store8)(Addr a, UWord old, UWord new, UWord site)
{
   EvCtx c;
   n_store_calls++;
   ctx_site(&c, LK_ORIG_OVERWRITTEN, (UInt)site);
   if (LIKELY((a & 7) == 0)) {
      /* The same block still held: a cursor moving inside it (the
         bytes between are all accessible: a redzone separates blocks). */
      if (old == new)
         return;
      if (in_heap(new)) {
         UWord lo = old < new ? old : new, hi = old < new ? new : old;
         if (hi - lo <= 4096 && accessible(lo, hi - lo + 1)) {
            n_same_block++;
            return;
         }
      }
      if (!tomb_hit(a, old, True))
         word_dies(old, &c);
      return;
   }
   store_word_dies(a & ~7UL, &c);
   store_word_dies((a & ~7UL) + 8, &c);
}

/* A store of n bytes at a that is not an aligned 8-byte one: every
   aligned word it touches dies. */
void LK_(origin_store)(Addr a, UWord n, UWord site, UWord unused)
{
   EvCtx c;
   Addr w;
   n_store_calls++;
   ctx_site(&c, LK_ORIG_OVERWRITTEN, (UInt)site);
   for (w = a & ~7UL; w < a + n; w += 8)
      store_word_dies(w, &c);
}

/* RAX holds a heap pointer at a return: if no event has seen the
   pointer's granule, remember this return (once). */
static void note_returned(UWord rax, EvCtx* c)
{
   ULong* slot;
   if (!in_heap(rax))
      return;
   slot = om_slot(rax);
   if (slot == NULL || *slot != 0)
      return;
   n_events[LK_ORIG_RETURNED]++;
   *slot = make_slot(LK_ORIG_RETURNED, c->full, ctx_id(c));
}

/* The part of the stack words [lo, hi) that is mapped: a frame can be
   made (and popped) without touching all of it, and the pages below
   the lowest touched one of the main thread's stack are not mapped
   yet.  hi - 1 is: it is the stack pointer's neighbourhood.  The
   segment of the last answer is kept. */
static Addr seg_lo = 1, seg_hi = 0;

static Addr mapped_from(Addr lo, Addr hi)
{
   NSegment const* seg;
   if (LIKELY(lo >= seg_lo && hi - 1 <= seg_hi))
      return lo;
   seg = VG_(am_find_nsegment)(hi - 1);
   if (seg == NULL || !seg->hasR || seg->kind == SkResvn) {
      seg_lo = 1;
      seg_hi = 0;
      return hi;
   }
   seg_lo = seg->start;
   seg_hi = seg->end;
   return lo > seg_lo ? lo : seg_lo;
}

/* The n stack words from a died as the stack pointer rose; mask: which
   to test (bit i: word i; every word from 64 on).  site: the
   instruction; rax: RAX if it is a return, else 0. */
void LK_(origin_stack_died)(Addr a, UWord n, UWord mask, UWord site,
                            UWord rax)
{
   EvCtx c;
   UWord i = 0;
   n_rise_calls++;
   ctx_site(&c, LK_ORIG_FRAME, (UInt)site);
   if (n > LK_ORIGIN_INLINE_WORDS)   /* not tested inline: maybe not mapped */
      i = (mapped_from(a, a + 8 * n) - a + 7) / 8;
   for (; i < n; i++) {
      if (i < 64 && !(mask & (1UL << i)))
         continue;
      n_rise_words++;
      if (word_dies(((const UWord*)a)[i], &c))
         tomb_set(a + 8 * i, ((const UWord*)a)[i]);
   }
   if (rax != 0) {
      c.kind = LK_ORIG_RETURNED;
      note_returned(rax, &c);
   }
}

/* The stack words [lo, hi) died, an amount known only now (leave,
   longjmp...): lo is the old SP.  Words whose value a callee-saved
   register holds are left out: they were restored from there. */
void LK_(origin_stack_rise)(void* gsv, Addr lo, Addr hi, UWord thread_exit)
{
   const VexGuestAMD64State* gs = gsv;
   EvCtx c;
   Addr w;
   ThreadId tid = VG_(get_running_tid)();
   Addr stack_hi = VG_(thread_get_stack_max)(tid);
   Addr stack_lo = stack_hi - VG_(thread_get_stack_size)(tid) + 1;
   n_rise_calls++;
   if (hi <= lo || hi - lo > (Addr)VG_(clo_max_stackframe))
      return;   /* not a rise, or a stack switch */
   if (stack_hi == 0 || lo < stack_lo || hi > stack_hi + 1)
      return;   /* not within the thread's own stack: a switch */
   if (thread_exit)
      ctx_full(&c, LK_ORIG_THREAD, thread_created_at(tid));
   else
      ctx_full(&c, LK_ORIG_FRAME, NULL);
   for (w = mapped_from(lo & ~7UL, hi); w < hi; w += 8) {
      UWord v = *(const UWord*)w;
      n_rise_words++;
      if (v == gs->guest_RBX || v == gs->guest_RBP || v == gs->guest_R12
          || v == gs->guest_R13 || v == gs->guest_R14 || v == gs->guest_R15) {
         n_restored++;
         if (in_heap(v))
            tomb_set(w, v);
         continue;
      }
      if (word_dies(v, &c))
         tomb_set(w, v);
   }
}

/*------------------------------------------------------------*/
/*--- Memory that dies outside the heap's own events       ---*/
/*------------------------------------------------------------*/

typedef struct { EvCtx* c; } DiesArg;

static void range_dies_cb(Addr lo, Addr hi, void* opaque)
{
   range_dies(lo, hi - lo, ((DiesArg*)opaque)->c);
}

/* Memory the client made noaccess (a freed custom block,
   VALGRIND_MAKE_MEM_NOACCESS) holds no leak roots: its pointers died
   then, not now (tests/regtest/lk-origin-custom). */
static void live_part_dies_cb(Addr lo, Addr hi, void* opaque)
{
   LK_(clientreq_for_each_accessible_part)(lo, hi, range_dies_cb, opaque);
}

/* [a, a+len) is about to be unmapped, or overwritten by a system call
   (the kernel writes it, the core tells before): the pointers in it
   die, at the current stack.  The dead parts of stacks (below a live
   thread's SP, what exited threads left below theirs) are left out:
   their pointers died when the stack pointer rose over them; so is
   what the client made noaccess. */
void LK_(origin_mem_dies)(ThreadId tid, Addr a, SizeT len, Bool unmapped)
{
   EvCtx c;
   DiesArg arg = { &c };
   if (len == 0 || heap_hi == 0)
      return;
   if (!VG_(am_is_valid_for_client)(a, len, VKI_PROT_READ))
      return;
   ctx_full(&c, unmapped ? LK_ORIG_UNMAPPED : LK_ORIG_OVERWRITTEN, NULL);
   LK_(for_each_live_stack_part)(a, a + len, live_part_dies_cb, &arg);
}

/*------------------------------------------------------------*/
/*--- At a leak search                                     ---*/
/*------------------------------------------------------------*/

/* The core's name of a slot's stack: its id and full bit, plus a bit so
   that it is never 0 (0: the block's allocation stack). */
#define SITE_OF_SLOT(s) (((s) & (OS_FULL_BIT | ((1ULL << OS_ID_BITS) - 1))) \
                         | (1ULL << 32))

static void origin_lookup(void* opaque, LK_Addr start, uint64_t szB,
                          LK_OriginEvent* mem, LK_OriginEvent* ret)
{
   Addr a, end = start + (szB ? szB : 1);
   ULong best_mem = 0, best_ret = 0;
   for (a = start & ~(Addr)((1u << OM_GRAN_BITS) - 1); a < end;
        a += 1u << OM_GRAN_BITS) {
      ULong* slot = om_slot(a);
      ULong s;
      if (slot == NULL || (s = *slot) == 0)
         continue;
      if (((s >> OS_KIND_SHIFT) & 7) == LK_ORIG_RETURNED) {
         if (s > best_ret) best_ret = s;
      } else if (s > best_mem) {
         best_mem = s;
      }
   }
   if (best_mem != 0) {
      mem->seq = best_mem >> OS_SEQ_SHIFT;
      mem->kind = (LK_OriginKind)((best_mem >> OS_KIND_SHIFT) & 7);
      mem->site = SITE_OF_SLOT(best_mem);
   }
   if (best_ret != 0) {
      ret->seq = best_ret >> OS_SEQ_SHIFT;
      ret->kind = LK_ORIG_RETURNED;
      ret->site = SITE_OF_SLOT(best_ret);
   }
}

void LK_(origin_compute)(LK_Leak* lc)
{
   lk_leak_origins(lc, origin_lookup, NULL);
}

/* The stack a site names (NULL: none kept). */
static ExeContext* site_stack(uint64_t site, ExeContext* alloc_at)
{
   UInt id;
   if (site == 0)
      return alloc_at;
   id = (UInt)(site & ((1ULL << OS_ID_BITS) - 1));
   if (id == 0)
      return NULL;
   if (site & OS_FULL_BIT)
      return LK_(stack_of)(id << 2);
   if (id <= n_pairs) {
      Addr ips[2];
      ips[0] = pairs[id]->ip;
      ips[1] = pairs[id]->ra - 1;   /* the call, as the unwinder says */
      return VG_(make_ExeContext_from_StackTrace)(ips,
                                                  pairs[id]->ra ? 2 : 1);
   }
   return NULL;
}

/* A record's origin sentence into buf (False: none) and its stack, NULL
   if it has none or it was not kept (*has_stack says which). */
static Bool origin_text(const LK_RecordOrigin* o, ExeContext* alloc_at,
                        HChar* buf, SizeT n, int* has_stack, ExeContext** ec)
{
   if (lk_fmt_origin(buf, n, o, has_stack) == 0)
      return False;
   *ec = *has_stack ? site_stack(o->site, alloc_at) : NULL;
   return True;
}

void LK_(origin_pp)(const LK_RecordOrigin* o, ExeContext* alloc_at)
{
   HChar buf[256];
   int has_stack;
   ExeContext* ec;
   if (!origin_text(o, alloc_at, buf, sizeof buf, &has_stack, &ec))
      return;
   if (VG_(clo_xml))
      VG_(printf_xml)("  <auxwhat>%s</auxwhat>\n", buf);
   else
      VG_(umsg)(" %s\n", buf);
   if (ec != NULL)
      VG_(pp_ExeContext)(ec);
   else if (has_stack && !VG_(clo_xml))
      VG_(umsg)("   (no stack kept)\n");
}

/* The same for the SARIF result being built (lk_sarif_glue.c,
   docs/sarif.md): the sentence over the origin's stack, which becomes a
   code flow and a related location as the XML's <auxwhat> and <stack>;
   a sentence whose stack was not kept, or that has none, a related
   location with only the message, as the XML's lone <auxwhat>. */
void LK_(origin_sarif)(const LK_RecordOrigin* o, ExeContext* alloc_at)
{
   HChar buf[256];
   int has_stack;
   ExeContext* ec;
   if (!origin_text(o, alloc_at, buf, sizeof buf, &has_stack, &ec))
      return;
   if (ec != NULL) {
      LK_(sarif_stack)(ec, buf);
   } else if (has_stack) {
      /* as the text says it; the XML only leaves the <stack> out */
      HChar note[280];
      VG_(snprintf)(note, sizeof note, "%s (no stack kept)", buf);
      LK_(sarif_note)(note);
   } else {
      LK_(sarif_note)(buf);
   }
}

/*------------------------------------------------------------*/
/*--- Statistics                                           ---*/
/*------------------------------------------------------------*/

void LK_(origin_print_stats)(void)
{
   VG_(message)(Vg_DebugMsg,
                "leakcheck: origins: %llu store calls (%llu in the same "
                "block), %llu frame calls (%llu words, %llu restored)\n",
                n_store_calls, n_same_block, n_rise_calls, n_rise_words,
                n_restored);
   VG_(message)(Vg_DebugMsg,
                "leakcheck: origins: events: %llu overwritten, %llu freed, "
                "%llu frames, %llu unmapped, %llu returned\n",
                n_events[LK_ORIG_OVERWRITTEN], n_events[LK_ORIG_FREED],
                n_events[LK_ORIG_FRAME], n_events[LK_ORIG_UNMAPPED],
                n_events[LK_ORIG_RETURNED]);
   VG_(message)(Vg_DebugMsg,
                "leakcheck: origins: %u sites (%u with events), %u pairs "
                "(%llu misses), "
                "%llu full stacks, %llu map secondaries, %llu dead stack "
                "words stored over\n",
                n_sites, n_caches, n_pairs, n_pair_misses, n_full_stacks,
                om_n_secondaries, n_tomb_hits);
}

/*--------------------------------------------------------------------*/
/*--- end                                                 lk_origin.c ---*/
/*--------------------------------------------------------------------*/
