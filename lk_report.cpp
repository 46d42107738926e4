/*--------------------------------------------------------------------*/
/*--- leakcheck: loss records, their order and the totals.         ---*/
/*---                                                 lk_report.cpp ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   After a search has classified every block (lk_leak.cpp), blocks with
   the same state and the same allocation stack (under --leak-resolution;
   the glue maps equal stacks to one 'group' handle) are merged into loss
   records, as Memcheck's print_results does:

   1. Records of the previous search that had no blocks are dropped; the
      others move their numbers to old_* (for delta searches) and restart
      from zero.  A record keeps the stack it was created with.
   2. Blocks are visited in address order; a new record takes the stack
      of the first (lowest-addressed) block that creates it.  Only
      definitely-lost records carry indirect bytes: the sum of their
      blocks' clique sizes.
   3. Records are sorted by total bytes (direct + indirect), then state
      (reachable < possible < indirect < definite), then block count,
      then the stack handle's value (Memcheck compares ExeContext
      addresses there).  Numbering runs over all of them.
   4. The glue offers each record to Valgrind's error manager, which says
      whether a suppression matched; lk_leak_finish() then adds each
      record to its state's totals, or to "suppressed".

   Blocks with a heuristic tag are counted under "reachable via
   heuristic" whatever their state, exactly as Memcheck counts them.
*/

#include "lk_leak.hpp"

using lk::Block;
using lk::Record;

namespace {

inline uint64_t hash_key(unsigned state, LK_StackId group) {
   uint64_t h = (group ^ ((uint64_t)state << 61)) * 0x9E3779B97F4A7C15ull;
   return h ^ (h >> 29);
}

/* Rebuilds the (state, group) -> record index table. */
void rehash(LK_Leak* lc) {
   size_t want = 16;
   while (want < lc->records.size() * 2 + 16) want *= 2;
   lc->rec_hash.resize_uninit(want);
   for (size_t i = 0; i < want; i++) lc->rec_hash[i] = 0;
   for (size_t r = 0; r < lc->records.size(); r++) {
      const Record& rec = lc->records[r];
      size_t mask = want - 1;
      size_t h = (size_t)hash_key(rec.r.state, rec.group) & mask;
      while (lc->rec_hash[h] != 0) h = (h + 1) & mask;
      lc->rec_hash[h] = (uint32_t)(r + 1);
   }
}

/* The slot of rec_hash holding (state, group), or the empty slot where
   it would go. */
size_t hash_slot(const LK_Leak* lc, unsigned state, LK_StackId group) {
   size_t mask = lc->rec_hash.size() - 1;
   size_t h = (size_t)hash_key(state, group) & mask;
   while (lc->rec_hash[h] != 0) {
      const Record& rec = lc->records[lc->rec_hash[h] - 1];
      if (rec.r.state == (LK_State)state && rec.group == group)
         return h;
      h = (h + 1) & mask;
   }
   return h;
}

/* Index of the record for (state, group), creating it if needed. */
size_t find_or_add_record(LK_Leak* lc, unsigned state, LK_StackId group,
                          LK_StackId alloc_at) {
   size_t h = hash_slot(lc, state, group);
   if (lc->rec_hash[h] != 0)
      return lc->rec_hash[h] - 1;
   Record rec;
   rec.r.state = (LK_State)state;
   rec.r.alloc_at = alloc_at;
   rec.r.szB = rec.r.indirect_szB = rec.r.n_blocks = 0;
   rec.r.old_szB = rec.r.old_indirect_szB = rec.r.old_n_blocks = 0;
   rec.group = group;
   rec.suppressed = 0;
   lc->records.push_back(rec);
   size_t idx = lc->records.size() - 1;
   if ((lc->records.size() + 1) * 2 > lc->rec_hash.size()) {
      rehash(lc);
   } else {
      lc->rec_hash[h] = (uint32_t)(idx + 1);
   }
   return idx;
}

/* Memcheck's cmp_LossRecords. */
int cmp_records(const Record& a, const Record& b) {
   uint64_t ta = a.r.szB + a.r.indirect_szB;
   uint64_t tb = b.r.szB + b.r.indirect_szB;
   if (ta != tb) return ta < tb ? -1 : 1;
   if (a.r.state != b.r.state) return a.r.state < b.r.state ? -1 : 1;
   if (a.r.n_blocks != b.r.n_blocks) return a.r.n_blocks < b.r.n_blocks ? -1 : 1;
   if (a.r.alloc_at != b.r.alloc_at) return a.r.alloc_at < b.r.alloc_at ? -1 : 1;
   return 0;
}

} // namespace

extern "C" size_t lk_leak_make_records(LK_Leak* lc) {
   /* 1. Age the records of the previous search. */
   size_t kept = 0;
   for (size_t r = 0; r < lc->records.size(); r++) {
      Record rec = lc->records[r];
      if (rec.r.n_blocks == 0) continue;
      rec.r.old_szB = rec.r.szB;
      rec.r.old_indirect_szB = rec.r.indirect_szB;
      rec.r.old_n_blocks = rec.r.n_blocks;
      rec.r.szB = rec.r.indirect_szB = rec.r.n_blocks = 0;
      rec.suppressed = 0;
      lc->records[kept++] = rec;
   }
   lc->records.size_ = kept;
   rehash(lc);

   /* 2. Merge this search's blocks. */
   for (int h = 0; h < LK_N_HEURISTICS; h++)
      lc->heur_bytes[h] = lc->heur_blocks[h] = 0;
   size_t n = lc->blocks.size();
   /* Without groups, a block's record follows from its state and the
      index of its stack (lk::sidx_of): remembered for each pair
      (index+1, 0 = not yet), the table is searched once a pair rather
      than once a block. */
   lk::Vec<uint32_t> by_stack;
   by_stack.init("lk.leak.recbystack");
   const bool by_index = !lc->use_groups && !lc->wide_alloc;
   if (by_index) {
      by_stack.resize_uninit(lc->stacks.size() * 4);
      for (size_t k = 0; k < by_stack.size(); k++) by_stack[k] = 0;
   }
   for (size_t i = 0; i < n; i++) {
      const Block& b = lc->blocks[i];
      unsigned state = lk::state_of(lc, i);
      unsigned heur = lk::heuristic_of(lc, i);
      if (heur != LK_HeurNone) {
         lc->heur_bytes[heur] += b.size();
         lc->heur_blocks[heur]++;
      }
      size_t r;
      if (by_index) {
         uint32_t& known = by_stack[(size_t)lk::sidx_of(lc, i) * 4 + state];
         if (known == 0)
            known = (uint32_t)find_or_add_record(lc, state, lk::group_of(lc, i),
                                                 lk::alloc_of(lc, i)) + 1;
         r = known - 1;
      } else {
         r = find_or_add_record(lc, state, lk::group_of(lc, i),
                                lk::alloc_of(lc, i));
      }
      LK_LossRecord& lr = lc->records[r].r;
      lr.szB += b.size();
      if (state == LK_Unreached && lc->ind_ready)
         lr.indirect_szB += lk::ind_of(lc, i);
      lr.n_blocks++;
   }

   by_stack.release();

   /* 3. Sort.  A block's record is looked up when asked for
      (lk::record_of_block): at exit nobody asks, and a table of a
      million entries is not built for nothing. */
   lk::sort(lc->records.begin(), lc->records.size(), cmp_records);
   rehash(lc);
   lc->records_made = true;
   lc->origins_ready = false;
   return lc->records.size();
}

size_t lk::record_of_block(const LK_Leak* lc, size_t i) {
   if (!lc->records_made) return (size_t)-1;
   size_t h = hash_slot(lc, lk::state_of(lc, i), lk::group_of(lc, i));
   LK_ASSERT(lc->rec_hash[h] != 0);   /* every block has its record */
   return lc->rec_hash[h] - 1;
}

extern "C" const LK_LossRecord* lk_leak_record(const LK_Leak* lc, size_t i) {
   LK_ASSERT(i < lc->records.size());
   return &lc->records[i].r;
}

extern "C" void lk_leak_record_rules(const LK_Leak* lc, size_t i,
                                     const LK_LeakParams* p,
                                     int* print_record, int* count_as_error) {
   const LK_LossRecord& r = lk_leak_record(lc, i)[0];
   bool considered;
   switch (p->delta) {
   case LK_DeltaAny:
      considered = r.n_blocks > 0;
      break;
   case LK_DeltaIncreased:
      considered = r.szB > r.old_szB || r.indirect_szB > r.old_indirect_szB
                   || r.n_blocks > r.old_n_blocks;
      break;
   case LK_DeltaChanged:
      considered = r.szB != r.old_szB || r.indirect_szB != r.old_indirect_szB
                   || r.n_blocks != r.old_n_blocks;
      break;
   case LK_DeltaNew:
      considered = r.n_blocks > 0 && r.old_n_blocks == 0;
      break;
   default:
      LK_ASSERT(0);
      considered = false;
   }
   bool full = p->mode == LK_LeakFull;
   *print_record = full && considered && (p->show_kinds & LK_KIND_BIT(r.state));
   *count_as_error = full && considered && (p->error_kinds & LK_KIND_BIT(r.state));
}

extern "C" void lk_leak_record_suppressed(LK_Leak* lc, size_t i, int suppressed) {
   LK_ASSERT(i < lc->records.size());
   lc->records[i].suppressed = suppressed ? 1 : 0;
}

extern "C" void lk_leak_finish(LK_Leak* lc, size_t first_record) {
   lc->old_totals = lc->totals;
   LK_LeakTotals& t = lc->totals;
   for (int s = 0; s < 4; s++) t.bytes[s] = t.blocks[s] = 0;
   t.bytes_suppressed = t.blocks_suppressed = 0;
   /* Like Memcheck, records below the first one offered to the error
      manager (monitor "limited N") are not added up. */
   for (size_t i = first_record; i < lc->records.size(); i++) {
      const Record& rec = lc->records[i];
      if (rec.suppressed) {
         t.bytes_suppressed += rec.r.szB;
         t.blocks_suppressed += rec.r.n_blocks;
      } else {
         t.bytes[rec.r.state] += rec.r.szB;
         t.blocks[rec.r.state] += rec.r.n_blocks;
      }
   }
   for (int h = 0; h < LK_N_HEURISTICS; h++) {
      t.heur_bytes[h] = lc->heur_bytes[h];
      t.heur_blocks[h] = lc->heur_blocks[h];
   }
}

extern "C" const LK_LeakTotals* lk_leak_totals(const LK_Leak* lc) {
   return &lc->totals;
}

extern "C" const LK_LeakTotals* lk_leak_old_totals(const LK_Leak* lc) {
   return &lc->old_totals;
}

extern "C" void lk_leak_forget(LK_Leak* lc) {
   lc->records.clear();
   lc->rec_hash.clear();
   lc->blocks.clear();
   lc->sidx16.clear();
   lc->sidx.clear();
   lc->alloc.clear();
   lc->groups.clear();
   lc->use_groups = false;
   lc->st.clear();
   lc->ind.clear();
   lc->ind_ready = false;
   lc->records_made = false;
   lc->origins_ready = false;
}

/*--------------------------------------------------------------------*/
/*--- end                                             lk_report.cpp ---*/
/*--------------------------------------------------------------------*/
