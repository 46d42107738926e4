// [origins]: where the last pointer to each lost block went
// (--track-leak-origins; lk_lost.cpp picks the event, lk_fmt.cpp words
// it).  The events are made up here, as the glue (lk_origin.c) would
// report them: the latest that removed a pointer into the block, and the
// first return that handed one out.
// SPDX-License-Identifier: GPL-2.0-or-later

#include "lk_catch.hpp"

#include "leak_graph.hpp"

#include <algorithm>
#include <cstring>
#include <map>

using namespace lk_test;

namespace {

struct Events {
   LK_OriginEvent mem{0, LK_ORIG_NONE, 0};
   LK_OriginEvent ret{0, LK_ORIG_NONE, 0};
};

// The glue's side: events by block start.
struct FakeGlue {
   std::map<uint64_t, Events> ev;
   std::vector<uint64_t> asked;

   void mem(uint64_t block, uint64_t seq, LK_OriginKind kind, uint64_t site) {
      ev[block].mem = LK_OriginEvent{seq, kind, site};
   }
   void ret(uint64_t block, uint64_t seq, uint64_t site) {
      ev[block].ret = LK_OriginEvent{seq, LK_ORIG_RETURNED, site};
   }
   static void lookup(void* opaque, LK_Addr start, uint64_t szB,
                      LK_OriginEvent* mem, LK_OriginEvent* ret) {
      FakeGlue* g = static_cast<FakeGlue*>(opaque);
      (void)szB;
      g->asked.push_back(start);
      auto it = g->ev.find(start);
      if (it == g->ev.end()) return;
      *mem = it->second.mem;
      *ret = it->second.ret;
   }
};

// Records and origins after a search of h.
size_t origins(Heap& h, FakeGlue& g) {
   size_t n = lk_leak_make_records(h.lc());
   lk_leak_origins(h.lc(), FakeGlue::lookup, &g);
   return n;
}

LK_RecordOrigin block_origin(Heap& h, uint64_t block) {
   LK_RecordOrigin o;
   lk_leak_block_origin(h.lc(), h.index_of(block), &o);
   return o;
}

const LK_RecordOrigin& record_origin(Heap& h, uint64_t block) {
   return *lk_leak_record_origin(h.lc(), h.result(block).record);
}

std::string words(const LK_RecordOrigin& o, int* has_stack = nullptr) {
   char buf[256];
   int hs = -1;
   size_t n = lk_fmt_origin(buf, sizeof buf, &o, &hs);
   REQUIRE(n < sizeof buf);
   if (has_stack) *has_stack = hs;
   return std::string(buf, n);
}

LK_RecordOrigin ro(LK_OriginKind kind, uint64_t n_same, uint64_t n_blocks,
                   int cycle = 0, size_t head = (size_t)-1) {
   LK_RecordOrigin o{};
   o.kind = kind;
   o.cycle = cycle;
   o.site = 7;
   o.seq = 1;
   o.n_same = n_same;
   o.n_blocks = n_blocks;
   o.head_record = head;
   return o;
}

}  // namespace

/*------------------------------------------------------------*/
/*--- One block's origin                                   ---*/
/*------------------------------------------------------------*/

TEST_CASE("a definitely lost block's origin is its own latest event", "[origins]") {
   Heap h;
   FakeGlue g;
   uint64_t a = h.alloc(16), r = h.alloc(24);
   h.root(r);
   g.mem(a, 5, LK_ORIG_OVERWRITTEN, 0x51);
   g.ret(a, 2, 0x21);   // a memory event wins over a return
   h.search();
   origins(h, g);
   LK_RecordOrigin o = block_origin(h, a);
   CHECK(o.kind == LK_ORIG_OVERWRITTEN);
   CHECK(o.site == 0x51);
   CHECK(o.seq == 5);
   CHECK(o.cycle == 0);
   // The reachable block has nothing to say, and its events are not asked.
   CHECK(block_origin(h, r).kind == LK_ORIG_NONE);
   CHECK(record_origin(h, r).kind == LK_ORIG_NONE);
   CHECK(std::find(g.asked.begin(), g.asked.end(), r) == g.asked.end());
}

TEST_CASE("never stored: the return that handed the pointer out, else the allocation", "[origins]") {
   Heap h;
   FakeGlue g;
   uint64_t a = h.alloc(16), b = h.alloc(32);
   g.ret(a, 3, 0x33);
   h.search();
   origins(h, g);
   LK_RecordOrigin oa = block_origin(h, a), ob = block_origin(h, b);
   CHECK(oa.kind == LK_ORIG_RETURNED);
   CHECK(oa.site == 0x33);
   CHECK(ob.kind == LK_ORIG_RETURNED);
   CHECK(ob.site == 0);   // the glue prints the allocation stack
}

TEST_CASE("a block leading a tree: its own event, not its children's", "[origins]") {
   Heap h;
   FakeGlue g;
   // L -> c1 -> c2; c2's pointer was overwritten after L's was.
   uint64_t L = h.alloc(16), c1 = h.alloc(16), c2 = h.alloc(16);
   Heap::link(L, 0, c1);
   Heap::link(c1, 0, c2);
   g.mem(L, 4, LK_ORIG_FREED, 0x44);
   g.mem(c2, 9, LK_ORIG_OVERWRITTEN, 0x99);
   h.search();
   origins(h, g);
   CHECK(h.state(c1) == "IndirectLeak");
   LK_RecordOrigin o = block_origin(h, L);
   CHECK(o.kind == LK_ORIG_FREED);
   CHECK(o.site == 0x44);
   CHECK(o.cycle == 0);
   // Without an event of its own, L was never stored, whatever its
   // children say.
   Heap h2;
   FakeGlue g2;
   uint64_t L2 = h2.alloc(16), d = h2.alloc(16);
   Heap::link(L2, 0, d);
   g2.mem(d, 9, LK_ORIG_OVERWRITTEN, 0x99);
   h2.search();
   origins(h2, g2);
   CHECK(block_origin(h2, L2).kind == LK_ORIG_RETURNED);
   CHECK(block_origin(h2, L2).site == 0);
}

TEST_CASE("a lost cycle: the latest event over the blocks that reach its leader", "[origins]") {
   Heap h;
   FakeGlue g;
   // a -> b -> c -> a (a leads: lowest address), and c -> t, a tail.
   uint64_t a = h.alloc(16), b = h.alloc(16), c = h.alloc(24), t = h.alloc(32);
   Heap::link(a, 0, b);
   Heap::link(b, 0, c);
   Heap::link(c, 0, a);
   Heap::link(c, 1, t);
   g.mem(a, 3, LK_ORIG_OVERWRITTEN, 0x33);   // built, rearranged
   g.mem(b, 8, LK_ORIG_FRAME, 0x88);         // the cut: the last outside pointer
   g.mem(c, 6, LK_ORIG_OVERWRITTEN, 0x66);
   g.mem(t, 12, LK_ORIG_OVERWRITTEN, 0xCC);  // later, but t is not in the cycle
   h.search();
   origins(h, g);
   REQUIRE(h.state(a) == "Unreached");
   LK_RecordOrigin o = block_origin(h, a);
   CHECK(o.kind == LK_ORIG_FRAME);
   CHECK(o.site == 0x88);
   CHECK(o.seq == 8);
   CHECK(o.cycle == 1);
   CHECK(words(record_origin(h, a)) ==
         "The last pointer into the cycle of this block was on the stack of "
         "a function that returned at:");
}

TEST_CASE("a cycle whose leader's own event is the latest is no cycle in the words", "[origins]") {
   Heap h;
   FakeGlue g;
   uint64_t a = h.alloc(16), b = h.alloc(16);
   Heap::link(a, 0, b);
   Heap::link(b, 0, a);
   g.mem(a, 9, LK_ORIG_OVERWRITTEN, 0x99);
   g.mem(b, 2, LK_ORIG_OVERWRITTEN, 0x22);
   h.search();
   origins(h, g);
   LK_RecordOrigin o = block_origin(h, a);
   CHECK(o.site == 0x99);
   CHECK(o.cycle == 0);
   // A cycle with no event at all was never stored.
   Heap h2;
   FakeGlue g2;
   uint64_t x = h2.alloc(16), y = h2.alloc(16);
   Heap::link(x, 0, y);
   Heap::link(y, 0, x);
   h2.search();
   origins(h2, g2);
   CHECK(block_origin(h2, x).kind == LK_ORIG_RETURNED);
}

TEST_CASE("a self-pointing block is a cycle of one", "[origins]") {
   Heap h;
   FakeGlue g;
   uint64_t a = h.alloc(16);
   Heap::link(a, 1, a + 8);   // an interior pointer to itself
   g.mem(a, 4, LK_ORIG_OVERWRITTEN, 0x44);
   h.search();
   origins(h, g);
   CHECK(block_origin(h, a).site == 0x44);
   CHECK(block_origin(h, a).cycle == 0);
}

TEST_CASE("custom blocks say nothing (their memory is the client's)", "[origins]") {
   Heap h;
   FakeGlue g;
   uint64_t a = h.alloc(16, 0, LK_BLOCK_CUSTOM), k = h.alloc(8);
   Heap::link(a, 0, k);
   g.mem(a, 4, LK_ORIG_OVERWRITTEN, 0x44);
   h.search();
   origins(h, g);
   CHECK(block_origin(h, a).kind == LK_ORIG_NONE);
   CHECK(block_origin(h, k).kind == LK_ORIG_NONE);
   CHECK(words(record_origin(h, a)) == "");
}

/*------------------------------------------------------------*/
/*--- Records                                              ---*/
/*------------------------------------------------------------*/

TEST_CASE("a record names its most recent loss and counts the blocks sharing it", "[origins]") {
   Heap h;
   FakeGlue g;
   const LK_StackId G = 0x500;
   uint64_t b1 = h.alloc(8, G), b2 = h.alloc(8, G), b3 = h.alloc(8, G),
            b4 = h.alloc(8, G);
   for (uint64_t x : {b1, b2, b3, b4}) h.set_group(x, G);
   g.mem(b1, 5, LK_ORIG_OVERWRITTEN, 0xA);
   g.mem(b2, 9, LK_ORIG_OVERWRITTEN, 0xB);
   g.mem(b3, 7, LK_ORIG_OVERWRITTEN, 0xB);
   g.mem(b4, 8, LK_ORIG_FREED, 0xB);         // same stack, another kind
   h.search();
   origins(h, g);
   const LK_RecordOrigin& o = record_origin(h, b1);
   CHECK(o.kind == LK_ORIG_OVERWRITTEN);
   CHECK(o.site == 0xB);
   CHECK(o.seq == 9);
   CHECK(o.n_same == 2);
   CHECK(o.n_blocks == 4);
   CHECK(words(o) == "The last pointers to 2 of these 4 blocks were overwritten at:");
}

TEST_CASE("indirectly lost records name the record of their most recently lost head", "[origins]") {
   Heap h;
   FakeGlue g;
   const LK_StackId K = 0x700;
   // Two heads in two records, each owning kids of one record K.
   uint64_t h1 = h.alloc(16, 0x110), h2 = h.alloc(32, 0x120);
   uint64_t k1 = h.alloc(8, K), k2 = h.alloc(8, K), k3 = h.alloc(8, K);
   for (uint64_t x : {k1, k2, k3}) h.set_group(x, K);
   Heap::link(h1, 0, k1);
   Heap::link(h2, 0, k2);
   Heap::link(h2, 1, k3);
   g.mem(h1, 3, LK_ORIG_OVERWRITTEN, 0x13);
   g.mem(h2, 6, LK_ORIG_OVERWRITTEN, 0x26);
   g.mem(k1, 50, LK_ORIG_OVERWRITTEN, 0x50);   // kids' own events do not count
   h.search();
   origins(h, g);
   const LK_RecordOrigin& o = record_origin(h, k1);
   CHECK(o.kind == LK_ORIG_INDIRECT);
   CHECK(o.head_record == h.result(h2).record);
   CHECK(o.n_same == 2);
   CHECK(o.n_blocks == 3);
   CHECK(words(o) == "The last pointers to 2 of these 3 blocks are in blocks lost "
                     "with loss record " + std::to_string(h.result(h2).record + 1));
   LK_RecordOrigin b = block_origin(h, k1);
   CHECK(b.kind == LK_ORIG_INDIRECT);
   CHECK(b.head_record == h.result(h1).record);
}

TEST_CASE("a head reached through a former leader is the final leader", "[origins]") {
   Heap h;
   FakeGlue g;
   // Cliques go in address order: b (lowest) leads b -> c first, then a
   // reaches b and takes its whole clique; c's head is a, through b.
   uint64_t b = h.alloc(16, 0x1B), a = h.alloc(16, 0x1A), c = h.alloc(16, 0x1C);
   Heap::link(b, 0, c);   // b -> c
   Heap::link(a, 0, b);   // a -> b: a leads all
   g.mem(a, 4, LK_ORIG_OVERWRITTEN, 0x44);
   h.search();
   origins(h, g);
   CHECK(h.state(a) == "Unreached");
   CHECK(h.state(c) == "IndirectLeak");
   CHECK(block_origin(h, c).head_record == h.result(a).record);
   CHECK(block_origin(h, b).head_record == h.result(a).record);
}

TEST_CASE("without lk_leak_origins, or for other kinds, records say nothing", "[origins]") {
   Heap h;
   uint64_t a = h.alloc(16), p = h.alloc(16);
   h.root(p + 4);   // possibly lost
   h.search();
   size_t n = lk_leak_make_records(h.lc());
   REQUIRE(n == 2);
   for (size_t i = 0; i < n; i++)
      CHECK(lk_leak_record_origin(h.lc(), i)->kind == LK_ORIG_NONE);
   FakeGlue g;
   lk_leak_origins(h.lc(), FakeGlue::lookup, &g);
   CHECK(record_origin(h, a).kind == LK_ORIG_RETURNED);
   CHECK(record_origin(h, p).kind == LK_ORIG_NONE);
}

/*------------------------------------------------------------*/
/*--- The words                                            ---*/
/*------------------------------------------------------------*/

TEST_CASE("origin sentences: one block, all blocks, some blocks", "[origins][format]") {
   int hs = 0;
   CHECK(words(ro(LK_ORIG_OVERWRITTEN, 1, 1), &hs) ==
         "The last pointer to this block was overwritten at:");
   CHECK(hs == 1);
   CHECK(words(ro(LK_ORIG_OVERWRITTEN, 3, 3)) ==
         "The last pointers to these 3 blocks were overwritten at:");
   CHECK(words(ro(LK_ORIG_OVERWRITTEN, 1, 3)) ==
         "The last pointer to 1 of these 3 blocks was overwritten at:");
   CHECK(words(ro(LK_ORIG_FREED, 1, 1)) ==
         "The last pointer to this block was inside a block freed at:");
   CHECK(words(ro(LK_ORIG_FREED, 2, 2)) ==
         "The last pointers to these 2 blocks were inside blocks freed at:");
   CHECK(words(ro(LK_ORIG_FRAME, 1, 1)) ==
         "The last pointer to this block was on the stack of a function that "
         "returned at:");
   CHECK(words(ro(LK_ORIG_FRAME, 1234, 1234)) ==
         "The last pointers to these 1,234 blocks were on the stack of a "
         "function that returned at:");
   CHECK(words(ro(LK_ORIG_UNMAPPED, 1, 1)) ==
         "The last pointer to this block was in memory unmapped at:");
   CHECK(words(ro(LK_ORIG_THREAD, 1, 1)) ==
         "The last pointer to this block was on the stack of a thread that "
         "exited; the thread was created at:");
   CHECK(words(ro(LK_ORIG_RETURNED, 1, 1)) ==
         "The pointer to this block was never stored in memory; it was "
         "returned by:");
   CHECK(words(ro(LK_ORIG_RETURNED, 2, 5)) ==
         "The pointers to 2 of these 5 blocks were never stored in memory; "
         "they were returned by:");
   CHECK(words(ro(LK_ORIG_OVERWRITTEN, 1, 1, 1)) ==
         "The last pointer into the cycle of this block was overwritten at:");
   CHECK(words(ro(LK_ORIG_OVERWRITTEN, 2, 4, 1)) ==
         "The last pointers into the cycles of 2 of these 4 blocks were "
         "overwritten at:");
   CHECK(words(ro(LK_ORIG_INDIRECT, 1, 1, 0, 6), &hs) ==
         "The last pointer to this block is in a block lost with loss record 7");
   CHECK(hs == 0);
   CHECK(words(ro(LK_ORIG_NONE, 1, 1), &hs) == "");
}

TEST_CASE("origin sentences are snprintf-like on a short buffer", "[origins][format]") {
   LK_RecordOrigin o = ro(LK_ORIG_OVERWRITTEN, 1, 1);
   char small[8];
   int hs;
   size_t n = lk_fmt_origin(small, sizeof small, &o, &hs);
   CHECK(n == std::strlen("The last pointer to this block was overwritten at:"));
   CHECK(std::strlen(small) == sizeof small - 1);
}
