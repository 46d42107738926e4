/*--------------------------------------------------------------------*/
/*--- leakcheck: the leak search's internal state (core only).     ---*/
/*---                                                   lk_leak.hpp ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   Shared by lk_leak.cpp (marking and cliques) and lk_report.cpp (loss
   records and totals).  The glue sees LK_Leak only as an opaque type.
*/

#ifndef LK_LEAK_HPP
#define LK_LEAK_HPP

#include "lk_core_util.hpp"

namespace lk {

/* One heap block taking part in a search; the array is sorted by start.
   16 bytes: what the pointer lookup and the scan read, and nothing else
   (the allocation stack, read only for the loss records, is kept apart:
   LK_Leak::sidx16/sidx).  The size and the flags share a word:
   sizes are below 2^kSizeBits (the glue's LK_Chunk keeps 59 bits of
   them), flags below 2^(64 - kSizeBits). */
const unsigned kSizeBits = 60;
const uint64_t kSizeMask = ((uint64_t)1 << kSizeBits) - 1;
const unsigned kFlagsMax = (1u << (64 - kSizeBits)) - 1;

struct Block {
   LK_Addr    start;
   uint64_t   szfl;       /* size | flags (LK_BLOCK_*) << kSizeBits */

   static Block make(LK_Addr start, uint64_t szB, unsigned flags) {
      LK_ASSERT(szB <= kSizeMask && flags <= kFlagsMax);
      Block b;
      b.start = start;
      b.szfl = szB | ((uint64_t)flags << kSizeBits);
      return b;
   }
   uint64_t size() const { return szfl & kSizeMask; }
   unsigned flags() const { return (unsigned)(szfl >> kSizeBits); }
};
static_assert(sizeof(Block) == 16, "Block: 16 bytes a heap block");

/* LK_Leak::last_sidx when no stack was found yet. */
const uint32_t kNoStack = 0xFFFFFFFFu;

/* Per-block search state packed in one byte (Memcheck's LC_Extra minus
   the indirect size, kept apart): bits 0-1 LK_State, bit 2 pending (on
   the mark stack), bits 3-5 LK_Heuristic. */
enum : uint8_t {
   kStateMask = 0x03, kPending = 0x04, kHeurShift = 3, kHeurMask = 0x38
};

struct Range32 {
   uint32_t start;
   uint32_t end;
};

/* A mark stack entry: the block and its range, so that popping it needs
   no lookup (its words are read next; its range may not be in cache). */
struct MarkEntry {
   uint64_t start;
   uint32_t idx;
   uint32_t size32;   /* szB, or kSizeUnknown: read blocks[idx].szB */
};
const uint32_t kSizeUnknown = 0xFFFFFFFFu;

/* A lost block's origin (lk_lost.cpp), by rank among the blocks
   Unreached after marking. */
struct BlockOrigin {
   uint64_t seq;
   uint64_t site;
   uint8_t  kind;       /* LK_OriginKind */
   uint8_t  cycle;
   uint32_t leader;     /* rank of its clique's leader */
   uint32_t leader_index;   /* and its index in blocks */
};

struct Record {
   LK_LossRecord r;
   LK_StackId    group;
   uint8_t       suppressed;
};

} // namespace lk

struct LK_Leak {
   /* --- the block set of the current (or last) search --- */
   lk::Vec<lk::Block>    blocks;
   /* In the same order as blocks (a sort or an erase moves them all):
      each block's allocation stack, as its index in 'stacks' (the
      distinct alloc_at values of this search, found through stack_hash:
      open addressing, index+1, 0 = empty; last_stack/last_sidx cache
      the last one found), or, once the stacks are too many for that to
      save memory (wide_alloc, see lk_leak_add_block), itself in 'alloc';
      and its group, kept only once some block's group differs from its
      alloc_at (use_groups).  The index takes 2 bytes a block (sidx16,
      'narrow') while the stacks are at most 2^16, 4 (sidx) after. */
   lk::Vec<uint16_t>     sidx16;
   lk::Vec<uint32_t>     sidx;
   bool                  narrow;
   lk::Vec<LK_StackId>   stacks;
   lk::Vec<uint32_t>     stack_hash;
   LK_StackId            last_stack;
   uint32_t              last_sidx;
   bool                  wide_alloc;
   lk::Vec<LK_StackId>   alloc;
   lk::Vec<LK_StackId>   groups;
   bool                  use_groups;
   lk::Vec<uint8_t>      st;            /* packed state, see above */
   /* For each block Unreached after marking (lk_leak_begin_cliques), by
      rank among them (lk::ind_of): if still Unreached, bytes indirectly
      lost through this clique leader; if IndirectLeak, index of the
      block it was found from.  A bit per block in unr_bits, the number
      of such blocks before each 64 in unr_rank. */
   lk::Vec<uint64_t>     ind;
   lk::Vec<uint64_t>     unr_bits;
   lk::Vec<uint32_t>     unr_rank;
   bool                  ind_ready;
   lk::Vec<lk::MarkEntry> markstack;
   unsigned              heuristics;

   /* Pointer lookup: [lo, lo+span) covers every block (zero-sized blocks
      count as one byte).  Without overlaps, bucket b (of 2^shift bytes)
      starts its candidates at bucket_first[b]; with overlaps (metapools)
      the lookup is Memcheck's binary search. */
   uint64_t              lo;
   uint64_t              span;
   unsigned              shift;
   bool                  has_overlap;
   lk::Vec<uint32_t>     bucket_first;
   /* [start, end) of each block as 32-bit offsets from lo, when the heap
      spans less than 4 GiB: 8 bytes a block keep lookups in cache. */
   lk::Vec<lk::Range32>  rng;

   /* Start tags (lk_leak_tags_begin): 16 bytes written just below the
      start of each malloc'd block, in Valgrind's redzone, so that a
      start-pointer is recognised from the block's own cache line without
      the lookup above.  Word 0: the block's index and size; word 1:
      tag_hash(start, tag_key), which client data matches by chance with
      probability 2^-64 (the key is new for every search).  tag_pages has
      a bit per page of [tag_base, tag_base + span) in which a tag was
      written, so a tag is only read where the memory is known mapped. */
   bool                  tags_on;
   uint64_t              tag_key;
   uint64_t              tag_base;
   lk::Vec<uint64_t>     tag_pages;
   size_t                tag_cursor;
   size_t                n_tagged;

   /* --- scan context (see lk_core.h, phase 2) --- */
   int64_t               clique;        /* -1 while marking from roots */
   int64_t               cur_clique;
   bool                  prior_definite;
   size_t                clique_cursor;
   uint64_t              scanned_szB;
   /* The range an lk_leak_scan call is in, while it runs: a call that
      ends where an unfinished one ended is its resumption after a fault,
      whose bytes were counted already (Memcheck counts each word once,
      faulting ones included). */
   bool                  scan_open;
   uint64_t              scan_open_end;
   /* The block lk_leak_drain is scanning, for lk_leak_drain_resume. */
   uint64_t              drain_end;
   bool                  draining;

   /* --- loss records, kept across searches --- */
   lk::Vec<lk::Record>   records;       /* sorted after make_records */
   lk::Vec<uint32_t>     rec_hash;      /* open addressing: index+1, 0 = empty */
   bool                  records_made;  /* for this search's blocks */
   LK_LeakTotals         totals;
   LK_LeakTotals         old_totals;
   uint64_t              heur_bytes[LK_N_HEURISTICS];   /* this search */
   uint64_t              heur_blocks[LK_N_HEURISTICS];

   /* --- leak origins of this search (lk_lost.cpp) --- */
   bool                  origins_ready;
   lk::Vec<lk::BlockOrigin> borig;      /* by rank, as 'ind' */
   lk::Vec<LK_RecordOrigin> rorig;      /* by record */
};

namespace lk {

/* lk_leak.cpp */
int64_t find_block(const LK_Leak* lc, uint64_t ptr);

/* lk_report.cpp: the record of block i, or (size_t)-1 before
   lk_leak_make_records. */
size_t record_of_block(const LK_Leak* lc, size_t i);

inline unsigned state_of(const LK_Leak* lc, size_t i) {
   return lc->st[i] & kStateMask;
}
inline unsigned heuristic_of(const LK_Leak* lc, size_t i) {
   return (lc->st[i] & kHeurMask) >> kHeurShift;
}
inline unsigned popcount64(uint64_t x) {
   x = x - ((x >> 1) & 0x5555555555555555ull);
   x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
   x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
   return (unsigned)((x * 0x0101010101010101ull) >> 56);
}
/* The rank of block i among the blocks Unreached when the cliques
   began (the index of its 'ind' slot). */
inline size_t unr_rank_of(const LK_Leak* lc, size_t i) {
   uint64_t bits = lc->unr_bits[i >> 6];
   uint64_t bit = (uint64_t)1 << (i & 63);
   LK_ASSERT(bits & bit);
   return lc->unr_rank[i >> 6] + popcount64(bits & (bit - 1));
}
inline bool was_unreached(const LK_Leak* lc, size_t i) {
   return (lc->unr_bits[i >> 6] >> (i & 63)) & 1;
}
/* The 'ind' slot of block i, which was Unreached when the cliques began. */
inline uint64_t& ind_of(LK_Leak* lc, size_t i) {
   return lc->ind[unr_rank_of(lc, i)];
}
inline uint64_t ind_of(const LK_Leak* lc, size_t i) {
   return ind_of(const_cast<LK_Leak*>(lc), i);
}
/* Block i's index in 'stacks' (not with wide_alloc). */
inline uint32_t sidx_of(const LK_Leak* lc, size_t i) {
   return lc->narrow ? lc->sidx16[i] : lc->sidx[i];
}
inline LK_StackId alloc_of(const LK_Leak* lc, size_t i) {
   return lc->wide_alloc ? lc->alloc[i] : lc->stacks[sidx_of(lc, i)];
}
inline LK_StackId group_of(const LK_Leak* lc, size_t i) {
   return !lc->use_groups ? alloc_of(lc, i) : lc->groups[i];
}

} // namespace lk

#endif /* LK_LEAK_HPP */

/*--------------------------------------------------------------------*/
/*--- end                                               lk_leak.hpp ---*/
/*--------------------------------------------------------------------*/
