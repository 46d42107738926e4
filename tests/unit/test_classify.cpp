// [classify]: how the core marks heap blocks (Memcheck 3.19 mc_leakcheck.c).
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Every test builds a real heap graph (leak_graph.hpp), runs the search
// through the lk_core.h phase protocol and checks the per-block results.
// Expected states come from Memcheck's rules (Memcheck's manual, "Memory
// leak detection"; memcheck/tests/leak-cases.c, leak-cycle.c, leak-tree.c
// in Valgrind's source; docs/design.md, "The leak search"), never from
// the core's own output.

#include "lk_catch.hpp"

#include "leak_graph.hpp"
#include "ref_model.hpp"
#include "lk_leak.hpp"

#include <algorithm>
#include <csetjmp>
#include <csignal>
#include <map>
#include <random>
#include <sys/mman.h>
#include <unistd.h>

using namespace lk_test;

namespace {

const unsigned kHeurSets[] = {0u, (unsigned)LK_HEURS_ALL};

// mk(next) of leak-cases.c: a 16-byte node whose first word is 'next'.
uint64_t mk(Heap& h, uint64_t next) {
   uint64_t b = h.alloc(16);
   Heap::link(b, 0, next);
   return b;
}

}  // namespace

/*------------------------------------------------------------*/
/*--- The nine pointer-chain cases of leak-cases.c          ---*/
/*------------------------------------------------------------*/

// Numbering of leak-cases.c (p1..p9).  '->' start-pointer, '-?->' interior.
// With the default heuristics (all) none of these interior pointers
// matches a heuristic, so both sets must give the same answer.

TEST_CASE("leak-cases p1: root -> A: A still reachable", "[classify]") {
   for (unsigned heur : kHeurSets) {
      Heap h;
      uint64_t a = mk(h, 0);
      h.root(a);
      REQUIRE(h.search(heur) == 1);
      CHECK(h.state(a) == "Reachable");
      CHECK(h.indirect(a) == 0);
      CHECK(h.result(a).clique == -1);
   }
}

TEST_CASE("leak-cases p2: root -> A -> B: both still reachable", "[classify]") {
   for (unsigned heur : kHeurSets) {
      Heap h;
      uint64_t b = mk(h, 0);
      uint64_t a = mk(h, b);
      h.root(a);
      REQUIRE(h.search(heur) == 2);
      CHECK(h.state(a) == "Reachable");
      CHECK(h.state(b) == "Reachable");
   }
}

TEST_CASE("leak-cases p3: A alone: definitely lost, no indirect bytes", "[classify]") {
   for (unsigned heur : kHeurSets) {
      Heap h;
      uint64_t a = mk(h, 0);
      h.search(heur);
      CHECK(h.state(a) == "Unreached");
      CHECK(h.indirect(a) == 0);
   }
}

TEST_CASE("leak-cases p4: A -> B without a root: A leads, B indirectly lost", "[classify]") {
   for (unsigned heur : kHeurSets) {
      Heap h;
      uint64_t b = mk(h, 0);
      uint64_t a = mk(h, b);
      h.search(heur);
      CHECK(h.state(a) == "Unreached");
      CHECK(h.indirect(a) == 16);
      CHECK(h.state(b) == "IndirectLeak");
      CHECK(h.result(b).clique == (int64_t)h.index_of(a));
      CHECK(h.result(b).indirect_szB == 0);
   }
}

TEST_CASE("leak-cases p5: root -?-> A: possibly lost", "[classify]") {
   for (unsigned heur : kHeurSets) {
      Heap h;
      uint64_t a = mk(h, 0);
      h.root(a + 8);
      h.search(heur);
      CHECK(h.state(a) == "Possible");
      CHECK(h.indirect(a) == 0);
   }
}

TEST_CASE("leak-cases p6: root -> A -?-> B: A reachable, B possibly lost", "[classify]") {
   for (unsigned heur : kHeurSets) {
      Heap h;
      uint64_t b = mk(h, 0);
      uint64_t a = mk(h, b + 8);
      h.root(a);
      h.search(heur);
      CHECK(h.state(a) == "Reachable");
      CHECK(h.state(b) == "Possible");
   }
}

TEST_CASE("leak-cases p7: root -?-> A -> B: both possibly lost", "[classify]") {
   for (unsigned heur : kHeurSets) {
      Heap h;
      uint64_t b = mk(h, 0);
      uint64_t a = mk(h, b);
      h.root(a + 8);
      h.search(heur);
      CHECK(h.state(a) == "Possible");
      CHECK(h.state(b) == "Possible");
   }
}

TEST_CASE("leak-cases p8: root -?-> A -?-> B: both possibly lost", "[classify]") {
   for (unsigned heur : kHeurSets) {
      Heap h;
      uint64_t b = mk(h, 0);
      uint64_t a = mk(h, b + 8);
      h.root(a + 8);
      h.search(heur);
      CHECK(h.state(a) == "Possible");
      CHECK(h.state(b) == "Possible");
   }
}

TEST_CASE("leak-cases p9: A -?-> B without a root: A leads, B indirectly lost", "[classify]") {
   for (unsigned heur : kHeurSets) {
      Heap h;
      uint64_t b = mk(h, 0);
      uint64_t a = mk(h, b + 8);
      h.search(heur);
      CHECK(h.state(a) == "Unreached");
      CHECK(h.indirect(a) == 16);
      CHECK(h.state(b) == "IndirectLeak");
   }
}

TEST_CASE("leak-cases: the whole program gives leak-cases-full.stderr.exp", "[classify][aggregate]") {
   // f() of leak-cases.c, allocation by allocation (inner mk first); each
   // malloc call site is its own stack, numbered in creation order as
   // ExeContexts are.  Stack id = 0x100 * line + n.
   Heap h;
   unsigned n = 0;
   auto mk_at = [&](unsigned line, uint64_t next) {
      uint64_t b = h.alloc(16, 0x100 * line + (++n));
      Heap::link(b, 0, next);
      return b;
   };
   uint64_t p1 = mk_at(70, 0);
   uint64_t p2 = mk_at(72, mk_at(72, 0));
   mk_at(74, 0);
   mk_at(76, mk_at(76, 0));
   uint64_t p5 = mk_at(78, 0) + 8;
   uint64_t p6 = mk_at(81, mk_at(81, 0));
   Heap::link(p6, 0, Heap::peek(p6) + 8);
   uint64_t p7 = mk_at(84, mk_at(84, 0)) + 8;
   uint64_t p8 = mk_at(87, mk_at(87, 0));
   Heap::link(p8, 0, Heap::peek(p8) + 8);
   p8 += 8;
   uint64_t p9 = mk_at(91, mk_at(91, 0));
   Heap::link(p9, 0, Heap::peek(p9) + 8);
   for (uint64_t p : {p1, p2, p5, p6, p7, p8}) h.root(p);
   REQUIRE(h.search(LK_HEURS_ALL) == 15);

   LK_LeakParams p = params();   // --leak-check=full, default kinds
   ReportOut out = run_report(h.lc(), p, false);
   std::string text = filter_record_numbers(out.text);
   // Replace our stack ids by the stacks of the .exp file.
   std::string got;
   size_t pos = 0;
   for (;;) {
      size_t k = text.find("   at S", pos);
      if (k == std::string::npos) { got += text.substr(pos); break; }
      got += text.substr(pos, k - pos);
      size_t e = text.find('\n', k);
      unsigned long id = std::stoul(text.substr(k + 7, e - k - 7), nullptr, 16);
      got += "   at 0x........: malloc (vg_replace_malloc.c:...)\n"
             "   by 0x........: mk (leak-cases.c:52)\n"
             "   by 0x........: f (leak-cases.c:" + std::to_string(id / 0x100) + ")\n"
             "   by 0x........: main (leak-cases.c:107)";
      pos = e;
   }
   const char* expected =
      "16 bytes in 1 blocks are possibly lost in loss record ... of ...\n"
      "   at 0x........: malloc (vg_replace_malloc.c:...)\n"
      "   by 0x........: mk (leak-cases.c:52)\n"
      "   by 0x........: f (leak-cases.c:78)\n"
      "   by 0x........: main (leak-cases.c:107)\n"
      "\n"
      "16 bytes in 1 blocks are possibly lost in loss record ... of ...\n"
      "   at 0x........: malloc (vg_replace_malloc.c:...)\n"
      "   by 0x........: mk (leak-cases.c:52)\n"
      "   by 0x........: f (leak-cases.c:81)\n"
      "   by 0x........: main (leak-cases.c:107)\n"
      "\n"
      "16 bytes in 1 blocks are possibly lost in loss record ... of ...\n"
      "   at 0x........: malloc (vg_replace_malloc.c:...)\n"
      "   by 0x........: mk (leak-cases.c:52)\n"
      "   by 0x........: f (leak-cases.c:84)\n"
      "   by 0x........: main (leak-cases.c:107)\n"
      "\n"
      "16 bytes in 1 blocks are possibly lost in loss record ... of ...\n"
      "   at 0x........: malloc (vg_replace_malloc.c:...)\n"
      "   by 0x........: mk (leak-cases.c:52)\n"
      "   by 0x........: f (leak-cases.c:84)\n"
      "   by 0x........: main (leak-cases.c:107)\n"
      "\n"
      "16 bytes in 1 blocks are possibly lost in loss record ... of ...\n"
      "   at 0x........: malloc (vg_replace_malloc.c:...)\n"
      "   by 0x........: mk (leak-cases.c:52)\n"
      "   by 0x........: f (leak-cases.c:87)\n"
      "   by 0x........: main (leak-cases.c:107)\n"
      "\n"
      "16 bytes in 1 blocks are possibly lost in loss record ... of ...\n"
      "   at 0x........: malloc (vg_replace_malloc.c:...)\n"
      "   by 0x........: mk (leak-cases.c:52)\n"
      "   by 0x........: f (leak-cases.c:87)\n"
      "   by 0x........: main (leak-cases.c:107)\n"
      "\n"
      "16 bytes in 1 blocks are definitely lost in loss record ... of ...\n"
      "   at 0x........: malloc (vg_replace_malloc.c:...)\n"
      "   by 0x........: mk (leak-cases.c:52)\n"
      "   by 0x........: f (leak-cases.c:74)\n"
      "   by 0x........: main (leak-cases.c:107)\n"
      "\n"
      "32 (16 direct, 16 indirect) bytes in 1 blocks are definitely lost in loss record ... of ...\n"
      "   at 0x........: malloc (vg_replace_malloc.c:...)\n"
      "   by 0x........: mk (leak-cases.c:52)\n"
      "   by 0x........: f (leak-cases.c:76)\n"
      "   by 0x........: main (leak-cases.c:107)\n"
      "\n"
      "32 (16 direct, 16 indirect) bytes in 1 blocks are definitely lost in loss record ... of ...\n"
      "   at 0x........: malloc (vg_replace_malloc.c:...)\n"
      "   by 0x........: mk (leak-cases.c:52)\n"
      "   by 0x........: f (leak-cases.c:91)\n"
      "   by 0x........: main (leak-cases.c:107)\n"
      "\n";
   CHECK(got == expected);
   // 4 reachable + 6 possible + 2 indirect + 3 definite records.
   CHECK(out.n_records == 15);
   CHECK(out.n_errors == 9);
   // The counts leak-cases prints (VALGRIND_COUNT_LEAKS): leaked = definite
   // + indirect.
   const LK_LeakTotals& t = *lk_leak_totals(h.lc());
   CHECK(t.bytes[LK_Unreached] + t.bytes[LK_IndirectLeak] == 80);
   CHECK(t.blocks[LK_Unreached] + t.blocks[LK_IndirectLeak] == 5);
   CHECK(t.bytes[LK_Possible] == 96);
   CHECK(t.blocks[LK_Possible] == 6);
   CHECK(t.bytes[LK_Reachable] == 64);
   CHECK(t.blocks[LK_Reachable] == 4);
   CHECK(t.bytes_suppressed == 0);
}

/*------------------------------------------------------------*/
/*--- Pointer tests: interior, past the end, zero-sized      ---*/
/*------------------------------------------------------------*/

TEST_CASE("interior pointers anywhere inside a block make it possibly lost", "[classify]") {
   Heap h;
   uint64_t big = h.alloc(1000);
   uint64_t mid = h.alloc(64);
   uint64_t last = h.alloc(64);
   h.root(mid + 32);
   h.root(last + 63);   // the last byte
   h.reg(big + 999);    // registers follow the same start/interior rules
   h.search();
   CHECK(h.state(big) == "Possible");
   CHECK(h.state(mid) == "Possible");
   CHECK(h.state(last) == "Possible");
}

TEST_CASE("a pointer just past a block's end, or before its start, reaches nothing", "[classify]") {
   Heap h;
   uint64_t a = h.alloc(16);
   uint64_t b = h.alloc(40);
   uint64_t c = h.alloc(13);   // odd size: the end is not word-aligned
   h.root(a + 16);
   h.root(b + 40);
   h.root(c + 13);
   h.root(b - 1);
   h.search();
   CHECK(h.state(a) == "Unreached");
   CHECK(h.state(b) == "Unreached");
   CHECK(h.state(c) == "Unreached");
}

TEST_CASE("a pointer just past a block's end reaches the adjacent block, as a start-pointer", "[classify]") {
   Heap h;
   uint64_t a = h.alloc_at_offset(0x100, 16);
   uint64_t b = h.alloc_at_offset(0x110, 16);
   h.root(a + 16);
   h.search();
   CHECK(h.state(a) == "Unreached");
   CHECK(h.state(b) == "Reachable");
}

TEST_CASE("zero-sized blocks cover one byte", "[classify]") {
   SECTION("a start-pointer reaches it") {
      Heap h;
      uint64_t z = h.alloc(0);
      h.root(z);
      h.search();
      CHECK(h.state(z) == "Reachable");
   }
   SECTION("one byte further reaches nothing") {
      Heap h;
      uint64_t z = h.alloc(0);
      h.root(z + 1);
      h.search();
      CHECK(h.state(z) == "Unreached");
   }
   SECTION("right after another block it is the one reached") {
      Heap h;
      uint64_t a = h.alloc_at_offset(0x100, 16);
      uint64_t z = h.alloc_at_offset(0x110, 0);
      uint64_t b = h.alloc_at_offset(0x111, 15);   // a custom block, unaligned
      h.root(a + 16);
      h.search();
      CHECK(h.state(a) == "Unreached");
      CHECK(h.state(z) == "Reachable");
      CHECK(h.state(b) == "Unreached");
   }
   SECTION("a lost zero-sized block adds 0 indirect bytes to its leader") {
      Heap h;
      uint64_t z = h.alloc(0);
      uint64_t a = h.alloc(16);
      Heap::link(a, 0, z);
      h.search();
      CHECK(h.state(a) == "Unreached");
      CHECK(h.indirect(a) == 0);
      CHECK(h.state(z) == "IndirectLeak");
   }
   SECTION("a zero-sized block has no words to scan") {
      Heap h;
      uint64_t z = h.alloc_at_offset(0x100, 0);
      uint64_t b = h.alloc_at_offset(0x200, 16);
      Heap::poke(z, b);   // memory at z, but outside the (empty) block
      h.root(z);
      h.search();
      CHECK(h.state(z) == "Reachable");
      CHECK(h.state(b) == "Unreached");
   }
}

TEST_CASE("lk_leak_scan reads only whole aligned words inside [start, end)", "[classify]") {
   Heap h;
   uint64_t b[4];
   for (auto& x : b) x = h.alloc(16);
   Arena mem(4096);
   uint64_t base = mem.addr(0);
   for (int i = 0; i < 4; i++) Heap::poke(base + 8 * i, b[i]);
   h.prepare();
   lk_leak_set_root_context(h.lc());
   lk_leak_scan(h.lc(), base + 1, base + 31);   // words 1 and 2 only
   CHECK(lk_leak_scanned_bytes(h.lc()) == 16);
   h.drain();
   h.cliques();
   CHECK(h.state(b[0]) == "Unreached");
   CHECK(h.state(b[1]) == "Reachable");
   CHECK(h.state(b[2]) == "Reachable");
   CHECK(h.state(b[3]) == "Unreached");
}

TEST_CASE("blocks at unaligned addresses are scanned from their first whole word", "[classify]") {
   // A custom block at X+4 of 19 bytes holds exactly one whole aligned word
   // (X+8..X+16); the word at X+16..X+24 sticks out of it.
   Heap h;
   uint64_t c = h.alloc_at_offset(0x104, 19, 0, LK_BLOCK_CUSTOM);
   uint64_t in = h.alloc_at_offset(0x200, 16);
   uint64_t out = h.alloc_at_offset(0x300, 16);
   Heap::poke(c + 4, in);
   Heap::poke(c + 12, out);
   h.root(c);
   h.search();
   CHECK(h.state(c) == "Reachable");
   CHECK(h.state(in) == "Reachable");
   CHECK(h.state(out) == "Unreached");
}

TEST_CASE("scanned bytes count the words of roots and of scanned blocks", "[classify]") {
   Heap h;
   uint64_t a = h.alloc(16);
   uint64_t b = h.alloc(24);
   uint64_t c = h.alloc(13);   // one whole word
   Heap::link(a, 0, b);
   Heap::link(b, 0, c);
   h.root(a);
   h.root(0);
   h.root(12345);
   h.prepare();
   h.mark();
   CHECK(lk_leak_scanned_bytes(h.lc()) == 24 + 16 + 24 + 8);
}

TEST_CASE("blocks scattered over the address space: heap, mmap and stack", "[classify]") {
   // A span of many terabytes between the lowest and the highest block.
   alignas(16) uint64_t on_stack[8] = {};
   void* mm = mmap(nullptr, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   REQUIRE(mm != MAP_FAILED);
   uint64_t st = reinterpret_cast<uint64_t>(on_stack);
   uint64_t mp = reinterpret_cast<uint64_t>(mm) + 0x100;
   Heap h;
   uint64_t a = h.alloc(16), b = h.alloc(16);
   LK_Leak* lc = h.lc();
   lk_leak_begin(lc, 0, 0);   // no size hint
   lk_leak_add_block(lc, st, 64, 0x1, 0x1, LK_BLOCK_CUSTOM);
   lk_leak_add_block(lc, a, 16, 0x2, 0x2, 0);
   lk_leak_add_block(lc, mp, 32, 0x3, 0x3, LK_BLOCK_CUSTOM);
   lk_leak_add_block(lc, b, 16, 0x4, 0x4, 0);
   REQUIRE(lk_leak_prepare(lc, &h.bad_a, &h.bad_b) == 4);
   Heap::poke(a, st + 8);      // a -?-> stack block
   on_stack[2] = mp;           // stack block -> mmap block
   Heap::poke(mp + 24, b);     // mmap block -> b
   Arena roots(4096);
   Heap::poke(roots.addr(0), a);
   Heap::poke(roots.addr(8), (st + mp) / 2);   // between them: nothing
   Heap::poke(roots.addr(16), mp + 32);        // just past the mmap block
   lk_leak_set_root_context(lc);
   lk_leak_scan(lc, roots.addr(0), roots.addr(24));
   lk_leak_scan(lc, roots.addr(24), roots.addr(24));   // empty ranges read nothing
   lk_leak_scan(lc, roots.addr(32), roots.addr(31));
   CHECK(lk_leak_scanned_bytes(lc) == 24);
   h.drain();
   h.cliques();
   CHECK(h.state(a) == "Reachable");
   CHECK(h.state(st) == "Possible");
   CHECK(h.state(mp) == "Possible");
   CHECK(h.state(b) == "Possible");
   munmap(mm, 1 << 16);
}

/*------------------------------------------------------------*/
/*--- Roots                                                 ---*/
/*------------------------------------------------------------*/

TEST_CASE("register values are definite roots", "[classify]") {
   Heap h;
   uint64_t a = h.alloc(32);
   uint64_t b = h.alloc(32);
   uint64_t c = h.alloc(32);
   uint64_t d = h.alloc(32);
   Heap::link(a, 1, c);
   h.reg(a);
   h.reg(b + 8);
   h.reg(0);
   h.reg(~0ull);
   h.search();
   CHECK(h.state(a) == "Reachable");
   CHECK(h.state(b) == "Possible");
   CHECK(h.state(c) == "Reachable");
   CHECK(h.state(d) == "Unreached");
}

TEST_CASE("a block inside a root range is scanned as a root and as a block", "[classify]") {
   // As Memcheck: a leaked custom block carved from a root
   // mapping: what it points to is reachable, the block itself is lost.
   Heap h;
   size_t mapping = h.new_arena(4096);
   uint64_t a = h.alloc_at_offset(0x100, 16);
   uint64_t custom = h.alloc_at_offset(0x40, 32, 0, LK_BLOCK_CUSTOM, mapping);
   Heap::poke(custom, a);
   h.root_range(h.arena(mapping).addr(0), h.arena(mapping).addr(4096));
   REQUIRE(h.search() == 2);
   CHECK(h.state(custom) == "Unreached");
   CHECK(h.state(a) == "Reachable");
}

/*------------------------------------------------------------*/
/*--- Marking order subtleties                              ---*/
/*------------------------------------------------------------*/

TEST_CASE("a Possible block upgraded to Reachable is rescanned, upgrading its children", "[classify]") {
   // Roots: C (start), then A+8 (interior).  LIFO: A is scanned first while
   // Possible, making B and D Possible; then C is scanned and reaches A by
   // its start: A becomes Reachable and must be scanned again, so that B
   // and D become Reachable too (as in Memcheck's lc_push_without_clique_if_a_chunk_ptr).
   Heap h;
   uint64_t d = h.alloc(16);
   uint64_t b = h.alloc(16);
   uint64_t a = h.alloc(16);
   uint64_t c = h.alloc(16);
   Heap::link(a, 0, b);
   Heap::link(b, 0, d);
   Heap::link(c, 0, a);
   h.root(c);
   h.root(a + 8);
   h.search();
   CHECK(h.state(a) == "Reachable");
   CHECK(h.state(b) == "Reachable");
   CHECK(h.state(c) == "Reachable");
   CHECK(h.state(d) == "Reachable");
}

TEST_CASE("blocks reachable only from a Possible block are Possible, even by start-pointers", "[classify]") {
   Heap h;
   uint64_t a = h.alloc(16);
   uint64_t b = h.alloc(16);
   uint64_t c = h.alloc(16);
   Heap::link(a, 0, b);
   Heap::link(b, 0, c);
   h.root(a + 4);
   h.search();
   CHECK(h.state(a) == "Possible");
   CHECK(h.state(b) == "Possible");
   CHECK(h.state(c) == "Possible");
}

TEST_CASE("Possible blocks never carry indirect bytes, and lost blocks do not absorb them", "[classify]") {
   Heap h;
   uint64_t a = h.alloc(16);
   uint64_t b = h.alloc(16);
   uint64_t lost = h.alloc(16);
   Heap::link(a, 0, b);
   Heap::link(lost, 0, b);   // a lost block pointing at a Possible one
   h.root(a + 8);
   h.search();
   CHECK(h.state(a) == "Possible");
   CHECK(h.state(b) == "Possible");
   CHECK(h.result(a).indirect_szB == 0);
   CHECK(h.result(b).indirect_szB == 0);
   CHECK(h.result(b).clique == -1);
   CHECK(h.state(lost) == "Unreached");
   CHECK(h.indirect(lost) == 0);
}

TEST_CASE("the final states do not depend on the order of roots", "[classify]") {
   std::vector<std::string> first;
   for (int order = 0; order < 2; order++) {
      Heap h;
      uint64_t a = h.alloc(16), b = h.alloc(16), c = h.alloc(16), d = h.alloc(16);
      Heap::link(a, 0, b + 8);
      Heap::link(b, 0, c);
      Heap::link(c, 0, d);
      Heap::link(d, 0, b);
      if (order == 0) { h.root(a); h.root(c + 8); h.root(d); }
      else { h.root(d); h.root(c + 8); h.root(a); }
      h.search();
      std::vector<std::string> s = {h.state(a), h.state(b), h.state(c), h.state(d)};
      CHECK(s == std::vector<std::string>{"Reachable", "Reachable", "Reachable", "Reachable"});
      if (order == 0) first = s; else CHECK(s == first);
   }
}

/*------------------------------------------------------------*/
/*--- Cliques                                               ---*/
/*------------------------------------------------------------*/

TEST_CASE("a lost cycle is led by its lowest-addressed block", "[classify]") {
   // Links go mid -> high -> low -> mid; the leader is still 'low'.
   Heap h;
   uint64_t low = h.alloc(16), mid = h.alloc(24), high = h.alloc(32);
   Heap::link(mid, 0, high);
   Heap::link(high, 0, low);
   Heap::link(low, 0, mid);
   h.search();
   CHECK(h.state(low) == "Unreached");
   CHECK(h.indirect(low) == 24 + 32);
   CHECK(h.state(mid) == "IndirectLeak");
   CHECK(h.state(high) == "IndirectLeak");
   // cur_clique: the block each one was found from (Memcheck's IorC.clique).
   CHECK(h.result(mid).clique == (int64_t)h.index_of(low));
   CHECK(h.result(high).clique == (int64_t)h.index_of(mid));
}

TEST_CASE("a later lost block pointing at an earlier leader absorbs its clique", "[classify]") {
   Heap h;
   uint64_t l1 = h.alloc(16), m1 = h.alloc(16);   // clique 1: l1 -> m1
   uint64_t l2 = h.alloc(48), m2 = h.alloc(16);   // clique 2: l2 -> m2, l2 -> l1
   Heap::link(l1, 0, m1);
   Heap::link(l2, 0, m2);
   Heap::link(l2, 1, l1 + 8);   // interior pointers count too
   h.search();
   CHECK(h.state(l1) == "IndirectLeak");
   CHECK(h.state(m1) == "IndirectLeak");
   CHECK(h.state(m2) == "IndirectLeak");
   CHECK(h.state(l2) == "Unreached");
   // m2 + l1 + l1's whole former clique.
   CHECK(h.indirect(l2) == 16 + 16 + 16);
   CHECK(h.result(l1).indirect_szB == 0);   // it is no leader any more
}

TEST_CASE("a block reachable from two lost blocks joins only the first clique", "[classify]") {
   SECTION("shared block above both") {
      Heap h;
      uint64_t l1 = h.alloc(16), l2 = h.alloc(16), s = h.alloc(40);
      Heap::link(l1, 0, s);
      Heap::link(l2, 0, s);
      h.search();
      CHECK(h.state(l1) == "Unreached");
      CHECK(h.state(l2) == "Unreached");
      CHECK(h.indirect(l1) == 40);
      CHECK(h.indirect(l2) == 0);
      CHECK(h.state(s) == "IndirectLeak");
   }
   SECTION("shared block below both: it leads first, then joins the first clique") {
      Heap h;
      uint64_t s = h.alloc(40), l1 = h.alloc(16), l2 = h.alloc(16);
      Heap::link(l1, 0, s);
      Heap::link(l2, 0, s);
      h.search();
      CHECK(h.indirect(l1) == 40);
      CHECK(h.indirect(l2) == 0);
      CHECK(h.state(s) == "IndirectLeak");
      ReportOut out = run_report(h.lc(), params(), false);
      const LK_LeakTotals& t = *lk_leak_totals(h.lc());
      CHECK(t.bytes[LK_Unreached] == 32);
      CHECK(t.bytes[LK_IndirectLeak] == 40);
      CHECK(t.blocks[LK_IndirectLeak] == 1);
   }
}

TEST_CASE("a lost block pointing at itself leads a clique of one", "[classify]") {
   Heap h;
   uint64_t a = h.alloc(32);
   Heap::link(a, 0, a);
   Heap::link(a, 1, a + 16);
   h.search();
   CHECK(h.state(a) == "Unreached");
   CHECK(h.indirect(a) == 0);
}

TEST_CASE("a later leader does not walk through another clique's members", "[classify]") {
   // L1 -> X -> Y and L2 -> X: X and Y belong to L1; L2 gets nothing.
   Heap h;
   uint64_t l1 = h.alloc(16), x = h.alloc(24), y = h.alloc(40), l2 = h.alloc(16);
   Heap::link(l1, 0, x);
   Heap::link(x, 0, y);
   Heap::link(l2, 0, x);
   h.search();
   CHECK(h.indirect(l1) == 64);
   CHECK(h.indirect(l2) == 0);
   CHECK(h.state(y) == "IndirectLeak");
   CHECK(h.result(y).clique == (int64_t)h.index_of(x));
}

TEST_CASE("leak-tree: severed subtrees of a reachable tree", "[classify]") {
   // leak-tree.c: A{B{D,E}, C{F,G}}, then B->D and A->C are cut.
   Heap h;
   uint64_t A = h.alloc(16), B = h.alloc(16), C = h.alloc(16), D = h.alloc(16),
            E = h.alloc(16), F = h.alloc(16), G = h.alloc(16);
   Heap::link(A, 0, B);
   Heap::link(B, 1, E);
   Heap::link(C, 0, F);
   Heap::link(C, 1, G);
   (void)D;
   h.root(A);
   h.search();
   for (uint64_t x : {A, B, E}) CHECK(h.state(x) == "Reachable");
   CHECK(h.state(C) == "Unreached");
   CHECK(h.indirect(C) == 32);
   CHECK(h.state(D) == "Unreached");
   CHECK(h.indirect(D) == 0);
   CHECK(h.state(F) == "IndirectLeak");
   CHECK(h.state(G) == "IndirectLeak");
   // leak-tree.stderr.exp: leaked 64 in 4, reachable 48 in 3, and the records
   // "16 bytes in 1 blocks are definitely lost" and
   // "48 (16 direct, 32 indirect) bytes in 1 blocks are definitely lost".
   ReportOut out = run_report(h.lc(), params(), false);
   std::string t = filter_record_numbers(out.text);
   CHECK(t.find("16 bytes in 1 blocks are definitely lost in loss record ... of ...\n") == 0);
   CHECK(t.find("48 (16 direct, 32 indirect) bytes in 1 blocks are definitely lost") != std::string::npos);
   const LK_LeakTotals& tot = *lk_leak_totals(h.lc());
   CHECK(tot.bytes[LK_Unreached] + tot.bytes[LK_IndirectLeak] == 64);
   CHECK(tot.blocks[LK_Unreached] + tot.blocks[LK_IndirectLeak] == 4);
   CHECK(tot.bytes[LK_Reachable] == 48);
   CHECK(tot.blocks[LK_Reachable] == 3);
}

TEST_CASE("leak-cycle: merged cliques, exactly as leak-cycle.stderr.exp", "[classify]") {
   // leak-cycle.c: mkcycle() makes a -> c -> b -> a (a->l = c, b->l = a,
   // c->l = b), allocated a, b, c.  Stack id = 0x1000 * main line + n.
   Heap h;
   unsigned n = 0;
   auto mk = [&](unsigned line, uint64_t l, uint64_t r) {
      uint64_t x = h.alloc(16, 0x1000 * line + (++n));
      Heap::link(x, 0, l);
      Heap::link(x, 1, r);
      return x;
   };
   auto mkcycle = [&](unsigned line) {
      uint64_t a = mk(line, 0, 0);
      uint64_t b = mk(line, a, 0);
      uint64_t c = mk(line, b, 0);
      Heap::link(a, 0, c);
      return a;
   };
   mkcycle(44);
   mkcycle(45);
   uint64_t c1 = mkcycle(50), c2 = mkcycle(51);
   REQUIRE(c1 < c2);
   Heap::link(c2, 1, c1);
   c1 = mkcycle(63);
   c2 = mkcycle(64);
   Heap::link(c1, 1, c2);
   Heap::link(c2, 1, c1);
   REQUIRE(h.search(LK_HEURS_ALL) == 18);

   ReportOut out = run_report(h.lc(), params(), false);
   std::string t = filter_record_numbers(out.text);
   CHECK(t ==
         "48 (16 direct, 32 indirect) bytes in 1 blocks are definitely lost in loss record ... of ...\n"
         "   at S2c001\n\n"
         "48 (16 direct, 32 indirect) bytes in 1 blocks are definitely lost in loss record ... of ...\n"
         "   at S2d004\n\n"
         "96 (16 direct, 80 indirect) bytes in 1 blocks are definitely lost in loss record ... of ...\n"
         "   at S3300a\n\n"
         "96 (16 direct, 80 indirect) bytes in 1 blocks are definitely lost in loss record ... of ...\n"
         "   at S3f00d\n\n");
   const LK_LeakTotals& tot = *lk_leak_totals(h.lc());
   CHECK(tot.bytes[LK_Unreached] + tot.bytes[LK_IndirectLeak] == 288);
   CHECK(tot.blocks[LK_Unreached] + tot.blocks[LK_IndirectLeak] == 18);
   CHECK(tot.blocks[LK_Unreached] == 4);
}

/*------------------------------------------------------------*/
/*--- Long chains: no recursion depth limit                 ---*/
/*------------------------------------------------------------*/

namespace {
const size_t kChain = 120000;
}

TEST_CASE("a reachable list of 120,000 blocks", "[classify][long]") {
   Heap h(kChain * 32 + 4096);
   std::vector<uint64_t> b(kChain);
   for (size_t i = 0; i < kChain; i++) b[i] = h.alloc(16, 0x42);
   for (size_t i = 0; i + 1 < kChain; i++) Heap::link(b[i], 0, b[i + 1]);
   h.root(b[0]);
   REQUIRE(h.search() == kChain);
   size_t n_reach = 0;
   for (size_t i = 0; i < kChain; i++) {
      LK_BlockResult r;
      lk_leak_block(h.lc(), i, &r);
      n_reach += r.state == LK_Reachable;
   }
   CHECK(n_reach == kChain);
}

TEST_CASE("a lost list of 120,000 blocks, linked forwards: one leader", "[classify][long]") {
   Heap h(kChain * 32 + 4096);
   std::vector<uint64_t> b(kChain);
   for (size_t i = 0; i < kChain; i++) b[i] = h.alloc(16, 0x42);
   for (size_t i = 0; i + 1 < kChain; i++) Heap::link(b[i], 0, b[i + 1]);
   h.search();
   CHECK(h.state(b[0]) == "Unreached");
   CHECK(h.indirect(b[0]) == (kChain - 1) * 16);
   CHECK(h.state(b[kChain - 1]) == "IndirectLeak");
   size_t n = lk_leak_make_records(h.lc());
   REQUIRE(n == 2);
   // 1,919,984 bytes indirectly lost sort before 16 + 1,919,984 definitely.
   CHECK(lk_leak_record(h.lc(), 0)->state == LK_IndirectLeak);
   CHECK(lk_leak_record(h.lc(), 0)->n_blocks == kChain - 1);
   CHECK(lk_leak_record(h.lc(), 1)->state == LK_Unreached);
   CHECK(lk_leak_record(h.lc(), 1)->indirect_szB == (kChain - 1) * 16);
}

TEST_CASE("a lost list of 120,000 blocks, linked backwards: cliques merge up to the last", "[classify][long]") {
   // b[i] -> b[i-1]: every block leads a clique in turn and absorbs the
   // previous leader with its whole indirect size.
   Heap h(kChain * 32 + 4096);
   std::vector<uint64_t> b(kChain);
   for (size_t i = 0; i < kChain; i++) b[i] = h.alloc(16, 0x42);
   for (size_t i = 1; i < kChain; i++) Heap::link(b[i], 0, b[i - 1] + 8);
   h.search();
   CHECK(h.state(b[kChain - 1]) == "Unreached");
   CHECK(h.indirect(b[kChain - 1]) == (kChain - 1) * 16);
   CHECK(h.state(b[0]) == "IndirectLeak");
   CHECK(h.result(b[0]).indirect_szB == 0);
}

TEST_CASE("a possibly-lost list of 120,000 blocks upgraded by a register", "[classify][long]") {
   Heap h(kChain * 32 + 4096);
   std::vector<uint64_t> b(kChain);
   for (size_t i = 0; i < kChain; i++) b[i] = h.alloc(16, 0x42);
   for (size_t i = 0; i + 1 < kChain; i++) Heap::link(b[i], 0, b[i + 1]);
   h.root(b[0] + 8);
   SECTION("interior root only: all Possible") {
      h.search();
      CHECK(h.state(b[0]) == "Possible");
      CHECK(h.state(b[kChain / 2]) == "Possible");
      CHECK(h.state(b[kChain - 1]) == "Possible");
   }
   SECTION("plus a start-pointer in a register: all Reachable") {
      h.reg(b[0]);
      h.search();
      CHECK(h.state(b[0]) == "Reachable");
      CHECK(h.state(b[kChain - 1]) == "Reachable");
   }
}

/*------------------------------------------------------------*/
/*--- Heuristics                                            ---*/
/*------------------------------------------------------------*/

namespace {

const unsigned kAllBut = LK_HEURS_ALL;
unsigned only(LK_Heuristic h) { return LK_HEUR_BIT(h); }
unsigned all_but(LK_Heuristic h) { return kAllBut & ~LK_HEUR_BIT(h); }

// A libstdc++ pre-C++11 string rep: length, capacity, refcount, chars.
uint64_t std_string(Heap& h, uint64_t szB, uint64_t length, uint64_t capacity) {
   uint64_t b = h.alloc(szB);
   Heap::link(b, 0, length);
   Heap::link(b, 1, capacity);
   Heap::link(b, 2, 0);
   return b;
}

struct Case {
   unsigned heur;
   const char* state;
   LK_Heuristic tag;
};

}  // namespace

TEST_CASE("heuristic stdstring: P = B+24, capacity at B+8, length at B", "[classify][heuristic]") {
   struct { uint64_t szB, length, capacity; uint64_t off; unsigned heur; const char* state; LK_Heuristic tag; } cases[] = {
      // 3*8 + 7 + 1 == 32, length <= capacity
      {32, 5, 7, 24, LK_HEURS_ALL, "Reachable", LK_HeurStdString},
      {32, 5, 7, 24, only(LK_HeurStdString), "Reachable", LK_HeurStdString},
      {32, 7, 7, 24, LK_HEURS_ALL, "Reachable", LK_HeurStdString},   // length == capacity
      {32, 0, 7, 24, LK_HEURS_ALL, "Reachable", LK_HeurStdString},
      {32, 8, 7, 24, LK_HEURS_ALL, "Possible", LK_HeurNone},         // length > capacity
      {32, 5, 8, 24, LK_HEURS_ALL, "Possible", LK_HeurNone},         // 24+8+1 != 32
      {32, 5, 6, 24, LK_HEURS_ALL, "Possible", LK_HeurNone},
      {32, 5, 7, 16, LK_HEURS_ALL, "Possible", LK_HeurNone},         // not B+24
      {32, 5, 7, 25, LK_HEURS_ALL, "Possible", LK_HeurNone},
      {32, 5, 7, 24, all_but(LK_HeurStdString), "Possible", LK_HeurNone},
      {32, 5, 7, 24, 0, "Possible", LK_HeurNone},
      {1024 + 25, 1000, 1024, 24, LK_HEURS_ALL, "Reachable", LK_HeurStdString},
   };
   for (auto& c : cases) {
      INFO("size " << c.szB << " length " << c.length << " capacity " << c.capacity
           << " offset " << c.off << " heuristics " << c.heur);
      Heap h;
      uint64_t b = std_string(h, c.szB, c.length, c.capacity);
      h.root(b + c.off);
      h.search(c.heur);
      CHECK(h.state(b) == c.state);
      CHECK(h.heuristic(b) == c.tag);
   }
}

TEST_CASE("heuristic length64: P = B+8, first word = size - 8 > 0", "[classify][heuristic]") {
   struct { uint64_t szB, word0, off; unsigned heur; const char* state; LK_Heuristic tag; } cases[] = {
      {40, 32, 8, LK_HEURS_ALL, "Reachable", LK_HeurLength64},
      {40, 32, 8, only(LK_HeurLength64), "Reachable", LK_HeurLength64},
      // (40-8) % 32 == 0: newarray accepts the same block when length64 is off
      {40, 32, 8, all_but(LK_HeurLength64), "Reachable", LK_HeurNewArray},
      {40, 31, 8, LK_HEURS_ALL, "Possible", LK_HeurNone},   // 32 % 31 != 0 either
      {40, 33, 8, LK_HEURS_ALL, "Possible", LK_HeurNone},
      {40, 32, 16, LK_HEURS_ALL, "Possible", LK_HeurNone},  // not B+8
      {40, 32, 8, 0, "Possible", LK_HeurNone},
      {16, 8, 8, only(LK_HeurLength64), "Reachable", LK_HeurLength64},
   };
   for (auto& c : cases) {
      INFO("size " << c.szB << " word0 " << c.word0 << " offset " << c.off << " heuristics " << c.heur);
      Heap h;
      uint64_t b = h.alloc(c.szB);
      Heap::link(b, 0, c.word0);
      h.root(b + c.off);
      h.search(c.heur);
      CHECK(h.state(b) == c.state);
      CHECK(h.heuristic(b) == c.tag);
   }
}

TEST_CASE("heuristic newarray: P = B+8, count N > 0 dividing size - 8", "[classify][heuristic]") {
   struct { uint64_t szB, word0, off; unsigned heur; const char* state; LK_Heuristic tag; } cases[] = {
      {56, 3, 8, LK_HEURS_ALL, "Reachable", LK_HeurNewArray},   // 48 % 3 == 0
      {56, 3, 8, only(LK_HeurNewArray), "Reachable", LK_HeurNewArray},
      {56, 48, 8, LK_HEURS_ALL, "Reachable", LK_HeurLength64},  // length64 is tried first
      {56, 1, 8, LK_HEURS_ALL, "Reachable", LK_HeurNewArray},
      {56, 5, 8, LK_HEURS_ALL, "Possible", LK_HeurNone},        // 48 % 5 != 0
      {56, 0, 8, LK_HEURS_ALL, "Possible", LK_HeurNone},        // no elements
      {56, 96, 8, LK_HEURS_ALL, "Possible", LK_HeurNone},       // 48 % 96 == 48
      {56, 3, 8, all_but(LK_HeurNewArray), "Possible", LK_HeurNone},
      {56, 3, 16, LK_HEURS_ALL, "Possible", LK_HeurNone},
      {56, 3, 8, 0, "Possible", LK_HeurNone},
   };
   for (auto& c : cases) {
      INFO("size " << c.szB << " word0 " << c.word0 << " offset " << c.off << " heuristics " << c.heur);
      Heap h;
      uint64_t b = h.alloc(c.szB);
      Heap::link(b, 0, c.word0);
      h.root(b + c.off);
      h.search(c.heur);
      CHECK(h.state(b) == c.state);
      CHECK(h.heuristic(b) == c.tag);
   }
}

namespace {

// Fake file mappings for the multipleinheritance heuristic: a "data"
// mapping holding vtables and a "code" mapping their entries point into.
struct FakeImage {
   ShimReset reset;
   Arena vt{4096};
   Arena code{4096};
   explicit FakeImage(unsigned vt_flags = LK_SEG_FILE | LK_SEG_R,
                      unsigned code_flags = LK_SEG_FILE | LK_SEG_R | LK_SEG_T) {
      add_segment(vt.addr(0), vt.addr(0) + vt.size() - 1, vt_flags);
      add_segment(code.addr(0), code.addr(0) + code.size() - 1, code_flags);
   }
   uint64_t fn(unsigned i) const { return code.addr(16 * i); }
   uint64_t vtable(size_t byte_off, std::initializer_list<uint64_t> entries) {
      uint64_t a = vt.addr(byte_off);
      size_t i = 0;
      for (uint64_t e : entries) Heap::poke(a + 8 * i++, e);
      return a;
   }
};

// An object with two vtable pointers: at B (V0) and at B+16 (V1).
uint64_t mi_object(Heap& h, uint64_t v0, uint64_t v1) {
   uint64_t b = h.alloc(32);
   Heap::link(b, 0, v0);
   Heap::link(b, 1, 0x1234);
   Heap::link(b, 2, v1);
   Heap::link(b, 3, 0);
   return b;
}

}  // namespace

TEST_CASE("heuristic multipleinheritance: accepted", "[classify][heuristic]") {
   FakeImage img;
   uint64_t v0 = img.vtable(0, {img.fn(0), img.fn(1)});
   uint64_t v1 = img.vtable(512, {img.fn(2), img.fn(3)});
   for (unsigned heur : {(unsigned)LK_HEURS_ALL, only(LK_HeurMultipleInheritance)}) {
      Heap h;
      uint64_t b = mi_object(h, v0, v1);
      h.root(b + 16);
      h.search(heur);
      CHECK(h.state(b) == "Reachable");
      CHECK(h.heuristic(b) == LK_HeurMultipleInheritance);
   }
   SECTION("NULL entries are skipped") {
      uint64_t vn = img.vtable(1024, {0, img.fn(4), 0, 0, img.fn(5), 0x10});
      Heap h;
      uint64_t b = mi_object(h, v0, vn);
      h.root(b + 16);
      h.search(LK_HEURS_ALL);
      CHECK(h.heuristic(b) == LK_HeurMultipleInheritance);
   }
   SECTION("the second entry may be the 21st word") {
      uint64_t vw = img.vtable(2048, {img.fn(1)});
      Heap::poke(vw + 20 * 8, img.fn(2));
      Heap h;
      uint64_t b = mi_object(h, v0, vw);
      h.root(b + 16);
      h.search(LK_HEURS_ALL);
      CHECK(h.heuristic(b) == LK_HeurMultipleInheritance);
   }
   SECTION("the first word of the block may be the inner pointer's own vtable") {
      Heap h;
      uint64_t b = mi_object(h, v1, v1);
      h.root(b + 16);
      h.search(LK_HEURS_ALL);
      CHECK(h.heuristic(b) == LK_HeurMultipleInheritance);
   }
}

TEST_CASE("heuristic multipleinheritance: rejected variants", "[classify][heuristic]") {
   auto check_possible = [](Heap& h, uint64_t b, uint64_t p, unsigned heur = LK_HEURS_ALL) {
      h.root(p);
      h.search(heur);
      CHECK(h.state(b) == "Possible");
      CHECK(h.heuristic(b) == LK_HeurNone);
   };
   SECTION("vtables in an anonymous (not file) mapping") {
      FakeImage img(LK_SEG_R | LK_SEG_W);
      Heap h;
      uint64_t b = mi_object(h, img.vtable(0, {img.fn(0), img.fn(1)}),
                             img.vtable(512, {img.fn(2), img.fn(3)}));
      check_possible(h, b, b + 16);
   }
   SECTION("vtables in an unreadable file mapping") {
      FakeImage img(LK_SEG_FILE);
      Heap h;
      uint64_t b = mi_object(h, img.vtable(0, {img.fn(0), img.fn(1)}),
                             img.vtable(512, {img.fn(2), img.fn(3)}));
      check_possible(h, b, b + 16);
   }
   SECTION("entries into a file mapping no code was translated from") {
      FakeImage img(LK_SEG_FILE | LK_SEG_R, LK_SEG_FILE | LK_SEG_R);
      Heap h;
      uint64_t b = mi_object(h, img.vtable(0, {img.fn(0), img.fn(1)}),
                             img.vtable(512, {img.fn(2), img.fn(3)}));
      check_possible(h, b, b + 16);
   }
   SECTION("entries into translated code that is not a file mapping") {
      FakeImage img(LK_SEG_FILE | LK_SEG_R, LK_SEG_R | LK_SEG_T);
      Heap h;
      uint64_t b = mi_object(h, img.vtable(0, {img.fn(0), img.fn(1)}),
                             img.vtable(512, {img.fn(2), img.fn(3)}));
      check_possible(h, b, b + 16);
   }
   SECTION("a bad entry before the second function pointer") {
      FakeImage img;
      uint64_t v0 = img.vtable(0, {img.fn(0), img.fn(1)});
      uint64_t bad = img.vtable(512, {img.fn(2), img.vt.addr(8), img.fn(3)});
      Heap h;
      uint64_t b = mi_object(h, v0, bad);
      check_possible(h, b, b + 16);
   }
   SECTION("the second function pointer beyond the 21st word") {
      FakeImage img;
      uint64_t v0 = img.vtable(0, {img.fn(0), img.fn(1)});
      uint64_t far = img.vtable(2048, {img.fn(1)});
      Heap::poke(far + 21 * 8, img.fn(2));
      Heap h;
      uint64_t b = mi_object(h, v0, far);
      check_possible(h, b, b + 16);
   }
   SECTION("the scan stops one word before the mapping's end (seg.end - 8)") {
      // Memcheck cuts scan_max at seg->end - sizeof(Addr), with end the
      // last byte: a vtable in the last 16 bytes has only its first word
      // examined; 8 bytes earlier both words are.
      FakeImage img;
      uint64_t v0 = img.vtable(0, {img.fn(0), img.fn(1)});
      uint64_t at_end = img.vtable(4096 - 16, {img.fn(2), img.fn(3)});
      Heap h;
      uint64_t b = mi_object(h, v0, at_end);
      check_possible(h, b, b + 16);
      Heap h2;
      uint64_t before_end = img.vtable(4096 - 24, {img.fn(2), img.fn(3), img.fn(3)});
      uint64_t b2 = mi_object(h2, v0, before_end);
      h2.root(b2 + 16);
      h2.search(LK_HEURS_ALL);
      CHECK(h2.heuristic(b2) == LK_HeurMultipleInheritance);
   }
   SECTION("the block's first word is not a vtable") {
      FakeImage img;
      uint64_t v1 = img.vtable(512, {img.fn(2), img.fn(3)});
      Heap h;
      uint64_t b = mi_object(h, img.code.addr(0), v1);   // points at code, not a table
      check_possible(h, b, b + 16);
   }
   SECTION("the inner word is misaligned or in page 0") {
      FakeImage img;
      uint64_t v0 = img.vtable(0, {img.fn(0), img.fn(1)});
      uint64_t v1 = img.vtable(512, {img.fn(2), img.fn(3)});
      Heap h;
      uint64_t b = mi_object(h, v0, v1 + 4);
      check_possible(h, b, b + 16);
      Heap h2;
      uint64_t b2 = mi_object(h2, v0, 0xff8);
      check_possible(h2, b2, b2 + 16);
      (void)v1;
   }
   SECTION("the interior pointer is not word-aligned") {
      // Vtable pointers at B and B+8; P = B+12 is not aligned, so the
      // word around it is never looked at.
      FakeImage img;
      uint64_t v0 = img.vtable(0, {img.fn(0), img.fn(1)});
      uint64_t v1 = img.vtable(512, {img.fn(2), img.fn(3)});
      Heap h;
      uint64_t b = h.alloc(32);
      Heap::link(b, 0, v0);
      Heap::link(b, 1, v1);
      check_possible(h, b, b + 12);
      Heap h2;   // control: the aligned pointer is accepted
      uint64_t b2 = h2.alloc(32);
      Heap::link(b2, 0, v0);
      Heap::link(b2, 1, v1);
      h2.root(b2 + 8);
      h2.search(only(LK_HeurMultipleInheritance));
      CHECK(h2.heuristic(b2) == LK_HeurMultipleInheritance);
   }
   SECTION("multipleinheritance not in the set") {
      FakeImage img;
      Heap h;
      uint64_t b = mi_object(h, img.vtable(0, {img.fn(0), img.fn(1)}),
                             img.vtable(512, {img.fn(2), img.fn(3)}));
      check_possible(h, b, b + 16, all_but(LK_HeurMultipleInheritance));
   }
}

TEST_CASE("unreadable words make the heuristic that needs them fail", "[classify][heuristic]") {
   ShimReset reset;
   SECTION("stdstring: capacity unreadable") {
      Heap h;
      uint64_t b = std_string(h, 32, 5, 7);
      add_unreadable(b + 8, b + 16);
      h.root(b + 24);
      h.search(LK_HEURS_ALL);
      CHECK(h.state(b) == "Possible");
      CHECK(h.heuristic(b) == LK_HeurNone);
   }
   SECTION("stdstring: length unreadable") {
      Heap h;
      uint64_t b = std_string(h, 32, 5, 7);
      add_unreadable(b, b + 8);
      h.root(b + 24);
      h.search(LK_HEURS_ALL);
      CHECK(h.state(b) == "Possible");
   }
   SECTION("length64 and newarray: first word unreadable") {
      Heap h;
      uint64_t b = h.alloc(40);
      Heap::link(b, 0, 32);
      add_unreadable(b, b + 8);
      h.root(b + 8);
      h.search(LK_HEURS_ALL);
      CHECK(h.state(b) == "Possible");
      CHECK(h.heuristic(b) == LK_HeurNone);
   }
   SECTION("multipleinheritance: the inner word unreadable") {
      FakeImage img;
      Heap h;
      uint64_t b = mi_object(h, img.vtable(0, {img.fn(0), img.fn(1)}),
                             img.vtable(512, {img.fn(2), img.fn(3)}));
      add_unreadable(b + 16, b + 24);
      h.root(b + 16);
      h.search(LK_HEURS_ALL);
      CHECK(h.state(b) == "Possible");
   }
   SECTION("multipleinheritance: a vtable entry unreadable") {
      FakeImage img;
      uint64_t v1 = img.vtable(512, {img.fn(2), img.fn(3)});
      Heap h;
      uint64_t b = mi_object(h, img.vtable(0, {img.fn(0), img.fn(1)}), v1);
      add_unreadable(v1 + 8, v1 + 16);
      h.root(b + 16);
      h.search(LK_HEURS_ALL);
      CHECK(h.state(b) == "Possible");
   }
   SECTION("the main scan does not use read_word: unreadable-to-heuristics is still scanned") {
      Heap h;
      uint64_t a = h.alloc(16), b = h.alloc(16);
      Heap::link(a, 0, b);
      add_unreadable(a, a + 16);
      h.root(a);
      h.search(LK_HEURS_ALL);
      CHECK(h.state(b) == "Reachable");
   }
}

TEST_CASE("an unreadable word fails one heuristic, the next ones are still tried", "[classify][heuristic]") {
   // Memcheck's checks use MC_(is_valid_aligned_word): an invalid capacity
   // word only fails stdstring; multipleinheritance is tried after it.
   FakeImage img;
   Heap h;
   uint64_t b = h.alloc(32);
   Heap::link(b, 0, img.vtable(0, {img.fn(0), img.fn(1)}));
   Heap::link(b, 1, 7);
   Heap::link(b, 3, img.vtable(512, {img.fn(2), img.fn(3)}));
   add_unreadable(b + 8, b + 16);
   h.root(b + 24);
   h.search(LK_HEURS_ALL);
   CHECK(h.state(b) == "Reachable");
   CHECK(h.heuristic(b) == LK_HeurMultipleInheritance);
}

TEST_CASE("heuristic tags: cleared by a later start-pointer, kept otherwise", "[classify][heuristic]") {
   SECTION("interior (heuristic) pointer only: tagged") {
      Heap h;
      uint64_t b = std_string(h, 32, 5, 7);
      h.root(b + 24);
      h.search(LK_HEURS_ALL);
      CHECK(h.heuristic(b) == LK_HeurStdString);
   }
   SECTION("heuristic pointer, then a start-pointer in memory: cleared") {
      Heap h;
      uint64_t b = std_string(h, 32, 5, 7);
      h.root(b + 24);
      h.root(b);
      h.search(LK_HEURS_ALL);
      CHECK(h.state(b) == "Reachable");
      CHECK(h.heuristic(b) == LK_HeurNone);
   }
   SECTION("heuristic pointer in memory, start-pointer in a register: cleared") {
      Heap h;
      uint64_t b = std_string(h, 32, 5, 7);
      h.root(b + 24);
      h.reg(b);
      h.search(LK_HEURS_ALL);
      CHECK(h.heuristic(b) == LK_HeurNone);
   }
   SECTION("start-pointer first: the heuristic is never tried") {
      Heap h;
      uint64_t b = std_string(h, 32, 5, 7);
      h.root(b);
      h.root(b + 24);
      h.search(LK_HEURS_ALL);
      CHECK(h.heuristic(b) == LK_HeurNone);
   }
   SECTION("start-pointer found later, inside a reachable block: cleared") {
      Heap h;
      uint64_t b = std_string(h, 32, 5, 7);
      uint64_t holder = h.alloc(16);
      Heap::link(holder, 0, b);
      h.root(b + 24);
      h.root(holder);
      h.search(LK_HEURS_ALL);
      CHECK(h.heuristic(b) == LK_HeurNone);
   }
   SECTION("from a Possible block: tagged, yet only Possible") {
      Heap h;
      uint64_t b = std_string(h, 32, 5, 7);
      uint64_t p = h.alloc(32);
      Heap::link(p, 0, b + 24);
      h.root(p + 16);
      h.search(LK_HEURS_ALL);
      CHECK(h.state(p) == "Possible");
      CHECK(h.state(b) == "Possible");
      CHECK(h.heuristic(b) == LK_HeurStdString);
   }
   SECTION("a later non-matching interior pointer overwrites the tag") {
      // Roots Q (start) then P+16: P is scanned first (LIFO) and tags X via
      // the stdstring pointer; then Q's plain interior pointer X+16 tries
      // the heuristics again, and fails: the tag becomes None
      // (Memcheck assigns ex->heuristic on every try).
      Heap h;
      uint64_t x = std_string(h, 32, 5, 7);
      uint64_t p = h.alloc(32);
      uint64_t q = h.alloc(16);
      Heap::link(p, 0, x + 24);
      Heap::link(q, 0, x + 16);
      h.root(q);
      h.root(p + 16);
      h.search(LK_HEURS_ALL);
      CHECK(h.state(x) == "Possible");
      CHECK(h.heuristic(x) == LK_HeurNone);
   }
   SECTION("tagged Possible block upgraded by a later definite heuristic pointer") {
      Heap h;
      uint64_t x = std_string(h, 32, 5, 7);
      uint64_t p = h.alloc(32);
      uint64_t q = h.alloc(16);
      Heap::link(p, 0, x + 24);
      Heap::link(q, 0, x + 24);
      h.root(q);
      h.root(p + 16);
      h.search(LK_HEURS_ALL);
      CHECK(h.state(x) == "Reachable");
      CHECK(h.heuristic(x) == LK_HeurStdString);
   }
}

/*------------------------------------------------------------*/
/*--- Overlap rules of lk_leak_prepare                      ---*/
/*------------------------------------------------------------*/

TEST_CASE("a custom block inside a malloc block hides the malloc block", "[classify][overlap]") {
   for (int same_start = 0; same_start < 2; same_start++) {
      for (int custom_first = 0; custom_first < 2; custom_first++) {
         INFO("same_start " << same_start << " custom_first " << custom_first);
         Heap h;
         uint64_t mal = 0, c = 0;
         size_t coff = same_start ? 0x100 : 0x110;
         if (custom_first) {
            c = h.alloc_at_offset(coff, 16, 0, LK_BLOCK_CUSTOM);
            mal = h.alloc_at_offset(0x100, 64);
         } else {
            mal = h.alloc_at_offset(0x100, 64);
            c = h.alloc_at_offset(coff, 16, 0, LK_BLOCK_CUSTOM);
         }
         uint64_t other = h.alloc_at_offset(0x200, 16);
         h.root(mal + 0x30);    // inside the malloc block only
         h.root(other);
         h.root(c);
         REQUIRE(h.search() == 2);
         CHECK(h.index_of(mal) == (same_start ? 0u : (size_t)-1));   // same start: it is c
         CHECK(h.state(c) == "Reachable");
         CHECK(h.result(c).szB == 16);
         CHECK(h.state(other) == "Reachable");
      }
   }
}

TEST_CASE("inappropriate overlaps are refused, naming both blocks", "[classify][overlap]") {
   struct { size_t off1, sz1; unsigned f1; size_t off2, sz2; unsigned f2; } cases[] = {
      {0x100, 64, 0, 0x120, 64, 0},                                   // two malloc blocks
      {0x100, 64, 0, 0x100, 64, 0},                                   // duplicates
      {0x100, 64, 0, 0x130, 32, LK_BLOCK_CUSTOM},                     // custom sticks out
      {0x100, 64, LK_BLOCK_CUSTOM, 0x110, 16, LK_BLOCK_CUSTOM},       // custom in custom
      {0x100, 64, LK_BLOCK_CUSTOM, 0x110, 16, 0},                     // malloc in custom
      {0x100, 64, LK_BLOCK_CUSTOM | LK_BLOCK_METAPOOL, 0x130, 32, LK_BLOCK_CUSTOM},  // out of the meta block
      {0x100, 64, LK_BLOCK_CUSTOM | LK_BLOCK_METAPOOL, 0x110, 16,
       LK_BLOCK_CUSTOM | LK_BLOCK_METAPOOL},                          // two metapool chunks
      {0x100, 64, LK_BLOCK_CUSTOM, 0x110, 16, LK_BLOCK_CUSTOM | LK_BLOCK_METAPOOL},  // outer not meta
   };
   int k = 0;
   for (auto& c : cases) {
      INFO("case " << k++);
      Heap h;
      uint64_t other = h.alloc_at_offset(0x20, 16);
      uint64_t b1 = h.alloc_at_offset(c.off1, c.sz1, 0x501, c.f1);
      uint64_t b2 = h.alloc_at_offset(c.off2, c.sz2, 0x502, c.f2);
      (void)other;
      REQUIRE(h.prepare() == (size_t)-1);
      bool dup = b1 == b2;
      if (!dup) {
         CHECK(h.bad_a.start == b1);
         CHECK(h.bad_a.szB == c.sz1);
         CHECK(h.bad_a.alloc_at == 0x501);
         CHECK(h.bad_b.start == b2);
         CHECK(h.bad_b.szB == c.sz2);
         CHECK(h.bad_b.alloc_at == 0x502);
      } else {
         CHECK(h.bad_a.start == b1);
         CHECK(h.bad_b.start == b1);
         CHECK(h.bad_a.alloc_at + h.bad_b.alloc_at == 0x501 + 0x502);
      }
   }
}

TEST_CASE("metapool chunks may overlap their meta block; lookups follow Memcheck's binary search", "[classify][overlap]") {
   // leak-autofreepool: the meta block is a chunk of a metapool; the
   // MALLOCLIKE blocks carved from it lie inside it.
   Heap h;
   uint64_t m = h.alloc_at_offset(0x1000, 0x1000, 0x11, LK_BLOCK_CUSTOM | LK_BLOCK_METAPOOL);
   uint64_t c1 = h.alloc_at_offset(0x1010, 16, 0x12, LK_BLOCK_CUSTOM);
   uint64_t c2 = h.alloc_at_offset(0x1020, 16, 0x13, LK_BLOCK_CUSTOM);
   uint64_t c3 = h.alloc_at_offset(0x1030, 16, 0x14, LK_BLOCK_CUSTOM);
   uint64_t c4 = h.alloc_at_offset(0x1040, 16, 0x15, LK_BLOCK_CUSTOM);
   uint64_t d = h.alloc_at_offset(0x3000, 32, 0x16);
   // find_chunk_for over [m, c1, c2, c3, c4, d]: the first probe is c2;
   // c1's address goes left to index 0 and lands in m, an interior pointer
   // to m.  c3 and d are found as themselves.
   h.root(c1);
   h.root(c3);
   h.root(d);
   REQUIRE(h.search() == 6);
   CHECK(h.state(m) == "Possible");
   CHECK(h.state(c1) == "Unreached");
   CHECK(h.state(c2) == "Unreached");
   CHECK(h.state(c3) == "Reachable");
   CHECK(h.state(c4) == "Unreached");
   CHECK(h.state(d) == "Reachable");
}

TEST_CASE("overlap check: after a removal the next pair is skipped, as in Memcheck", "[classify][overlap]") {
   // [malloc 0x100+0x100, custom 0x110+0x10, malloc 0x118+0x18]: the custom
   // block hides the first malloc block, and the loop moves on without
   // comparing the custom block with the third, overlapping one.
   Heap h;
   h.alloc_at_offset(0x100, 0x100);
   uint64_t c = h.alloc_at_offset(0x110, 0x10, 0, LK_BLOCK_CUSTOM);
   uint64_t x = h.alloc_at_offset(0x118, 0x18);
   REQUIRE(h.search() == 2);
   CHECK(h.index_of(c) == 0);
   CHECK(h.index_of(x) == 1);
}

/*------------------------------------------------------------*/
/*--- Randomized comparison with the reference model         ---*/
/*------------------------------------------------------------*/

namespace {

struct RandomHeap {
   Heap h;
   std::vector<uint64_t> blocks;
   std::vector<uint64_t> roots;
   std::map<uint64_t, uint64_t> sizes_;

   RandomHeap(unsigned seed, size_t n_blocks, unsigned n_stacks = 6) : h(n_blocks * 256 + 4096) {
      std::mt19937_64 rng(seed);
      size_t far = h.new_arena(n_blocks * 256 + 4096);
      const uint64_t sizes[] = {0, 1, 8, 13, 16, 24, 40, 64, 100, 160};
      size_t off[2] = {64, 64};
      for (size_t i = 0; i < n_blocks; i++) {
         size_t ar = rng() % 4 == 0 ? far : 0;
         uint64_t sz = sizes[rng() % 10];
         size_t o = off[ar ? 1 : 0];
         switch (rng() % 4) {
         case 0: break;                          // adjacent to the previous one
         case 1: o += 8; break;
         case 2: o += 4; break;                  // unaligned custom block
         default: o += 64; break;
         }
         o = (o + 3) & ~size_t(3);
         blocks.push_back(h.alloc_at_offset(o, sz, 0x100 + 0x10 * (rng() % n_stacks),
                                            (o & 7) ? LK_BLOCK_CUSTOM : 0, ar));
         off[ar ? 1 : 0] = o + (sz ? sz : 1);
      }
      auto random_ptr = [&]() -> uint64_t {
         uint64_t t = blocks[rng() % blocks.size()];
         uint64_t sz = sizes_[t];
         switch (rng() % 6) {
         case 0: case 1: case 2: return t;
         case 3: return sz > 1 ? t + 1 + rng() % (sz - 1) : t;
         case 4: return t + sz;                 // just past the end
         default: return rng() % 2 ? rng() : rng() % 4096;   // garbage
         }
      };
      for (auto& b : h.blocks()) sizes_[b.start] = b.szB;
      for (auto& b : h.blocks()) {
         uint64_t p = (b.start + 7) & ~uint64_t(7);
         for (; p + 8 <= b.start + b.szB; p += 8)
            if (rng() % 3 == 0) Heap::poke(p, random_ptr());
      }
      size_t n_roots = 1 + rng() % 8;
      for (size_t i = 0; i < n_roots; i++) roots.push_back(random_ptr());
      for (uint64_t r : roots) {
         if (rng() % 3 == 0) h.reg(r); else h.root(r);
      }
   }
};

}  // namespace

namespace {

void compare_with_model(RandomHeap& rh) {
   RefModel ref(rh.h.blocks(), rh.roots);
   size_t n = rh.h.search();
   REQUIRE(n == rh.h.blocks().size());
   size_t mismatches = 0;
   for (auto& rb : ref.blocks()) {
      LK_BlockResult r = rh.h.result(rb.start);
      if (r.state != rb.state || r.indirect_szB != rb.indirect) {
         if (mismatches++ < 5)
            UNSCOPED_INFO("block " << std::hex << rb.start << std::dec << " size " << rb.szB
                          << ": core " << state_name(r.state) << "/" << r.indirect_szB
                          << ", model " << state_name(rb.state) << "/" << rb.indirect);
      }
      if (r.state == LK_IndirectLeak) {
         // Found from a lost block that points into it.
         REQUIRE(r.clique >= 0);
         LK_BlockResult from;
         lk_leak_block(rh.h.lc(), (size_t)r.clique, &from);
         bool points = false;
         for (uint64_t w : ref.words(ref.find(from.start)))
            points |= ref.find(w) == ref.find(rb.start);
         CHECK(points);
         CHECK((from.state == LK_IndirectLeak || from.state == LK_Unreached));
      }
   }
   CHECK(mismatches == 0);
   // Loss records of a first search.
   size_t nr = lk_leak_make_records(rh.h.lc());
   std::vector<LK_LossRecord> want = ref.records();
   REQUIRE(nr == want.size());
   for (size_t i = 0; i < nr; i++) {
      const LK_LossRecord* r = lk_leak_record(rh.h.lc(), i);
      INFO("record " << i);
      CHECK(r->state == want[i].state);
      CHECK(r->alloc_at == want[i].alloc_at);
      CHECK(r->szB == want[i].szB);
      CHECK(r->indirect_szB == want[i].indirect_szB);
      CHECK(r->n_blocks == want[i].n_blocks);
   }
}

}  // namespace

TEST_CASE("random heaps agree with the reference model", "[classify][random]") {
   for (unsigned seed = 1; seed <= 200; seed++) {
      INFO("seed " << seed);
      RandomHeap rh(seed, 20 + seed % 60);
      compare_with_model(rh);
   }
}

TEST_CASE("large random heaps: thousands of blocks and records", "[classify][aggregate][random]") {
   // More blocks than the core's minimum bucket count, and enough records
   // to exercise its quicksort with many ties.
   for (unsigned seed = 1001; seed <= 1004; seed++) {
      INFO("seed " << seed);
      RandomHeap rh(seed, 3000 + 500 * (seed % 3), 700);
      compare_with_model(rh);
   }
}

/*------------------------------------------------------------*/
/*--- Fault safety: the glue longjmps out of lk_leak_scan    ---*/
/*------------------------------------------------------------*/

namespace {

sigjmp_buf g_fault_jmp;
volatile uint64_t g_fault_addr;

void on_segv(int, siginfo_t* si, void*) {
   g_fault_addr = reinterpret_cast<uint64_t>(si->si_addr);
   siglongjmp(g_fault_jmp, 1);
}

// guarded_scan of lk_scan.c: resumes one word after each fault.
uint64_t guarded_scan(LK_Leak* lc, uint64_t start, uint64_t end) {
   volatile uint64_t cur = start;
   volatile uint64_t skipped = 0;
   if (sigsetjmp(g_fault_jmp, 1) != 0) {
      cur = (g_fault_addr & ~uint64_t(7)) + 8;
      skipped = skipped + 8;
   }
   if (cur < end) lk_leak_scan(lc, cur, end);
   return skipped;
}

}  // namespace

TEST_CASE("a scan interrupted by faults resumes after the faulting word", "[classify][fault]") {
   const size_t pg = (size_t)sysconf(_SC_PAGESIZE);
   uint8_t* mem = static_cast<uint8_t*>(
      mmap(nullptr, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
   REQUIRE(mem != MAP_FAILED);
   std::memset(mem, 0, 3 * pg);
   Heap h;
   uint64_t before = h.alloc(16), after = h.alloc(16), hidden = h.alloc(16);
   uint64_t base = reinterpret_cast<uint64_t>(mem);
   Heap::poke(base + pg - 8, before);       // last word before the hole
   Heap::poke(base + pg + 64, hidden);      // inside the hole: never read
   Heap::poke(base + 2 * pg, after);        // first word after it
   REQUIRE(mprotect(mem + pg, pg, PROT_NONE) == 0);

   struct sigaction sa, old_segv, old_bus;
   std::memset(&sa, 0, sizeof sa);
   sa.sa_sigaction = on_segv;
   sa.sa_flags = SA_SIGINFO | SA_NODEFER;
   sigaction(SIGSEGV, &sa, &old_segv);
   sigaction(SIGBUS, &sa, &old_bus);

   h.prepare();
   lk_leak_set_root_context(h.lc());
   uint64_t skipped = guarded_scan(h.lc(), base, base + 3 * pg);
   sigaction(SIGSEGV, &old_segv, nullptr);
   sigaction(SIGBUS, &old_bus, nullptr);
   h.drain();
   h.cliques();
   munmap(mem, 3 * pg);

   CHECK(skipped == pg);
   CHECK(h.state(before) == "Reachable");
   CHECK(h.state(after) == "Reachable");
   CHECK(h.state(hidden) == "Unreached");
}

// Regression: lk_leak_scan used to add the whole [start, end) on every
// call, so each resume after a fault (lk_leak_scan(F + 8, e), the protocol
// lk_core.h prescribes) counted the rest of the range again.  Memcheck
// counts each word once, faulting words included: 3 pages here.
TEST_CASE("scanned bytes count each word once when a scan resumes after faults", "[classify][fault]") {
   const size_t pg = (size_t)sysconf(_SC_PAGESIZE);
   uint8_t* mem = static_cast<uint8_t*>(
      mmap(nullptr, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
   REQUIRE(mem != MAP_FAILED);
   Heap h;
   h.alloc(16);
   REQUIRE(mprotect(mem + pg, pg, PROT_NONE) == 0);
   struct sigaction sa, old_segv, old_bus;
   std::memset(&sa, 0, sizeof sa);
   sa.sa_sigaction = on_segv;
   sa.sa_flags = SA_SIGINFO | SA_NODEFER;
   sigaction(SIGSEGV, &sa, &old_segv);
   sigaction(SIGBUS, &sa, &old_bus);
   h.prepare();
   lk_leak_set_root_context(h.lc());
   uint64_t base = reinterpret_cast<uint64_t>(mem);
   guarded_scan(h.lc(), base, base + 3 * pg);
   sigaction(SIGSEGV, &old_segv, nullptr);
   sigaction(SIGBUS, &old_bus, nullptr);
   munmap(mem, 3 * pg);
   CHECK(lk_leak_scanned_bytes(h.lc()) == 3 * pg);
}

/*------------------------------------------------------------*/
/*--- Start tags (lk_leak_tags_begin / _write)              ---*/
/*------------------------------------------------------------*/

// The tags only change how a start-pointer finds its block; every result
// must be what the lookup gives.  (tests/run-all also runs all [classify]
// tests with tags, through LK_UNIT_TAGS=1.)

TEST_CASE("start tags: every malloc'd block with 16 free bytes below it gets one", "[classify][tags]") {
   Heap h(1 << 16);
   h.use_tags();
   uint64_t a = h.alloc(40);                         // offset 64: tagged
   uint64_t b = h.alloc(24);                         // 16-byte gap: tagged
   uint64_t c = h.alloc_at_offset(4096, 32);         // page start: nothing below in its page
   uint64_t d = h.alloc_at_offset(4096 + 32, 32);    // adjacent to c: no room
   uint64_t e = h.alloc_at_offset(8192 + 64, 32, 0, LK_BLOCK_CUSTOM);   // the client's bytes below
   uint64_t f = h.alloc_at_offset(8192 + 200, 8);    // not 16-aligned: never a malloc block
   uint64_t g = h.alloc_at_offset(12288 + 48, 64);   // tagged
   uint64_t below_c = Heap::peek(c - 8), below_d = Heap::peek(d - 8);
   Heap::poke(e - 8, 0x1111);
   Heap::poke(e - 16, 0x2222);
   Heap::poke(f - 8, 0x3333);
   for (uint64_t blk : {a, b, c, d, e, f, g}) h.root(blk);
   REQUIRE(h.search() == 7);
   CHECK(h.n_tagged() == 3);                          // a, b, g
   CHECK(Heap::peek(c - 8) == below_c);
   CHECK(Heap::peek(d - 8) == below_d);
   CHECK(Heap::peek(e - 8) == 0x1111);
   CHECK(Heap::peek(e - 16) == 0x2222);
   CHECK(Heap::peek(f - 8) == 0x3333);
   for (uint64_t blk : {a, b, c, d, e, f, g}) CHECK(h.state(blk) == "Reachable");
}

TEST_CASE("start tags: the same states, indirect sizes and records as without", "[classify][tags]") {
   // One heap searched twice, without tags and then with them (the
   // address order, on which cliques depend, stays the same).  Heaps
   // whose two arenas lie 4 GiB apart or more get no tags.
   unsigned n_with_tags = 0;
   for (unsigned seed = 1; seed <= 60; seed++) {
      INFO("seed " << seed);
      RandomHeap rh(seed, 40 + seed % 50);
      unsigned heur = seed % 2 ? (unsigned)LK_HEURS_ALL : 0u;
      std::vector<std::pair<LK_State, uint64_t>> got[2];
      std::vector<LK_LossRecord> recs[2];
      for (int tags = 0; tags < 2; tags++) {
         rh.h.use_tags(tags == 1);
         size_t n = rh.h.search(heur);
         if (tags == 1) n_with_tags += rh.h.n_tagged() > 0;
         else CHECK(rh.h.n_tagged() == 0);
         for (size_t i = 0; i < n; i++) {
            LK_BlockResult r;
            lk_leak_block(rh.h.lc(), i, &r);
            got[tags].push_back({r.state, r.indirect_szB});
         }
         recs[tags] = records_of(rh.h.lc(), lk_leak_make_records(rh.h.lc()));
      }
      CHECK(got[0] == got[1]);
      REQUIRE(recs[0].size() == recs[1].size());
      for (size_t i = 0; i < recs[0].size(); i++) {
         CHECK(recs[0][i].state == recs[1][i].state);
         CHECK(recs[0][i].szB == recs[1][i].szB);
         CHECK(recs[0][i].indirect_szB == recs[1][i].indirect_szB);
         CHECK(recs[0][i].n_blocks == recs[1][i].n_blocks);
      }
   }
   CHECK(n_with_tags >= 30);
}

TEST_CASE("start tags: a long reachable list is found through its tags", "[classify][tags]") {
   const size_t n = 5000;
   Heap h(n * 48 + 4096);
   h.use_tags();
   std::vector<uint64_t> b(n);
   for (size_t i = 0; i < n; i++) b[i] = h.alloc(24, 0x42);
   for (size_t i = 0; i + 1 < n; i++) Heap::link(b[i], 0, b[i + 1]);
   h.root(b[0]);
   REQUIRE(h.search() == n);
   size_t room = 0;   // blocks not at the very start of a page
   for (uint64_t blk : b) room += (blk & 4095) >= 16;
   CHECK(room > n - n / 50);
   CHECK(h.n_tagged() == room);
   size_t n_reach = 0;
   for (size_t i = 0; i < n; i++) n_reach += h.state(b[i]) == "Reachable";
   CHECK(n_reach == n);
}

TEST_CASE("start tags of an earlier search never count", "[classify][tags]") {
   // A freed block keeps the tag of the search before; a later search
   // (another key) must not take a pointer to it for a block.  Likewise
   // the copy of a tag inside another block's data.
   Heap h(1 << 16);
   h.use_tags();
   uint64_t a = h.alloc(32);
   uint64_t gone = h.alloc(32);
   uint64_t holder = h.alloc(64);
   h.root(a);
   h.root(gone);
   h.root(holder);
   REQUIRE(h.search() == 3);
   CHECK(h.n_tagged() == 3);
   // Copy gone's tag into holder's data, then pretend a pointer to the
   // word after it: with the old key it would name block 'gone'.
   Heap::poke(holder + 16, Heap::peek(gone - 16));
   Heap::poke(holder + 24, Heap::peek(gone - 8));
   h.remove(gone);
   h.clear_roots();
   h.root(holder + 32);                               // interior pointer
   h.root(gone);                                      // no block now
   REQUIRE(h.search() == 2);
   CHECK(h.n_tagged() == 2);
   CHECK(h.state(holder) == "Possible");
   CHECK(h.state(a) == "Unreached");
   CHECK(h.state(gone) == "absent");
}

TEST_CASE("start tags are not used when blocks overlap", "[classify][tags]") {
   std::string want[2];
   for (int tags = 0; tags < 2; tags++) {
      Heap h(1 << 16);
      h.use_tags(tags == 1);
      uint64_t meta = h.alloc(256, 0, LK_BLOCK_CUSTOM | LK_BLOCK_METAPOOL);
      uint64_t inner = h.alloc_at_offset(meta - h.arena().addr(0) + 64, 32,
                                         0, LK_BLOCK_CUSTOM);
      uint64_t plain = h.alloc(32);
      h.root(inner);
      h.root(plain);
      REQUIRE(h.search() == 3);
      CHECK(h.n_tagged() == 0);
      CHECK(h.state(plain) == "Reachable");
      want[tags] = h.state(meta) + "/" + h.state(inner);
   }
   CHECK(want[0] == want[1]);
}

/*------------------------------------------------------------*/
/*--- Sorting the blocks                                    ---*/
/*------------------------------------------------------------*/

namespace {

// Begins a search on h's blocks added in the given order (indices into
// h.blocks()) and prepares it.
LK_Leak* add_in_order(Heap& h, const std::vector<size_t>& order) {
   LK_Leak* lc = h.lc();
   lk_leak_begin(lc, order.size(), 0);
   for (size_t k : order) {
      const BlockSpec& b = h.blocks()[k];
      lk_leak_add_block(lc, b.start, b.szB, b.alloc_at, b.group, b.flags);
   }
   LK_BlockRef a, b;
   REQUIRE(lk_leak_prepare(lc, &a, &b) == order.size());
   return lc;
}

// Adds h's blocks in the given order, prepares, and checks the core's
// block order is by address.
void check_sorted_after(Heap& h, const std::vector<size_t>& order) {
   LK_Leak* lc = add_in_order(h, order);
   uint64_t prev = 0;
   for (size_t i = 0; i < order.size(); i++) {
      LK_BlockResult r;
      lk_leak_block(lc, i, &r);
      CHECK(r.start > prev);
      CHECK(r.alloc_at == h.alloc_at_of(r.start));
      prev = r.start;
   }
}

}  // namespace

TEST_CASE("blocks in almost address order are sorted", "[classify][sort]") {
   const size_t n = 8192;
   Heap h(n * 32 + 4096);
   for (size_t i = 0; i < n; i++) h.alloc(8);
   std::vector<size_t> order(n);
   for (size_t i = 0; i < n; i++) order[i] = i;
   SECTION("in order") { check_sorted_after(h, order); }
   SECTION("a few neighbours swapped (the insertion sort finishes)") {
      std::swap(order[10], order[11]);
      std::swap(order[5000], order[5003]);
      std::swap(order[n - 2], order[n - 1]);
      check_sorted_after(h, order);
   }
   SECTION("one block far from its place (the insertion sort gives up)") {
      std::rotate(order.begin(), order.end() - 3, order.end());
      check_sorted_after(h, order);
   }
   SECTION("the first block last") {
      std::rotate(order.begin(), order.begin() + 1, order.end());
      check_sorted_after(h, order);
   }
}

namespace {

// As check_sorted_after, with a --leak-resolution group for each block
// (every third block shares group G1, every third G2, the rest are their
// own): the groups must move with their blocks, so that each record has
// the blocks of one group and the alloc_at of its lowest block.
void check_groups_sorted_after(Heap& h, const std::vector<size_t>& order) {
   const LK_StackId G1 = 0x7001, G2 = 0x7002;
   std::map<uint64_t, LK_StackId> group;
   for (size_t k = 0; k < h.blocks().size(); k++) {
      uint64_t s = h.blocks()[k].start;
      LK_StackId g = k % 3 == 0 ? G1 : k % 3 == 1 ? G2 : h.alloc_at_of(s);
      h.set_group(s, g);
      group[s] = g;
   }
   LK_Leak* lc = add_in_order(h, order);
   CHECK(lc->wide_alloc == (order.size() > 4096 + order.size() / 8));
   // No marking: every block is Unreached, one record per group.
   size_t n_rec = lk_leak_make_records(lc);
   REQUIRE(n_rec == 2 + order.size() / 3);
   std::map<LK_StackId, LK_StackId> lowest_alloc;   // group -> alloc_at
   std::map<LK_StackId, uint64_t> n_in;
   std::map<size_t, LK_StackId> group_of_record;
   uint64_t prev = 0;
   size_t bad = 0;
   for (size_t i = 0; i < order.size(); i++) {
      LK_BlockResult r;
      lk_leak_block(lc, i, &r);
      REQUIRE(r.start > prev);
      prev = r.start;
      if (r.alloc_at != h.alloc_at_of(r.start)) bad++;
      LK_StackId g = group[r.start];
      if (!lowest_alloc.count(g)) lowest_alloc[g] = r.alloc_at;
      n_in[g]++;
      // Each record holds one group's blocks.
      if (group_of_record.count(r.record) && group_of_record[r.record] != g)
         bad++;
      group_of_record[r.record] = g;
   }
   CHECK(bad == 0);
   for (auto& rg : group_of_record) {
      const LK_LossRecord* lr = lk_leak_record(lc, rg.first);
      CHECK(lr->alloc_at == lowest_alloc[rg.second]);
      CHECK(lr->n_blocks == n_in[rg.second]);
   }
}

}  // namespace

TEST_CASE("--leak-resolution groups move with their blocks when sorted", "[classify][sort]") {
   // 3000 blocks, each with its own stack: kept as indices into a table
   // of stacks; 6000: more than 4096 + 6000/8 stacks, kept per block.
   const size_t n = GENERATE(3000, 6000);
   Heap h(n * 32 + 4096);
   for (size_t i = 0; i < n; i++) h.alloc(8);
   std::vector<size_t> order(n);
   for (size_t i = 0; i < n; i++) order[i] = i;
   SECTION("in order") { check_groups_sorted_after(h, order); }
   SECTION("two neighbours swapped (the insertion sort)") {
      std::swap(order[1000], order[1001]);
      check_groups_sorted_after(h, order);
   }
   SECTION("reversed (the radix sort)") {
      std::reverse(order.begin(), order.end());
      check_groups_sorted_after(h, order);
   }
   SECTION("shuffled (the radix sort)") {
      std::mt19937 rng(16);
      std::shuffle(order.begin(), order.end(), rng);
      check_groups_sorted_after(h, order);
   }
}

TEST_CASE("the stack index widens from 2 to 4 bytes past 65,536 stacks", "[classify][sort]") {
   // 520,000 blocks of 66,000 stacks (block k has stack k mod 66,000):
   // more stacks than a 2-byte index holds, fewer than 4096 + n/8, so
   // the index goes from 2 bytes a block to 4, not to a stack a block.
   // Added shuffled: the sort moves the indices of either width.
   const size_t n = 520000, n_stacks = 66000;
   const bool shuffled = GENERATE(true, false);   // else reversed
   Heap h(n * 32 + 4096);
   for (size_t k = 0; k < n; k++)
      h.alloc(8, 0x10000 + 0x10 * (k % n_stacks));
   std::vector<size_t> order(n);
   for (size_t i = 0; i < n; i++) order[i] = i;
   std::mt19937 rng(7);
   if (shuffled) std::shuffle(order.begin(), order.end(), rng);
   else std::reverse(order.begin(), order.end());
   LK_Leak* lc = add_in_order(h, order);
   CHECK_FALSE(lc->wide_alloc);
   CHECK_FALSE(lc->narrow);
   CHECK(lc->sidx16.size() == 0);
   CHECK(lc->sidx.size() == n);
   // Addresses ascend with k: block i of the search is h's block i.
   size_t bad = 0;
   for (size_t i = 0; i < n; i++) {
      LK_BlockResult r;
      lk_leak_block(lc, i, &r);
      if (r.start != h.blocks()[i].start
          || r.alloc_at != 0x10000 + 0x10 * (i % n_stacks))
         bad++;
   }
   CHECK(bad == 0);
   // No marking: all unreached, one record a stack, each with its blocks.
   REQUIRE(lk_leak_make_records(lc) == n_stacks);
   size_t blocks_in_records = 0;
   for (size_t r = 0; r < n_stacks; r++) {
      const LK_LossRecord* lr = lk_leak_record(lc, r);
      uint64_t stack_no = (lr->alloc_at - 0x10000) / 0x10;
      CHECK(lr->n_blocks == n / n_stacks + (stack_no < n % n_stacks ? 1 : 0));
      blocks_in_records += lr->n_blocks;
   }
   CHECK(blocks_in_records == n);
}

TEST_CASE("a search of few stacks keeps a 2-byte stack index", "[classify][sort]") {
   const size_t n = 20000;
   Heap h(n * 32 + 4096);
   for (size_t k = 0; k < n; k++) h.alloc(8, 0x10000 + 0x10 * (k % 300));
   std::vector<size_t> order(n);
   for (size_t i = 0; i < n; i++) order[i] = n - 1 - i;
   LK_Leak* lc = add_in_order(h, order);
   CHECK(lc->narrow);
   CHECK(lc->sidx16.size() == n);
   CHECK(lc->sidx.size() == 0);
   size_t bad = 0;
   for (size_t i = 0; i < n; i++) {
      LK_BlockResult r;
      lk_leak_block(lc, i, &r);
      if (r.alloc_at != 0x10000 + 0x10 * (i % 300)) bad++;
   }
   CHECK(bad == 0);
   REQUIRE(lk_leak_make_records(lc) == 300);
}

TEST_CASE("a custom block hiding a malloc'd one takes its alloc_at and group out with it", "[classify][sort]") {
   // Memcheck drops the malloc'd block a custom block covers; the blocks
   // after it keep their own stacks and groups.
   // With more blocks after them, of as many stacks: each block's stack
   // is then kept by itself rather than as an index.
   const size_t more = GENERATE(0, 6000);
   Heap h(more ? (1 << 18) : (1 << 16));
   uint64_t a = h.alloc(32);
   uint64_t c = h.alloc_at_offset(a - h.arena().addr(0) + 8, 8, 0, LK_BLOCK_CUSTOM);
   uint64_t b = h.alloc(16);
   uint64_t d = h.alloc(16);
   h.set_group(a, 0xA0);
   h.set_group(c, 0xC0);
   h.set_group(b, 0xB0);
   h.set_group(d, 0xB0);
   for (size_t k = 0; k < more; k++) h.set_group(h.alloc(8), 0xE0);
   REQUIRE(h.search() == 3 + more);   // a is erased: c lies inside it
   LK_Leak* lc = h.lc();
   CHECK(lc->wide_alloc == (more > 0));
   // all lost: groups 0xC0, 0xB0 (and 0xE0)
   REQUIRE(lk_leak_make_records(lc) == (more ? 3u : 2u));
   LK_BlockResult r;
   lk_leak_block(lc, 1, &r);
   CHECK(r.start == b);
   CHECK(r.alloc_at == h.alloc_at_of(b));
   const LK_LossRecord* lr = lk_leak_record(lc, r.record);
   CHECK(lr->n_blocks == 2);   // b and d: group 0xB0
   CHECK(lr->alloc_at == h.alloc_at_of(b));
   lk_leak_block(lc, 0, &r);
   CHECK(r.alloc_at == h.alloc_at_of(c));
   CHECK(lk_leak_record(lc, r.record)->n_blocks == 1);
}

TEST_CASE("a block's size and flags share a word and keep each other", "[classify][sort]") {
   // The glue's sizes have 59 bits (LK_Chunk); the core keeps 60.
   const uint64_t sizes[] = {0, 1, ((uint64_t)1 << 47) - 1, ((uint64_t)1 << 47) + 12345,
                             ((uint64_t)1 << 59) - 1, lk::kSizeMask};
   for (uint64_t sz : sizes) {
      for (unsigned fl = 0; fl <= lk::kFlagsMax; fl++) {
         lk::Block blk = lk::Block::make(0x1000, sz, fl);
         CHECK(blk.size() == sz);
         CHECK(blk.flags() == fl);
         CHECK(blk.start == 0x1000);
      }
   }
   // Through the API: a metapool block of 2^47+ bytes with every flag,
   // holding a custom block.  Losing the metapool flag would make the
   // overlap fatal, losing the custom flag would drop the big block.
   LK_Leak* lc = new_leak();
   const uint64_t big = ((uint64_t)1 << 47) + 4096 + 8;
   lk_leak_begin(lc, 2, 0);
   lk_leak_add_block(lc, 0x100000, big, 1, 1, LK_BLOCK_CUSTOM | LK_BLOCK_METAPOOL);
   lk_leak_add_block(lc, 0x200000, 64, 2, 2, LK_BLOCK_CUSTOM);
   LK_BlockRef ba, bb;
   REQUIRE(lk_leak_prepare(lc, &ba, &bb) == 2);
   LK_BlockResult r;
   lk_leak_block(lc, 0, &r);
   CHECK(r.start == 0x100000);
   CHECK(r.szB == big);
   CHECK(r.alloc_at == 1);
   lk_leak_block(lc, 1, &r);
   CHECK(r.szB == 64);
   // A pointer into the big block far above the small one finds it.
   size_t i = 99;
   REQUIRE(lk_leak_find(lc, 0x100000 + big - 1, &i));
   CHECK(i == 0);
}
