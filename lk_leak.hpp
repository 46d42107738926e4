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

/* One heap block taking part in a search; the array is sorted by start. */
struct Block {
   LK_Addr    start;
   uint64_t   szB;
   LK_StackId alloc_at;
   LK_StackId group;
   uint32_t   flags;      /* LK_BLOCK_* */
};

/* Per-block search state (Memcheck's LC_Extra). */
struct Extra {
   /* If Unreached: bytes indirectly lost through this clique leader.
      If IndirectLeak: index of the clique (the block it was found from). */
   uint64_t ind_or_clique;
   uint8_t  state;        /* LK_State */
   uint8_t  pending;      /* on the mark stack */
   uint8_t  heuristic;    /* LK_Heuristic */
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
   lk::Vec<lk::Extra>    extras;
   lk::Vec<uint32_t>     markstack;
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

   /* --- scan context (see lk_core.h, phase 2) --- */
   int64_t               clique;        /* -1 while marking from roots */
   int64_t               cur_clique;
   bool                  prior_definite;
   size_t                clique_cursor;
   uint64_t              scanned_szB;

   /* --- loss records, kept across searches --- */
   lk::Vec<lk::Record>   records;       /* sorted after make_records */
   lk::Vec<uint32_t>     rec_hash;      /* open addressing: index+1, 0 = empty */
   lk::Vec<uint32_t>     block_record;  /* record index of each block */
   LK_LeakTotals         totals;
   LK_LeakTotals         old_totals;
   uint64_t              heur_bytes[LK_N_HEURISTICS];   /* this search */
   uint64_t              heur_blocks[LK_N_HEURISTICS];
};

namespace lk {
/* lk_leak.cpp */
int64_t find_block(const LK_Leak* lc, uint64_t ptr);
} // namespace lk

#endif /* LK_LEAK_HPP */

/*--------------------------------------------------------------------*/
/*--- end                                               lk_leak.hpp ---*/
/*--------------------------------------------------------------------*/
