// A deliberately simple reference model of Memcheck's leak classification
// (mc_leakcheck.c), for randomized differential tests of the core.
// SPDX-License-Identifier: GPL-2.0-or-later
//
// It works on the same Heap as the core but shares no code with it:
// its own block lookup, reachability as two graph closures, cliques
// in address order.  No heuristics (the tests run it with heuristics off).
//
//   Reachable = closure of the roots over start-pointers whose source is a
//               root or a Reachable block;
//   Possible  = closure of the roots over any pointer, minus Reachable;
//   then, in ascending address order, each still-Unreached block leads a
//   clique: every Unreached block reachable from it through Unreached
//   blocks (start or interior pointers alike) becomes IndirectLeak and
//   adds its size, plus its own indirect bytes if it led a clique before.
#ifndef LK_REF_MODEL_HPP
#define LK_REF_MODEL_HPP

#include "leak_graph.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <tuple>

namespace lk_test {

struct RefBlock {
   uint64_t start, szB;
   LK_StackId alloc_at, group;
   LK_State state;
   uint64_t indirect;
};

class RefModel {
 public:
   // 'blocks' need not be sorted; they must not overlap.
   RefModel(std::vector<BlockSpec> blocks, std::vector<uint64_t> roots) {
      std::sort(blocks.begin(), blocks.end(),
                [](const BlockSpec& a, const BlockSpec& b) { return a.start < b.start; });
      for (auto& b : blocks)
         b_.push_back({b.start, b.szB, b.alloc_at, b.group, LK_Unreached, 0});
      std::vector<bool> reach(b_.size()), any(b_.size());
      closure(roots, true, reach);
      closure(roots, false, any);
      for (size_t i = 0; i < b_.size(); i++)
         b_[i].state = reach[i] ? LK_Reachable : any[i] ? LK_Possible : LK_Unreached;
      for (size_t i = 0; i < b_.size(); i++) {
         if (b_[i].state != LK_Unreached) continue;
         std::deque<size_t> work{i};
         while (!work.empty()) {
            size_t x = work.front();
            work.pop_front();
            for (uint64_t w : words(x)) {
               long t = find(w);
               if (t < 0 || (size_t)t == i || b_[t].state != LK_Unreached) continue;
               b_[i].indirect += b_[t].szB + b_[t].indirect;
               b_[t].indirect = 0;
               b_[t].state = LK_IndirectLeak;
               work.push_back((size_t)t);
            }
         }
      }
   }

   const std::vector<RefBlock>& blocks() const { return b_; }
   const RefBlock* block(uint64_t start) const {
      for (auto& b : b_) if (b.start == start) return &b;
      return nullptr;
   }

   // The words Memcheck's lc_scan_memory reads in a block: aligned, wholly
   // inside [start, start + szB).
   std::vector<uint64_t> words(size_t i) const {
      std::vector<uint64_t> v;
      uint64_t p = (b_[i].start + 7) & ~uint64_t(7);
      uint64_t e = (b_[i].start + b_[i].szB) & ~uint64_t(7);
      for (; p < e; p += 8) v.push_back(Heap::peek(p));
      return v;
   }
   // The last block starting at or below ptr, if ptr is inside it
   // (blocks do not overlap); zero-sized blocks cover one byte.
   long find(uint64_t ptr) const {
      auto it = std::upper_bound(b_.begin(), b_.end(), ptr,
                                 [](uint64_t p, const RefBlock& b) { return p < b.start; });
      if (it == b_.begin()) return -1;
      --it;
      uint64_t sz = it->szB ? it->szB : 1;
      return ptr - it->start < sz ? (long)(it - b_.begin()) : -1;
   }

   // Expected loss records, sorted as cmp_LossRecords, for one search
   // without history: key (state, group), alloc_at of the lowest block.
   std::vector<LK_LossRecord> records() const {
      std::map<std::pair<int, LK_StackId>, LK_LossRecord> m;
      for (auto& b : b_) {   // b_ is in address order
         auto key = std::make_pair((int)b.state, b.group);
         auto it = m.find(key);
         if (it == m.end()) {
            LK_LossRecord r{};
            r.state = b.state;
            r.alloc_at = b.alloc_at;
            it = m.emplace(key, r).first;
         }
         it->second.szB += b.szB;
         if (b.state == LK_Unreached) it->second.indirect_szB += b.indirect;
         it->second.n_blocks++;
      }
      std::vector<LK_LossRecord> v;
      for (auto& kv : m) v.push_back(kv.second);
      std::sort(v.begin(), v.end(), [](const LK_LossRecord& a, const LK_LossRecord& b) {
         return std::make_tuple(a.szB + a.indirect_szB, (int)a.state, a.n_blocks, a.alloc_at)
              < std::make_tuple(b.szB + b.indirect_szB, (int)b.state, b.n_blocks, b.alloc_at);
      });
      return v;
   }

 private:
   void closure(const std::vector<uint64_t>& roots, bool start_only, std::vector<bool>& in) {
      std::deque<size_t> work;
      auto visit = [&](uint64_t w) {
         long t = find(w);
         if (t < 0 || in[t]) return;
         if (start_only && w != b_[t].start) return;
         in[t] = true;
         work.push_back((size_t)t);
      };
      for (uint64_t r : roots) visit(r);
      while (!work.empty()) {
         size_t x = work.front();
         work.pop_front();
         for (uint64_t w : words(x)) visit(w);
      }
   }

   std::vector<RefBlock> b_;
};

}  // namespace lk_test

#endif
