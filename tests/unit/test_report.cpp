// [aggregate]: loss records, their order, printing rules, deltas, totals
// (Memcheck 3.19 print_results, cmp_LossRecords and get_printing_rules in
// mc_leakcheck.c; docs/design.md, "The leak search").
// SPDX-License-Identifier: GPL-2.0-or-later

#include "lk_catch.hpp"

#include "leak_graph.hpp"

#include <map>

using namespace lk_test;

namespace {

std::string rec_str(const LK_LossRecord& r) {
   return state_name(r.state) + " " + std::to_string(r.szB) + "+" +
          std::to_string(r.indirect_szB) + "/" + std::to_string(r.n_blocks) +
          " @" + std::to_string(r.alloc_at);
}

std::vector<std::string> record_list(LK_Leak* lc, size_t n) {
   std::vector<std::string> v;
   for (auto& r : records_of(lc, n)) v.push_back(rec_str(r));
   return v;
}

}  // namespace

/*------------------------------------------------------------*/
/*--- Grouping                                              ---*/
/*------------------------------------------------------------*/

TEST_CASE("blocks are grouped by (state, group); a record takes the lowest block's alloc_at", "[aggregate]") {
   Heap h;
   const LK_StackId G = 0x999;
   // Address order A < B < C, but alloc_at order B < C < A: the record must
   // carry A's (the lowest-addressed block's), not the smallest handle.
   uint64_t a = h.alloc_at_offset(0x100, 10, 0xA3);
   uint64_t b = h.alloc_at_offset(0x200, 20, 0xA1);
   uint64_t c = h.alloc_at_offset(0x300, 30, 0xA2);
   uint64_t r = h.alloc_at_offset(0x400, 40, 0xA4);   // same group, reachable
   uint64_t o = h.alloc_at_offset(0x500, 50, 0xA5);   // another group, lost
   for (uint64_t x : {a, b, c, r}) h.set_group(x, G);
   h.root(r);
   h.search();
   size_t n = lk_leak_make_records(h.lc());
   REQUIRE(n == 3);
   CHECK(record_list(h.lc(), n) == std::vector<std::string>{
      "Reachable 40+0/1 @" + std::to_string(0xA4),
      "Unreached 50+0/1 @" + std::to_string(0xA5),
      "Unreached 60+0/3 @" + std::to_string(0xA3),
   });
   // Each block knows its record.
   CHECK(h.result(a).record == 2);
   CHECK(h.result(b).record == 2);
   CHECK(h.result(c).record == 2);
   CHECK(h.result(r).record == 0);
   CHECK(h.result(o).record == 1);
}

TEST_CASE("only definitely-lost records carry indirect bytes: the sum of their leaders'", "[aggregate]") {
   Heap h;
   const LK_StackId G = 0x77;
   uint64_t l1 = h.alloc(16, 0x71), l2 = h.alloc(16, 0x72);
   uint64_t k1 = h.alloc(8, 0x73), k2 = h.alloc(24, 0x74);
   Heap::link(l1, 0, k1);
   Heap::link(l2, 0, k2);
   for (uint64_t x : {l1, l2, k1, k2}) h.set_group(x, G);
   h.search();
   size_t n = lk_leak_make_records(h.lc());
   CHECK(record_list(h.lc(), n) == std::vector<std::string>{
      "IndirectLeak 32+0/2 @" + std::to_string(0x73),
      "Unreached 32+32/2 @" + std::to_string(0x71),
   });
}

/*------------------------------------------------------------*/
/*--- Order and numbering (cmp_LossRecords)                 ---*/
/*------------------------------------------------------------*/

namespace {

// Ten records covering every tie-break of cmp_LossRecords.
struct SortHeap {
   Heap h;
   SortHeap() {
      uint64_t r8 = h.alloc(8, 0x10);
      uint64_t g = h.alloc(48, 0x30);
      uint64_t a = h.alloc(48, 0x50);
      uint64_t b = h.alloc(48, 0x40);
      uint64_t f1 = h.alloc(24, 0x60), f2 = h.alloc(24, 0x61);
      h.set_group(f2, 0x60);
      uint64_t L = h.alloc(16, 0x70), c = h.alloc(48, 0x80);
      uint64_t M = h.alloc(16, 0x90), N = h.alloc(32, 0xA0);
      uint64_t e1 = h.alloc(24, 0xB0), e2 = h.alloc(24, 0xB1);
      h.set_group(e2, 0xB0);
      Heap::link(L, 0, c);
      Heap::link(M, 0, N);
      (void)e1;
      for (uint64_t x : {r8, g, a}) h.root(x);
      for (uint64_t x : {b, f1, f2}) h.root(x + 8);
      REQUIRE(h.search() == 12);
   }
};

const std::vector<std::string> kSorted = {
   "Reachable 8+0/1 @16",        // smallest total
   "IndirectLeak 32+0/1 @160",
   "Reachable 48+0/1 @48",       // 48: reachable < possible < indirect < definite
   "Reachable 48+0/1 @80",       //     same state and count: alloc_at
   "Possible 48+0/1 @64",        //     same state: fewer blocks first
   "Possible 48+0/2 @96",
   "IndirectLeak 48+0/1 @128",
   "Unreached 16+32/1 @144",     //     total = direct + indirect
   "Unreached 48+0/2 @176",
   "Unreached 16+48/1 @112",
};

}  // namespace

TEST_CASE("records are sorted as cmp_LossRecords: total, state, block count, alloc_at", "[aggregate]") {
   SortHeap s;
   size_t n = lk_leak_make_records(s.h.lc());
   REQUIRE(n == 10);
   CHECK(record_list(s.h.lc(), n) == kSorted);
   // Every block's record index points at a record of its state and group.
   for (auto& b : s.h.blocks()) {
      LK_BlockResult r = s.h.result(b.start);
      REQUIRE(r.record < n);
      const LK_LossRecord* lr = lk_leak_record(s.h.lc(), r.record);
      CHECK(lr->state == r.state);
      CHECK((lr->alloc_at == b.group));
   }
}

TEST_CASE("records are numbered 1..n over all kinds, shown or not", "[aggregate]") {
   SortHeap s;
   ReportOut out = run_report(s.h.lc(), params(), false);
   // Default kinds: only possible and definite records are printed, with
   // their numbers among all ten.
   CHECK(out.text ==
         "48 bytes in 1 blocks are possibly lost in loss record 5 of 10\n   at S40\n\n"
         "48 bytes in 2 blocks are possibly lost in loss record 6 of 10\n   at S60\n\n"
         "48 (16 direct, 32 indirect) bytes in 1 blocks are definitely lost in loss record 8 of 10\n   at S90\n\n"
         "48 bytes in 2 blocks are definitely lost in loss record 9 of 10\n   at Sb0\n\n"
         "64 (16 direct, 48 indirect) bytes in 1 blocks are definitely lost in loss record 10 of 10\n   at S70\n\n");
   CHECK(out.n_errors == 5);
}

/*------------------------------------------------------------*/
/*--- Printing rules                                        ---*/
/*------------------------------------------------------------*/

TEST_CASE("print and error flags follow mode, kinds and delta (get_printing_rules)", "[aggregate]") {
   SortHeap s;
   size_t n = lk_leak_make_records(s.h.lc());
   for (int mode = LK_LeakOff; mode <= LK_LeakFull; mode++) {
      for (unsigned show = 0; show < 16; show++) {
         for (unsigned err = 0; err < 16; err++) {
            LK_LeakParams p = params((LK_LeakMode)mode, show, err);
            for (size_t i = 0; i < n; i++) {
               int print = -1, count = -1;
               lk_leak_record_rules(s.h.lc(), i, &p, &print, &count);
               unsigned bit = LK_KIND_BIT(lk_leak_record(s.h.lc(), i)->state);
               bool full = mode == LK_LeakFull;
               if (bool(print) != (full && (show & bit)) || bool(count) != (full && (err & bit))) {
                  FAIL("mode " << mode << " show " << show << " errors " << err << " record " << i
                       << ": print " << print << " count " << count);
               }
            }
         }
      }
   }
   SUCCEED();
}

TEST_CASE("printing is independent of counting (leak-autofreepool-4)", "[aggregate]") {
   // --show-possibly-lost=no: possible records are not printed, yet counted.
   SortHeap s;
   LK_LeakParams p = params(LK_LeakFull, LK_KIND_BIT(LK_Unreached), LK_KINDS_DEFAULT);
   ReportOut out = run_report(s.h.lc(), p, false);
   CHECK(out.text.find("possibly") == std::string::npos);
   CHECK(out.n_errors == 5);
}

TEST_CASE("summary mode prints and counts nothing, but still totals everything", "[aggregate]") {
   SortHeap s;
   LK_LeakParams p = params(LK_LeakSummary, LK_KINDS_ALL, LK_KINDS_ALL);
   ReportOut out = run_report(s.h.lc(), p, false);
   CHECK(out.text.empty());
   CHECK(out.n_errors == 0);
   const LK_LeakTotals& t = *lk_leak_totals(s.h.lc());
   CHECK(t.bytes[LK_Reachable] == 8 + 48 + 48);
   CHECK(t.blocks[LK_Reachable] == 3);
   CHECK(t.bytes[LK_Possible] == 96);
   CHECK(t.blocks[LK_Possible] == 3);
   CHECK(t.bytes[LK_IndirectLeak] == 80);
   CHECK(t.blocks[LK_IndirectLeak] == 2);
   CHECK(t.bytes[LK_Unreached] == 16 + 48 + 16);   // direct bytes only
   CHECK(t.blocks[LK_Unreached] == 4);
}

/*------------------------------------------------------------*/
/*--- Suppression and "limited N"                           ---*/
/*------------------------------------------------------------*/

TEST_CASE("suppressed records move their direct bytes to the suppressed totals", "[aggregate]") {
   SortHeap s;
   // Suppress record 8 (16 direct + 32 indirect, definite) and record 2
   // (the indirect one of 32 bytes).
   auto supp = [](size_t i, const LK_LossRecord&) { return i == 7 || i == 1; };
   ReportOut out = run_report(s.h.lc(), params(), supp, false);
   const LK_LeakTotals& t = *lk_leak_totals(s.h.lc());
   CHECK(t.bytes_suppressed == 16 + 32);
   CHECK(t.blocks_suppressed == 2);
   CHECK(t.bytes[LK_Unreached] == 48 + 16);
   CHECK(t.blocks[LK_Unreached] == 3);
   CHECK(t.bytes[LK_IndirectLeak] == 48);
   CHECK(t.blocks[LK_IndirectLeak] == 1);
   CHECK(out.text.find("loss record 8 of 10") == std::string::npos);
   CHECK(out.n_errors == 4);
   CHECK(out.n_suppressed_errors == 1);

   SECTION("the next search starts unsuppressed") {
      s.h.search();
      run_report(s.h.lc(), params(), false);
      const LK_LeakTotals& t2 = *lk_leak_totals(s.h.lc());
      CHECK(t2.bytes_suppressed == 0);
      CHECK(t2.blocks_suppressed == 0);
      CHECK(t2.bytes[LK_Unreached] == 80);
      CHECK(lk_leak_old_totals(s.h.lc())->bytes_suppressed == 48);
   }
   SECTION("suppression is decided afresh: an unmarked record is not suppressed") {
      s.h.search();
      REQUIRE(lk_leak_make_records(s.h.lc()) == 10);
      lk_leak_finish(s.h.lc(), 0);
      CHECK(lk_leak_totals(s.h.lc())->bytes_suppressed == 0);
      CHECK(lk_leak_totals(s.h.lc())->bytes[LK_Unreached] == 80);
   }
}

TEST_CASE("records below first_record are left out of the totals", "[aggregate]") {
   SortHeap s;
   lk_leak_make_records(s.h.lc());
   lk_leak_finish(s.h.lc(), 3);   // skip R8, I32 and the first R48
   const LK_LeakTotals& t = *lk_leak_totals(s.h.lc());
   CHECK(t.bytes[LK_Reachable] == 48);
   CHECK(t.blocks[LK_Reachable] == 1);
   CHECK(t.bytes[LK_IndirectLeak] == 48);
   CHECK(t.bytes[LK_Possible] == 96);
   CHECK(t.bytes[LK_Unreached] == 80);
}

TEST_CASE("monitor 'limited N': the N largest printable records, and only their totals", "[aggregate]") {
   SortHeap s;
   LK_LeakParams p = params();
   p.max_records = 3;
   ReportOut out = run_report(s.h.lc(), p, false);
   CHECK(out.first == 7);
   CHECK(out.text ==
         "48 (16 direct, 32 indirect) bytes in 1 blocks are definitely lost in loss record 8 of 10\n   at S90\n\n"
         "48 bytes in 2 blocks are definitely lost in loss record 9 of 10\n   at Sb0\n\n"
         "64 (16 direct, 48 indirect) bytes in 1 blocks are definitely lost in loss record 10 of 10\n   at S70\n\n");
   const LK_LeakTotals& t = *lk_leak_totals(s.h.lc());
   CHECK(t.bytes[LK_Unreached] == 80);
   CHECK(t.blocks[LK_Unreached] == 4);
   CHECK(t.bytes[LK_Reachable] == 0);
   CHECK(t.bytes[LK_Possible] == 0);
   CHECK(t.bytes[LK_IndirectLeak] == 0);
}

/*------------------------------------------------------------*/
/*--- Heuristic totals                                      ---*/
/*------------------------------------------------------------*/

TEST_CASE("heuristic totals count tagged blocks whatever their state", "[aggregate]") {
   Heap h;
   // A std::string rep reached only from a possibly-lost block: tagged
   // stdstring, yet Possible (Memcheck counts it under the heuristic).
   uint64_t str = h.alloc(32);
   Heap::link(str, 0, 5);
   Heap::link(str, 1, 7);
   uint64_t p = h.alloc(32);
   Heap::link(p, 0, str + 24);
   h.root(p + 16);
   // A new[] array reached by its cookie-skipping pointer: Reachable.
   uint64_t arr = h.alloc(56);
   Heap::link(arr, 0, 3);
   h.root(arr + 8);
   // A second array reached the same way, then by its start: no tag.
   uint64_t arr2 = h.alloc(56);
   Heap::link(arr2, 0, 3);
   h.root(arr2 + 8);
   h.root(arr2);
   h.search(LK_HEURS_ALL);
   REQUIRE(h.state(str) == "Possible");
   REQUIRE(h.state(arr) == "Reachable");
   run_report(h.lc(), params(), false);
   const LK_LeakTotals& t = *lk_leak_totals(h.lc());
   CHECK(t.heur_blocks[LK_HeurStdString] == 1);
   CHECK(t.heur_bytes[LK_HeurStdString] == 32);
   CHECK(t.heur_blocks[LK_HeurNewArray] == 1);
   CHECK(t.heur_bytes[LK_HeurNewArray] == 56);
   CHECK(t.heur_blocks[LK_HeurLength64] == 0);
   CHECK(t.heur_blocks[LK_HeurMultipleInheritance] == 0);
   CHECK(t.heur_blocks[LK_HeurNone] == 0);
   CHECK(t.bytes[LK_Possible] == 64);

   SECTION("a search with heuristics off moves them to the old totals") {
      h.search(0);
      run_report(h.lc(), params(), false);
      const LK_LeakTotals& t2 = *lk_leak_totals(h.lc());
      const LK_LeakTotals& o2 = *lk_leak_old_totals(h.lc());
      CHECK(t2.heur_blocks[LK_HeurStdString] == 0);
      CHECK(t2.heur_blocks[LK_HeurNewArray] == 0);
      CHECK(o2.heur_blocks[LK_HeurNewArray] == 1);
      CHECK(o2.heur_bytes[LK_HeurStdString] == 32);
      CHECK(t2.bytes[LK_Possible] == 32 + 32 + 56);
   }
}

/*------------------------------------------------------------*/
/*--- Delta searches                                        ---*/
/*------------------------------------------------------------*/

TEST_CASE("leak-delta: the record history of leak-delta.c", "[aggregate][delta]") {
   // leak-delta.c with -q --leak-check=yes --show-reachable=yes; stacks:
   // S14 for b10, S23 for b21, S28 for both of b32_33 (one malloc site).
   Heap h;
   LK_LeakParams any = params(LK_LeakFull, LK_KINDS_ALL, LK_KINDS_DEFAULT, LK_DeltaAny);
   LK_LeakParams added = any, changed = any;
   added.delta = LK_DeltaIncreased;
   changed.delta = LK_DeltaChanged;
   auto step = [&](const LK_LeakParams& p) {
      h.search(LK_HEURS_ALL);
      return filter_record_numbers(run_report(h.lc(), p, false).text);
   };
   uint64_t b10 = h.alloc(10, 0x14);
   size_t r10 = h.root(b10);
   CHECK(step(any) == "10 bytes in 1 blocks are still reachable in loss record ... of ...\n   at S14\n\n");
   CHECK(step(added) == "");
   h.set_root(r10, b10 - 1);   // b10--: lose b10
   uint64_t b21 = h.alloc(21, 0x23);
   h.root(b21);
   {
      h.search(LK_HEURS_ALL);
      ReportOut out = run_report(h.lc(), added, false);
      CHECK(out.text ==
            "10 (+10) bytes in 1 (+1) blocks are definitely lost in loss record 2 of 3\n   at S14\n\n"
            "21 (+21) bytes in 1 (+1) blocks are still reachable in loss record 3 of 3\n   at S23\n\n");
   }
   uint64_t b32 = h.alloc(32, 0x28), b33 = h.alloc(33, 0x28);
   size_t r32 = h.root(b32);
   h.root(b33);
   CHECK(step(added) == "65 (+65) bytes in 2 (+2) blocks are still reachable in loss record ... of ...\n   at S28\n\n");
   CHECK(step(added) == "");
   h.set_root(r10, b10);       // b10++
   CHECK(step(added) == "10 (+10) bytes in 1 (+1) blocks are still reachable in loss record ... of ...\n   at S14\n\n");
   h.set_root(r10, b10 - 1);   // b10--
   CHECK(step(changed) ==
         "0 (-10) bytes in 0 (-1) blocks are still reachable in loss record ... of ...\n   at S14\n\n"
         "10 (+10) bytes in 1 (+1) blocks are definitely lost in loss record ... of ...\n   at S14\n\n");
   CHECK(fmt_summary(*lk_leak_totals(h.lc()), *lk_leak_old_totals(h.lc()), changed) ==
         "LEAK SUMMARY:\n"
         "   definitely lost: 10 (+10) bytes in 1 (+1) blocks\n"
         "   indirectly lost: 0 (+0) bytes in 0 (+0) blocks\n"
         "     possibly lost: 0 (+0) bytes in 0 (+0) blocks\n"
         "   still reachable: 86 (-10) bytes in 3 (-1) blocks\n"
         "        suppressed: 0 (+0) bytes in 0 (+0) blocks\n"
         "\n");
   h.set_root(r10, b10);       // b10++
   CHECK(step(changed) ==
         "0 (-10) bytes in 0 (-1) blocks are definitely lost in loss record ... of ...\n   at S14\n\n"
         "10 (+10) bytes in 1 (+1) blocks are still reachable in loss record ... of ...\n   at S14\n\n");
   h.set_root(r32, b32 - 1);   // b32_33[0]--
   CHECK(step(changed) ==
         "32 (+32) bytes in 1 (+1) blocks are definitely lost in loss record ... of ...\n   at S28\n\n"
         "33 (-32) bytes in 1 (-1) blocks are still reachable in loss record ... of ...\n   at S28\n\n");
   // The exit search (delta "any").
   CHECK(step(any) ==
         "10 bytes in 1 blocks are still reachable in loss record ... of ...\n   at S14\n\n"
         "21 bytes in 1 blocks are still reachable in loss record ... of ...\n   at S23\n\n"
         "32 bytes in 1 blocks are definitely lost in loss record ... of ...\n   at S28\n\n"
         "33 bytes in 1 blocks are still reachable in loss record ... of ...\n   at S28\n\n");
   const LK_LeakTotals& t = *lk_leak_totals(h.lc());
   CHECK(t.bytes[LK_Unreached] + t.bytes[LK_IndirectLeak] == 32);
   CHECK(t.blocks[LK_Unreached] + t.blocks[LK_IndirectLeak] == 1);
   CHECK(t.bytes[LK_Reachable] == 64);
   CHECK(t.blocks[LK_Reachable] == 3);
}

TEST_CASE("a record with no blocks is kept for one more search, then dropped", "[aggregate][delta]") {
   Heap h;
   uint64_t x = h.alloc(10, 0x5);
   size_t r = h.root(x);
   h.search();
   REQUIRE(lk_leak_make_records(h.lc()) == 1);
   lk_leak_finish(h.lc(), 0);
   h.set_root(r, 0);   // lose it
   h.search();
   size_t n = lk_leak_make_records(h.lc());
   REQUIRE(n == 2);
   const LK_LossRecord* gone = lk_leak_record(h.lc(), 0);
   CHECK(gone->state == LK_Reachable);
   CHECK(gone->n_blocks == 0);
   CHECK(gone->szB == 0);
   CHECK(gone->old_n_blocks == 1);
   CHECK(gone->old_szB == 10);
   int print, count;
   LK_LeakParams p = params(LK_LeakFull, LK_KINDS_ALL, LK_KINDS_ALL, LK_DeltaAny);
   lk_leak_record_rules(h.lc(), 0, &p, &print, &count);
   CHECK(print == 0);   // "any" considers records with blocks only
   CHECK(count == 0);
   p.delta = LK_DeltaChanged;
   lk_leak_record_rules(h.lc(), 0, &p, &print, &count);
   CHECK(print == 1);
   CHECK(count == 1);
   lk_leak_finish(h.lc(), 0);
   h.search();
   n = lk_leak_make_records(h.lc());
   REQUIRE(n == 1);
   CHECK(lk_leak_record(h.lc(), 0)->state == LK_Unreached);
   CHECK(lk_leak_record(h.lc(), 0)->old_n_blocks == 1);
   CHECK(lk_leak_record(h.lc(), 0)->old_szB == 10);
}

TEST_CASE("delta rules: increased, changed and new", "[aggregate][delta]") {
   // One record per situation, from a first and a second search.
   Heap h;
   uint64_t same = h.alloc(8, 0x1);                       // unchanged
   uint64_t grow1 = h.alloc(8, 0x2);                      // gains a block
   uint64_t shrink1 = h.alloc(8, 0x3), shrink2 = h.alloc(8, 0x3);   // loses one
   uint64_t gone = h.alloc(8, 0x4);                       // freed
   uint64_t ind_leader = h.alloc(16, 0x5), ind_child = h.alloc(8, 0x6);   // indirect grows
   Heap::link(ind_leader, 0, ind_child);
   uint64_t z1 = h.alloc(0, 0x8);                         // zero-sized: gains a block, no bytes
   for (uint64_t x : {same, grow1, shrink1, shrink2, gone, z1}) h.root(x);
   h.search();
   lk_leak_make_records(h.lc());
   lk_leak_finish(h.lc(), 0);

   h.remove(gone);
   h.remove(shrink2);
   uint64_t grow2 = h.alloc(8, 0x2);
   h.root(grow2);
   uint64_t ind_child2 = h.alloc(16, 0x6);
   Heap::link(ind_leader, 1, ind_child2);
   uint64_t fresh = h.alloc(8, 0x7);
   h.root(fresh);
   h.root(h.alloc(0, 0x8));
   h.search();
   size_t n = lk_leak_make_records(h.lc());

   std::map<LK_StackId, size_t> idx;   // the reachable or definite record of each stack
   for (size_t i = 0; i < n; i++) {
      const LK_LossRecord* r = lk_leak_record(h.lc(), i);
      if (r->state != LK_IndirectLeak) idx[r->alloc_at] = i;
   }
   REQUIRE(idx.size() == 7);
   auto considered = [&](LK_StackId at, LK_Delta d) {
      LK_LeakParams p = params(LK_LeakFull, LK_KINDS_ALL, LK_KINDS_ALL, d);
      int print, count;
      lk_leak_record_rules(h.lc(), idx.at(at), &p, &print, &count);
      CHECK(print == count);
      return print;
   };
   //          stack  any increased changed new
   struct { LK_StackId at; int any, inc, chg, nw; } want[] = {
      {0x1, 1, 0, 0, 0},   // same
      {0x2, 1, 1, 1, 0},   // grew
      {0x3, 1, 0, 1, 0},   // shrank
      {0x4, 0, 0, 1, 0},   // gone (0 blocks, kept one search)
      {0x5, 1, 1, 1, 0},   // indirect bytes grew, direct did not
      {0x7, 1, 1, 1, 1},   // new
      {0x8, 1, 1, 1, 0},   // one more block, same bytes (0)
   };
   for (auto& w : want) {
      INFO("stack " << w.at);
      CHECK(considered(w.at, LK_DeltaAny) == w.any);
      CHECK(considered(w.at, LK_DeltaIncreased) == w.inc);
      CHECK(considered(w.at, LK_DeltaChanged) == w.chg);
      CHECK(considered(w.at, LK_DeltaNew) == w.nw);
   }
   const LK_LossRecord* lead = lk_leak_record(h.lc(), idx.at(0x5));
   CHECK(lead->szB == 16);
   CHECK(lead->old_szB == 16);
   CHECK(lead->indirect_szB == 24);
   CHECK(lead->old_indirect_szB == 8);
}

TEST_CASE("a record keeps the alloc_at it was created with", "[aggregate][delta]") {
   const LK_StackId G = 0x40;
   Heap h;
   uint64_t high = h.alloc_at_offset(0x800, 16, 0xB);
   h.set_group(high, G);
   h.root(high);
   h.search();
   lk_leak_make_records(h.lc());
   lk_leak_finish(h.lc(), 0);
   uint64_t low = h.alloc_at_offset(0x100, 16, 0xA);
   h.set_group(low, G);
   h.root(low);
   h.search();
   REQUIRE(lk_leak_make_records(h.lc()) == 1);
   CHECK(lk_leak_record(h.lc(), 0)->alloc_at == 0xB);
   CHECK(lk_leak_record(h.lc(), 0)->n_blocks == 2);
   // A fresh history takes the lowest block's.
   Heap fresh;
   uint64_t f1 = fresh.alloc_at_offset(0x800, 16, 0xB);
   uint64_t f2 = fresh.alloc_at_offset(0x100, 16, 0xA);
   fresh.set_group(f1, G);
   fresh.set_group(f2, G);
   fresh.search();
   REQUIRE(lk_leak_make_records(fresh.lc()) == 1);
   CHECK(lk_leak_record(fresh.lc(), 0)->alloc_at == 0xA);
}

TEST_CASE("totals are zero before any search; old totals are the previous search's", "[aggregate][delta]") {
   LK_Leak* lc = new_leak();
   const LK_LeakTotals& t = *lk_leak_totals(lc);
   const LK_LeakTotals& o = *lk_leak_old_totals(lc);
   for (int s = 0; s < 4; s++) {
      CHECK(t.bytes[s] == 0);
      CHECK(t.blocks[s] == 0);
      CHECK(o.bytes[s] == 0);
   }
   CHECK(t.bytes_suppressed == 0);
   Heap h(1 << 16, lc);
   uint64_t a = h.alloc(100);
   h.search();
   run_report(lc, params(), false);
   CHECK(t.bytes[LK_Unreached] == 100);
   CHECK(o.bytes[LK_Unreached] == 0);
   h.root(a);
   h.search();
   run_report(lc, params(), false);
   CHECK(t.bytes[LK_Unreached] == 0);
   CHECK(t.bytes[LK_Reachable] == 100);
   CHECK(o.bytes[LK_Unreached] == 100);
   CHECK(o.bytes[LK_Reachable] == 0);
}

TEST_CASE("lk_leak_forget: a search with no blocks forgets the records, not the totals", "[aggregate][delta]") {
   Heap h;
   uint64_t a = h.alloc(10, 0x14);
   h.search();
   run_report(h.lc(), params(), false);
   REQUIRE(lk_leak_totals(h.lc())->bytes[LK_Unreached] == 10);

   // "All heap blocks were freed": the glue forgets and prints nothing else.
   h.remove(a);
   REQUIRE(h.prepare() == 0);
   lk_leak_forget(h.lc());
   CHECK(lk_leak_n_blocks(h.lc()) == 0);
   CHECK(lk_leak_totals(h.lc())->bytes[LK_Unreached] == 10);

   // The same leak again, in an "increased" search: its record is new, so
   // it shows (+10); Memcheck's summary deltas still compare with the
   // counts of the last search that printed results.
   h.alloc(10, 0x14);
   h.search();
   LK_LeakParams p = params(LK_LeakFull, LK_KINDS_DEFAULT, LK_KINDS_DEFAULT, LK_DeltaIncreased);
   ReportOut out = run_report(h.lc(), p);
   CHECK(out.n_records == 1);
   CHECK(out.text ==
         "10 (+10) bytes in 1 (+1) blocks are definitely lost in loss record 1 of 1\n   at S14\n\n"
         "LEAK SUMMARY:\n"
         "   definitely lost: 10 (+0) bytes in 1 (+0) blocks\n"
         "   indirectly lost: 0 (+0) bytes in 0 (+0) blocks\n"
         "     possibly lost: 0 (+0) bytes in 0 (+0) blocks\n"
         "   still reachable: 0 (+0) bytes in 0 (+0) blocks\n"
         "        suppressed: 0 (+0) bytes in 0 (+0) blocks\n"
         "\n");
}
