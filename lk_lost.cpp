/*--------------------------------------------------------------------*/
/*--- leakcheck: where the last pointer to each lost block went.   ---*/
/*---                                                   lk_lost.cpp ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   The glue (lk_origin.c) records every event that removes a heap
   pointer from memory: a store over it, the free of the block holding
   it, the stack pointer rising over it, an munmap; and, for pointers
   no such event has seen, the first return that handed one out in a
   register.  For a lost block the latest event that removed a pointer
   to it is where its last pointer went (registers are transient
   holders: a pointer that last lived in a register is described by
   the last copy in memory that died, or as never stored).  This file
   turns those events into what the report says, after the search has
   classified the blocks and made the loss records:

   1. A definitely lost block L leads a clique: L and the blocks lost
      only through it (indirectly lost).  If no block of the clique
      points to L, the origin of L is its own latest event; without
      one, the pointer was never stored in memory, and the return that
      handed it out (or, without one, the allocation itself) is named.
   2. If some block of the clique points to L, L is in a cycle of lost
      blocks.  Its own events then include the pointers inside the
      cycle, which died when the cycle was built or rearranged, before
      it was cut off; the cycle was lost when the last pointer into it
      from outside died, the latest event over the blocks of the cycle
      (those of the clique from which L can be reached).
   3. An indirectly lost block hangs on its clique's leader: its record
      names the leader's loss record.
   4. A record of definitely lost blocks names the origin of its most
      recently lost block (the largest seq) and counts the blocks that
      share it (same kind, stack and cycle); a record of indirectly lost
      blocks names the record of its most recently lost leader and counts
      the blocks hanging on that record.

   Cycles are rare and small, so step 2 reads the clique's blocks only
   when the leader is pointed to from inside, through the host's
   fault-safe read_word.
*/

#include "lk_leak.hpp"

namespace {

using lk::BlockOrigin;

/* The leader rank of the block of rank r (follows 'found from' links,
   compressing the paths it walks). */
uint32_t leader_of(lk::Vec<uint32_t>& parent, lk::Vec<uint32_t>& stack,
                   uint32_t r) {
   stack.clear();
   while (parent[r] != r) {
      stack.push_back(r);
      r = parent[r];
   }
   for (size_t k = 0; k < stack.size(); k++) parent[stack[k]] = r;
   return r;
}

struct Edge { uint32_t from, to; };   /* block indices */

int cmp_edge_to(const Edge& a, const Edge& b) {
   if (a.to != b.to) return a.to < b.to ? -1 : 1;
   return a.from < b.from ? -1 : a.from > b.from ? 1 : 0;
}

bool same_origin(const LK_RecordOrigin& a, const BlockOrigin& b) {
   return a.kind == (LK_OriginKind)b.kind && a.site == b.site
          && a.cycle == (int)b.cycle;
}

} // namespace

extern "C" void lk_leak_origins(LK_Leak* lc, LK_OriginLookup lookup,
                                void* opaque) {
   LK_ASSERT(lc->records_made);
   const size_t n = lc->blocks.size();
   const size_t n_rec = lc->records.size();
   lc->rorig.resize_uninit(n_rec);
   for (size_t r = 0; r < n_rec; r++) {
      LK_RecordOrigin& o = lc->rorig[r];
      o.kind = LK_ORIG_NONE;
      o.cycle = 0;
      o.site = 0;
      o.seq = 0;
      o.n_same = 0;
      o.n_blocks = lc->records[r].r.n_blocks;
      o.head_record = (size_t)-1;
   }
   lc->origins_ready = true;
   if (!lc->ind_ready)
      return;   /* no block was lost */
   const size_t n_unr = lc->ind.size();
   lc->borig.resize_uninit(n_unr);

   /* The clique leader of each lost block, and the index of each rank. */
   lk::Vec<uint32_t> parent, index, walk;
   parent.init("lk.origin.parent");
   index.init("lk.origin.index");
   walk.init("lk.origin.walk");
   parent.resize_uninit(n_unr);
   index.resize_uninit(n_unr);
   for (size_t i = 0; i < n; i++) {
      if (!lk::was_unreached(lc, i)) continue;
      uint32_t r = (uint32_t)lk::unr_rank_of(lc, i);
      index[r] = (uint32_t)i;
      parent[r] = lk::state_of(lc, i) == LK_IndirectLeak
                     ? (uint32_t)lk::unr_rank_of(lc, (size_t)lk::ind_of(lc, i))
                     : r;
   }
   for (uint32_t r = 0; r < n_unr; r++) {
      lc->borig[r].leader = leader_of(parent, walk, r);
      lc->borig[r].leader_index = index[lc->borig[r].leader];
   }
   /* (The arrays of this function are per lost block: each is freed as
      soon as it has served, so that fewer are there at once.) */
   parent.release();
   walk.release();

   /* Each lost block's own events: the latest removal of a pointer to it
      (mem), and for a leader the return that handed it out, which only
      step 1 reads: kept in the leader's borig until then. */
   lk::Vec<LK_OriginEvent> mem;
   mem.init("lk.origin.mem");
   mem.resize_uninit(n_unr);
   for (uint32_t r = 0; r < n_unr; r++) {
      const lk::Block& b = lc->blocks[index[r]];
      LK_OriginEvent ret;
      mem[r].seq = ret.seq = 0;
      mem[r].kind = ret.kind = LK_ORIG_NONE;
      mem[r].site = ret.site = 0;
      if (lk::state_of(lc, index[r]) == LK_IndirectLeak
          || lk::state_of(lc, index[r]) == LK_Unreached)
         lookup(opaque, b.start, b.size(), &mem[r], &ret);
      if (lc->borig[r].leader == r) {
         lc->borig[r].kind = (uint8_t)ret.kind;
         lc->borig[r].seq = ret.seq;
         lc->borig[r].site = ret.site;
      }
   }

   /* The members of each clique, grouped by leader (counting sort):
      first[L] counts up to the end of L's members, then, filled from
      the highest rank down, back to their start. */
   lk::Vec<uint32_t> first, members;
   first.init("lk.origin.first");
   members.init("lk.origin.members");
   first.resize_uninit(n_unr + 1);
   members.resize_uninit(n_unr);
   for (size_t r = 0; r <= n_unr; r++) first[r] = 0;
   for (uint32_t r = 0; r < n_unr; r++) first[lc->borig[r].leader]++;
   for (size_t r = 1; r < n_unr; r++) first[r] += first[r - 1];
   first[n_unr] = (uint32_t)n_unr;
   for (uint32_t r = (uint32_t)n_unr; r-- > 0;)
      members[--first[lc->borig[r].leader]] = r;

   /* 1, 2: the origin of each leader. */
   lk::Vec<Edge> edges;
   lk::Vec<uint32_t> queue;
   lk::Vec<uint8_t> reach;
   edges.init("lk.origin.edges");
   queue.init("lk.origin.queue");
   reach.init("lk.origin.reach");
   for (uint32_t L = 0; L < n_unr; L++) {
      BlockOrigin& o = lc->borig[L];
      o.cycle = 0;
      if (o.leader != L) continue;
      LK_OriginEvent ret;   /* kept here by the lookups above */
      ret.kind = (LK_OriginKind)o.kind;
      ret.seq = o.seq;
      ret.site = o.site;
      const size_t li = index[L];
      if (lc->blocks[li].flags() & LK_BLOCK_CUSTOM) {
         /* A custom allocator's block: its memory is the client's, the
            glue records nothing for it. */
         o.kind = LK_ORIG_NONE;
         o.seq = 0;
         o.site = 0;
         continue;
      }
      /* The pointers between the clique's blocks. */
      edges.clear();
      bool pointed = false;
      for (uint32_t k = first[L]; k < first[L + 1]; k++) {
         const lk::Block& b = lc->blocks[index[members[k]]];
         uint64_t a = (b.start + 7) & ~(uint64_t)7;
         for (; a + 8 <= b.start + b.size(); a += 8) {
            uint64_t w;
            if (!lk::g_host->read_word(a, &w)) continue;
            int64_t j = lk::find_block(lc, w);
            if (j < 0 || !lk::was_unreached(lc, (size_t)j)) continue;
            uint32_t rj = (uint32_t)lk::unr_rank_of(lc, (size_t)j);
            if (lc->borig[rj].leader != L) continue;
            Edge e = { (uint32_t)index[members[k]], (uint32_t)j };
            edges.push_back(e);
            if ((size_t)j == li) pointed = true;
         }
      }
      const LK_OriginEvent* best = nullptr;
      if (!pointed) {
         if (mem[L].kind != LK_ORIG_NONE) best = &mem[L];
      } else {
         /* The blocks from which L can be reached. */
         lk::sort(edges.begin(), edges.size(), cmp_edge_to);
         size_t nm = first[L + 1] - first[L];
         reach.resize_uninit(nm);
         for (size_t k = 0; k < nm; k++) reach[k] = 0;
         /* members[first[L] ..] are in rank order: find a block's slot
            by binary search on its rank. */
         auto slot_of = [&](uint32_t bi) -> size_t {
            uint32_t rk = (uint32_t)lk::unr_rank_of(lc, bi);
            size_t lo = first[L], hi = first[L + 1];
            while (lo < hi) {
               size_t mid = lo + (hi - lo) / 2;
               if (members[mid] < rk) lo = mid + 1; else hi = mid;
            }
            return lo - first[L];
         };
         queue.clear();
         queue.push_back((uint32_t)li);
         reach[slot_of((uint32_t)li)] = 1;
         while (!queue.empty()) {
            uint32_t to = queue.pop_back();
            /* Edges into 'to': a binary search for the first. */
            size_t lo = 0, hi = edges.size();
            while (lo < hi) {
               size_t mid = lo + (hi - lo) / 2;
               if (edges[mid].to < to) lo = mid + 1; else hi = mid;
            }
            for (; lo < edges.size() && edges[lo].to == to; lo++) {
               size_t s = slot_of(edges[lo].from);
               if (!reach[s]) {
                  reach[s] = 1;
                  queue.push_back(edges[lo].from);
               }
            }
         }
         for (size_t k = 0; k < nm; k++) {
            uint32_t rk = members[first[L] + k];
            if (reach[k] && mem[rk].kind != LK_ORIG_NONE
                && (best == nullptr || mem[rk].seq > best->seq))
               best = &mem[rk];
         }
         if (best != nullptr && best != &mem[L]) o.cycle = 1;
      }
      if (best == nullptr) {
         /* Never stored: the return that handed it out, else the
            allocation (site 0). */
         o.kind = LK_ORIG_RETURNED;
         o.seq = ret.kind != LK_ORIG_NONE ? ret.seq : 0;
         o.site = ret.kind != LK_ORIG_NONE ? ret.site : 0;
         o.cycle = 0;
      } else {
         o.kind = (uint8_t)best->kind;
         o.seq = best->seq;
         o.site = best->site;
      }
   }
   /* The indirectly lost blocks take their leader's time (for step 4). */
   for (uint32_t r = 0; r < n_unr; r++) {
      BlockOrigin& o = lc->borig[r];
      if (o.leader == r) continue;
      o.kind = lc->borig[o.leader].kind == LK_ORIG_NONE ? LK_ORIG_NONE
                                                        : LK_ORIG_INDIRECT;
      o.seq = lc->borig[o.leader].seq;
      o.site = 0;
      o.cycle = 0;
   }

   /* 4. Records. */
   for (size_t i = 0; i < n; i++) {
      if (!lk::was_unreached(lc, i)) continue;
      unsigned state = lk::state_of(lc, i);
      if (state != LK_Unreached && state != LK_IndirectLeak) continue;
      const BlockOrigin& bo = lc->borig[lk::unr_rank_of(lc, i)];
      size_t rec = lk::record_of_block(lc, i);
      size_t hr = state == LK_IndirectLeak
                     ? lk::record_of_block(lc, bo.leader_index) : (size_t)-1;
      LK_RecordOrigin& ro = lc->rorig[rec];
      if (bo.kind == LK_ORIG_NONE) continue;
      if (ro.kind == LK_ORIG_NONE || bo.seq > ro.seq) {
         ro.kind = (LK_OriginKind)bo.kind;
         ro.cycle = bo.cycle;
         ro.site = bo.site;
         ro.seq = bo.seq;
         ro.head_record = hr;
      }
   }
   /* How many blocks of each record share its origin. */
   for (size_t i = 0; i < n; i++) {
      if (!lk::was_unreached(lc, i)) continue;
      unsigned state = lk::state_of(lc, i);
      if (state != LK_Unreached && state != LK_IndirectLeak) continue;
      const BlockOrigin& bo = lc->borig[lk::unr_rank_of(lc, i)];
      LK_RecordOrigin& ro = lc->rorig[lk::record_of_block(lc, i)];
      if (bo.kind == LK_ORIG_NONE) continue;
      bool same = state == LK_IndirectLeak
                     ? lk::record_of_block(lc, bo.leader_index)
                          == ro.head_record
                     : same_origin(ro, bo);
      if (same) ro.n_same++;
   }

   edges.release();
   queue.release();
   reach.release();
   first.release();
   members.release();
   mem.release();
   index.release();
}

extern "C" const LK_RecordOrigin* lk_leak_record_origin(const LK_Leak* lc,
                                                        size_t i) {
   static const LK_RecordOrigin none = { LK_ORIG_NONE, 0, 0, 0, 0, 0,
                                         (size_t)-1 };
   if (!lc->origins_ready || i >= lc->rorig.size()) return &none;
   return &lc->rorig[i];
}

extern "C" void lk_leak_block_origin(const LK_Leak* lc, size_t i,
                                     LK_RecordOrigin* out) {
   out->kind = LK_ORIG_NONE;
   out->cycle = 0;
   out->site = 0;
   out->seq = 0;
   out->n_same = out->n_blocks = 1;
   out->head_record = (size_t)-1;
   if (!lc->origins_ready || !lc->ind_ready || i >= lc->blocks.size()
       || !lk::was_unreached(lc, i))
      return;
   unsigned state = lk::state_of(lc, i);
   if (state != LK_Unreached && state != LK_IndirectLeak) return;
   const BlockOrigin& bo = lc->borig[lk::unr_rank_of(lc, i)];
   out->kind = (LK_OriginKind)bo.kind;
   out->cycle = bo.cycle;
   out->site = bo.site;
   out->seq = bo.seq;
   if (state == LK_IndirectLeak)
      out->head_record = lk::record_of_block(lc, bo.leader_index);
}

/*--------------------------------------------------------------------*/
/*--- end                                               lk_lost.cpp ---*/
/*--------------------------------------------------------------------*/
