// Heap graphs for the core's unit tests.  SPDX-License-Identifier: GPL-2.0-or-later
//
// A Heap owns real, zero-filled arenas; blocks are carved out of them at
// chosen offsets (so the tests control address order), pointer values are
// written into the blocks' memory, and search() drives the core through
// the phase protocol of lk_core.h exactly as the glue (lk_scan.c) does:
// root ranges, then register values, then the mark stack, then cliques.
// Blocks are handed to lk_leak_add_block in reverse creation order, so
// every test also exercises the core's sorting.
//
// The core reads these buffers itself (lk_leak_scan dereferences the
// addresses), so everything here is ordinary process memory.
#ifndef LK_LEAK_GRAPH_HPP
#define LK_LEAK_GRAPH_HPP

#include "lk_core.h"
#include "host_shim.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace lk_test {

// The core has no destructor for an LK_Leak.  Every one the tests make
// stays reachable from here, so LeakSanitizer does not report its tables
// (never destroyed: LeakSanitizer checks after static destructors ran).
inline std::vector<LK_Leak*>& all_leaks() {
   static std::vector<LK_Leak*>* v = new std::vector<LK_Leak*>();
   return *v;
}
inline LK_Leak* new_leak() {
   LK_Leak* lc = lk_leak_new();
   all_leaks().push_back(lc);
   return lc;
}

// Clears the shim's fake mappings and unreadable ranges at scope exit.
struct ShimReset {
   ShimReset() { clear_segments(); clear_unreadable(); }
   ~ShimReset() { clear_segments(); clear_unreadable(); }
};

// Zero-filled, page-aligned memory.
class Arena {
 public:
   explicit Arena(size_t bytes) {
      size_ = (bytes + 4095) & ~size_t(4095);
      base_ = static_cast<uint8_t*>(std::aligned_alloc(4096, size_));
      if (!base_) std::abort();
      std::memset(base_, 0, size_);
   }
   ~Arena() { std::free(base_); }
   Arena(const Arena&) = delete;
   Arena& operator=(const Arena&) = delete;
   uint64_t addr(size_t off) const { return reinterpret_cast<uint64_t>(base_ + off); }
   size_t size() const { return size_; }

 private:
   uint8_t* base_;
   size_t size_;
};

struct BlockSpec {
   uint64_t start;
   uint64_t szB;
   LK_StackId alloc_at;
   LK_StackId group;
   unsigned flags;
};

inline std::string state_name(LK_State s) {
   switch (s) {
   case LK_Reachable: return "Reachable";
   case LK_Possible: return "Possible";
   case LK_IndirectLeak: return "IndirectLeak";
   case LK_Unreached: return "Unreached";
   }
   return "?";
}

class Heap {
 public:
   explicit Heap(size_t arena_bytes = 1 << 16, LK_Leak* lc = nullptr)
      : lc_(lc ? lc : new_leak()) {
      arenas_.emplace_back(new Arena(arena_bytes));
      roots_.reset(new Arena(kMaxRoots * 8));
   }

   LK_Leak* lc() const { return lc_; }
   Arena& arena(size_t i = 0) { return *arenas_[i]; }
   size_t new_arena(size_t bytes) {
      arenas_.emplace_back(new Arena(bytes));
      return arenas_.size() - 1;
   }

   // A block of szB bytes at the next free offset of arena 0: 16-aligned,
   // with a 16-byte gap after the previous block, so a pointer just past
   // a block's end points into no block.
   uint64_t alloc(uint64_t szB, LK_StackId at = 0, unsigned flags = 0) {
      size_t off = next_off_;
      next_off_ = off + ((szB + 15) & ~uint64_t(15)) + 16;
      return alloc_at_offset(off, szB, at, flags);
   }
   // A block at a chosen offset of a chosen arena.
   uint64_t alloc_at_offset(size_t off, uint64_t szB, LK_StackId at = 0,
                            unsigned flags = 0, size_t arena_ix = 0) {
      need_room(off + szB <= arenas_[arena_ix]->size());
      uint64_t a = arenas_[arena_ix]->addr(off);
      if (at == 0) at = 0x10000 + 0x10 * (next_stack_++);
      blocks_.push_back({a, szB, at, at, flags});
      return a;
   }
   void set_group(uint64_t block, LK_StackId group) { spec(block).group = group; }
   void set_alloc_at(uint64_t block, LK_StackId at) { spec(block).alloc_at = at; }
   LK_StackId alloc_at_of(uint64_t block) { return spec(block).alloc_at; }
   // Frees a block: it no longer takes part in searches.
   void remove(uint64_t block) {
      for (size_t i = 0; i < blocks_.size(); i++)
         if (blocks_[i].start == block) { blocks_.erase(blocks_.begin() + i); return; }
      std::abort();
   }
   const std::vector<BlockSpec>& blocks() const { return blocks_; }

   // Memory writes (8-byte aligned words).
   static void poke(uint64_t addr, uint64_t value) {
      std::memcpy(reinterpret_cast<void*>(addr), &value, 8);
   }
   static uint64_t peek(uint64_t addr) {
      uint64_t v;
      std::memcpy(&v, reinterpret_cast<const void*>(addr), 8);
      return v;
   }
   // Word idx of block 'block' := value.
   static void link(uint64_t block, size_t idx, uint64_t value) { poke(block + 8 * idx, value); }

   // A word of root-set memory (scanned as one root range, in order).
   size_t root(uint64_t value) {
      need_room(n_roots_ < kMaxRoots);
      poke(roots_->addr(8 * n_roots_), value);
      return n_roots_++;
   }
   void set_root(size_t i, uint64_t value) { poke(roots_->addr(8 * i), value); }
   void clear_roots() {
      for (size_t i = 0; i < n_roots_; i++) set_root(i, 0);
      n_roots_ = 0;
   }
   uint64_t roots_begin() const { return roots_->addr(0); }
   uint64_t roots_end() const { return roots_->addr(8 * n_roots_); }
   // An extra root range, scanned after the root words (before registers).
   void root_range(uint64_t s, uint64_t e) { ranges_.push_back({s, e}); }
   // A general-purpose register value.
   void reg(uint64_t value) { regs_.push_back(value); }
   void clear_regs() { regs_.clear(); }

   // Start tags (lk_core.h) after prepare: as the test says (use_tags),
   // else for every heap when LK_UNIT_TAGS=1 is in the environment
   // (tests/run-all runs the [classify] tests both ways).  The 16 bytes
   // below a block are free in the layouts alloc() makes.
   void use_tags(bool on = true) { tags_ = on ? 1 : 0; }
   static bool tags_from_env() {
      const char* e = std::getenv("LK_UNIT_TAGS");
      return e != nullptr && e[0] == '1';
   }
   size_t n_tagged() const { return lk_leak_n_tagged(lc_); }

   // Phase 1 only: begin, add (reversed), prepare (and tags).
   size_t prepare(unsigned heuristics = 0) {
      lk_leak_begin(lc_, blocks_.size(), heuristics);
      for (size_t i = blocks_.size(); i-- > 0;) {
         const BlockSpec& b = blocks_[i];
         lk_leak_add_block(lc_, b.start, b.szB, b.alloc_at, b.group, b.flags);
      }
      size_t n = lk_leak_prepare(lc_, &bad_a, &bad_b);
      if (n != (size_t)-1 && (tags_ == 1 || (tags_ < 0 && tags_from_env()))) {
         static uint64_t key = 0x243F6A8885A308D3ull;
         key = key * 6364136223846793005ull + 1442695040888963407ull;
         if (lk_leak_tags_begin(lc_, key)) lk_leak_tags_write(lc_);
      }
      return n;
   }
   void drain() {
      LK_Addr s, e;
      while (lk_leak_pop(lc_, &s, &e)) lk_leak_scan(lc_, s, e);
   }
   // Phase 2 after prepare: roots, registers, mark stack, then cliques.
   void mark() {
      lk_leak_set_root_context(lc_);
      if (n_roots_) lk_leak_scan(lc_, roots_begin(), roots_end());
      for (auto& r : ranges_) lk_leak_scan(lc_, r.first, r.second);
      for (uint64_t v : regs_) lk_leak_root_value(lc_, v);
      drain();
   }
   void cliques() {
      lk_leak_begin_cliques(lc_);
      while (lk_leak_next_clique(lc_)) drain();
   }
   // Phases 1 and 2; returns lk_leak_prepare's result.
   size_t search(unsigned heuristics = 0) {
      size_t n = prepare(heuristics);
      if (n == (size_t)-1) return n;
      mark();
      cliques();
      return n;
   }

   // Per-block results of the last search.
   size_t index_of(uint64_t block) const {
      size_t n = lk_leak_n_blocks(lc_);
      for (size_t i = 0; i < n; i++) {
         LK_BlockResult r;
         lk_leak_block(lc_, i, &r);
         if (r.start == block) return i;
      }
      return (size_t)-1;
   }
   LK_BlockResult result(uint64_t block) const {
      size_t i = index_of(block);
      LK_BlockResult r;
      std::memset(&r, 0, sizeof r);
      if (i == (size_t)-1) {   // absent: an impossible clique index marks it
         r.state = LK_Unreached;
         r.clique = -2;
         r.record = (size_t)-1;
         return r;
      }
      lk_leak_block(lc_, i, &r);
      return r;
   }
   std::string state(uint64_t block) const {
      size_t i = index_of(block);
      if (i == (size_t)-1) return "absent";
      LK_BlockResult r;
      lk_leak_block(lc_, i, &r);
      return state_name(r.state);
   }
   LK_Heuristic heuristic(uint64_t block) const { return result(block).heuristic; }
   uint64_t indirect(uint64_t block) const { return result(block).indirect_szB; }

   LK_BlockRef bad_a{}, bad_b{};

 private:
   static constexpr size_t kMaxRoots = 4096;
   static void need_room(bool ok) { if (!ok) std::abort(); }   // a test bug: arena too small
   BlockSpec& spec(uint64_t block) {
      for (auto& b : blocks_) if (b.start == block) return b;
      std::abort();
   }

   LK_Leak* lc_;
   int tags_ = -1;   // -1: as LK_UNIT_TAGS says
   std::vector<std::unique_ptr<Arena>> arenas_;
   std::unique_ptr<Arena> roots_;
   size_t n_roots_ = 0;
   size_t next_off_ = 64;
   unsigned next_stack_ = 0;
   std::vector<BlockSpec> blocks_;
   std::vector<std::pair<uint64_t, uint64_t>> ranges_;
   std::vector<uint64_t> regs_;
};

// The n loss records of the last lk_leak_make_records, in order.
inline std::vector<LK_LossRecord> records_of(LK_Leak* lc, size_t n) {
   std::vector<LK_LossRecord> v;
   for (size_t i = 0; i < n; i++) v.push_back(*lk_leak_record(lc, i));
   return v;
}

// The Valgrind versions whose wording the tests check (lk_core.h,
// LK_VG_NEW_MARKER and LK_VG_XML_SUMMARIES): the helpers default to 3.19.
constexpr unsigned kVG319 = 319, kVG321 = 321, kVG324 = 324, kVG326 = 326,
                   kVG327 = 327;

// Formatting helpers returning std::string (buffers sized by a first call).
inline std::string fmt_record(const LK_LossRecord& r, size_t nr, size_t n, LK_Delta d,
                              unsigned vgv = kVG319) {
   size_t need = lk_fmt_loss_record(nullptr, 0, &r, nr, n, d, vgv);
   std::string s(need + 1, '\0');
   lk_fmt_loss_record(&s[0], s.size(), &r, nr, n, d, vgv);
   s.resize(need);
   return s;
}
inline std::string fmt_record_xml(const LK_LossRecord& r, size_t nr, size_t n, LK_Delta d,
                                  unsigned vgv = kVG319) {
   size_t need = lk_fmt_loss_record_xml(nullptr, 0, &r, nr, n, d, vgv);
   std::string s(need + 1, '\0');
   lk_fmt_loss_record_xml(&s[0], s.size(), &r, nr, n, d, vgv);
   s.resize(need);
   return s;
}
inline std::string fmt_summary(const LK_LeakTotals& now, const LK_LeakTotals& old,
                               const LK_LeakParams& p) {
   size_t need = lk_fmt_leak_summary(nullptr, 0, &now, &old, &p);
   std::string s(need + 1, '\0');
   lk_fmt_leak_summary(&s[0], s.size(), &now, &old, &p);
   s.resize(need);
   return s;
}
inline std::string fmt_summary_xml(const LK_LeakTotals& now, const LK_LeakTotals& old,
                                   const LK_LeakParams& p) {
   size_t need = lk_fmt_leak_summary_xml(nullptr, 0, &now, &old, &p);
   std::string s(need + 1, '\0');
   lk_fmt_leak_summary_xml(&s[0], s.size(), &now, &old, &p);
   s.resize(need);
   return s;
}

inline LK_LeakParams params(LK_LeakMode mode = LK_LeakFull,
                            unsigned show = LK_KINDS_DEFAULT,
                            unsigned errors = LK_KINDS_DEFAULT,
                            LK_Delta delta = LK_DeltaAny,
                            unsigned heuristics = LK_HEURS_ALL,
                            unsigned vgv = kVG319) {
   LK_LeakParams p;
   p.mode = mode;
   p.show_kinds = show;
   p.error_kinds = errors;
   p.heuristics = heuristics;
   p.delta = delta;
   p.max_records = UINT32_MAX;
   p.by_monitor = 0;
   p.vg_version = vgv;
   return p;
}

// Replaces "in loss record N of M" by "in loss record ... of ...", as
// Valgrind's regression-test filter does.
inline std::string filter_record_numbers(const std::string& s) {
   std::string out;
   const std::string key = " in loss record ";
   size_t pos = 0;
   for (;;) {
      size_t k = s.find(key, pos);
      if (k == std::string::npos) { out += s.substr(pos); break; }
      out += s.substr(pos, k - pos) + key + "... of ...";
      size_t e = s.find_first_of("\n<", k + key.size());
      if (e == std::string::npos) e = s.size();
      pos = e;
   }
   return out;
}

// Runs phase 3 the way the glue's print_results does (lk_scan.c, after
// Memcheck's print_results): records, the "limited N" start, print and
// count rules, suppression, totals.  Returns the printed loss-record
// lines, each followed by "   at S<alloc_at in hex>\n\n" in place of the
// stack, then the LEAK SUMMARY.  'suppress' says whether a suppression
// matches record i; 'n_errors' receives the number of counted records.
struct ReportOut {
   std::string text;
   size_t n_records = 0;
   size_t first = 0;
   unsigned n_errors = 0, n_suppressed_errors = 0;
};
template <typename Supp>
ReportOut run_report(LK_Leak* lc, const LK_LeakParams& p, Supp suppress,
                     bool with_summary = true) {
   ReportOut out;
   size_t n = lk_leak_make_records(lc);
   out.n_records = n;
   size_t start = 0;
   int print, count;
   if (p.mode == LK_LeakFull && p.max_records < n) {
      uint32_t n_printable = 0;
      for (size_t i = n; i-- > 0 && start == 0;) {
         lk_leak_record_rules(lc, i, &p, &print, &count);
         if (print && !suppress(i, *lk_leak_record(lc, i))) {
            n_printable++;
            if (n_printable == p.max_records) start = i;
         }
      }
   }
   out.first = start;
   for (size_t i = start; i < n; i++) {
      lk_leak_record_rules(lc, i, &p, &print, &count);
      const LK_LossRecord& r = *lk_leak_record(lc, i);
      bool supp = suppress(i, r);
      if (supp) {
         if (count) out.n_suppressed_errors++;
      } else {
         if (count) out.n_errors++;
         if (print) {
            out.text += fmt_record(r, i + 1, n, p.delta, p.vg_version);
            char at[40];
            std::snprintf(at, sizeof at, "   at S%llx\n\n", (unsigned long long)r.alloc_at);
            out.text += at;
         }
      }
      lk_leak_record_suppressed(lc, i, supp);
   }
   lk_leak_finish(lc, start);
   if (with_summary)
      out.text += fmt_summary(*lk_leak_totals(lc), *lk_leak_old_totals(lc), p);
   return out;
}
inline ReportOut run_report(LK_Leak* lc, const LK_LeakParams& p, bool with_summary = true) {
   return run_report(lc, p, [](size_t, const LK_LossRecord&) { return false; },
                     with_summary);
}

}  // namespace lk_test

#endif
