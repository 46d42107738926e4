// Unit tests of the core entry points the monitor's who_points_at uses:
// lk_leak_find and lk_leak_heuristic_accepts, on the blocks of the last
// search, and the metapool overlap rules the mempool requests rely on.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "lk_catch.hpp"
#include "host_shim.hpp"
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

LK_Addr A(const void* p) { return (LK_Addr)(uintptr_t)p; }

// One search state for these tests, kept in a global (the core has no
// destructor: in the tool it lives for the whole run).
LK_Leak* the_leak() {
   static LK_Leak* lc = lk_leak_new();
   return lc;
}

// Runs a search with no roots over the given blocks.
size_t search(LK_Leak* lc) {
   LK_BlockRef a, b;
   size_t n = lk_leak_prepare(lc, &a, &b);
   lk_leak_set_root_context(lc);
   lk_leak_drain(lc);
   lk_leak_begin_cliques(lc);
   while (lk_leak_next_clique(lc)) lk_leak_drain(lc);
   lk_leak_make_records(lc);
   return n;
}

}  // namespace

TEST_CASE("lk_leak_find: blocks of the last search, zero-sized as one byte",
          "[monitor]") {
   LK_Leak* lc = the_leak();
   alignas(16) static uint64_t mem[64];
   lk_leak_begin(lc, 3, 0);
   lk_leak_add_block(lc, A(&mem[0]), 32, 1, 1, 0);
   lk_leak_add_block(lc, A(&mem[8]), 0, 2, 2, 0);
   lk_leak_add_block(lc, A(&mem[16]), 64, 3, 3, LK_BLOCK_CUSTOM);
   size_t i = 99;
   CHECK(lk_leak_find(lc, A(&mem[0]), &i) == 0);   // before prepare
   REQUIRE(search(lc) == 3);
   REQUIRE(lk_leak_find(lc, A(&mem[0]) + 31, &i) == 1);
   CHECK(i == 0);
   CHECK(lk_leak_find(lc, A(&mem[0]) + 32, &i) == 0);   // just past
   REQUIRE(lk_leak_find(lc, A(&mem[8]), &i) == 1);      // zero-sized
   CHECK(i == 1);
   CHECK(lk_leak_find(lc, A(&mem[8]) + 1, &i) == 0);
   REQUIRE(lk_leak_find(lc, A(&mem[16]) + 40, &i) == 1);
   CHECK(i == 2);
   LK_BlockResult b;
   lk_leak_block(lc, i, &b);
   CHECK(b.start == A(&mem[16]));
   lk_leak_forget(lc);
   CHECK(lk_leak_find(lc, A(&mem[16]), &i) == 0);       // forgotten
}

TEST_CASE("lk_leak_block_at: start and size, from prepare on", "[monitor]") {
   LK_Leak* lc = the_leak();
   alignas(16) static uint64_t mem[64];
   lk_leak_begin(lc, 2, 0);
   lk_leak_add_block(lc, A(&mem[4]), 40, 1, 1, 0);
   lk_leak_add_block(lc, A(&mem[32]), 256, 2, 2, 0);
   LK_Addr start = 0;
   uint64_t szB = 0;
   CHECK(lk_leak_block_at(lc, A(&mem[4]), &start, &szB) == 0);   // not yet
   LK_BlockRef a, b;
   REQUIRE(lk_leak_prepare(lc, &a, &b) == 2);
   // During the search (no marking yet): a coroutine stack's SP lies
   // anywhere inside its block.
   REQUIRE(lk_leak_block_at(lc, A(&mem[32]) + 200, &start, &szB) == 1);
   CHECK(start == A(&mem[32]));
   CHECK(szB == 256);
   REQUIRE(lk_leak_block_at(lc, A(&mem[4]) + 39, &start, &szB) == 1);
   CHECK(start == A(&mem[4]));
   CHECK(szB == 40);
   CHECK(lk_leak_block_at(lc, A(&mem[4]) + 40, &start, &szB) == 0);
   CHECK(lk_leak_block_at(lc, A(&mem[0]), &start, &szB) == 0);
   lk_leak_forget(lc);
}

TEST_CASE("lk_leak_heuristic_accepts: each heuristic alone", "[monitor]") {
   LK_Leak* lc = the_leak();
   alignas(16) static uint64_t len64[8];    // 8-byte header = 56
   alignas(16) static uint64_t newarr[5];   // count 4, 4 x 8 bytes
   len64[0] = 56;
   newarr[0] = 4;
   lk_leak_begin(lc, 2, 0);
   lk_leak_add_block(lc, A(len64), 64, 1, 1, 0);
   lk_leak_add_block(lc, A(newarr), 40, 2, 2, 0);
   REQUIRE(search(lc) == 2);
   size_t i;
   REQUIRE(lk_leak_find(lc, A(len64) + 8, &i) == 1);
   CHECK(lk_leak_heuristic_accepts(lc, i, A(len64) + 8, LK_HeurLength64));
   // 64 - 8 = 56 is a multiple of the "count" 56: newarray accepts too.
   CHECK(lk_leak_heuristic_accepts(lc, i, A(len64) + 8, LK_HeurNewArray));
   CHECK_FALSE(lk_leak_heuristic_accepts(lc, i, A(len64) + 8,
                                         LK_HeurStdString));
   CHECK_FALSE(lk_leak_heuristic_accepts(lc, i, A(len64) + 16,
                                         LK_HeurLength64));
   CHECK_FALSE(lk_leak_heuristic_accepts(lc, i, A(len64) + 8, LK_HeurNone));
   REQUIRE(lk_leak_find(lc, A(newarr) + 8, &i) == 1);
   CHECK(lk_leak_heuristic_accepts(lc, i, A(newarr) + 8, LK_HeurNewArray));
   CHECK_FALSE(lk_leak_heuristic_accepts(lc, i, A(newarr) + 8,
                                         LK_HeurLength64));
}

TEST_CASE("metapool chunks may hold custom blocks; other overlaps are fatal",
          "[monitor]") {
   LK_Leak* lc = the_leak();
   LK_BlockRef a, b;
   lk_leak_begin(lc, 2, 0);
   lk_leak_add_block(lc, 0x10000, 4096, 1, 1,
                     LK_BLOCK_CUSTOM | LK_BLOCK_METAPOOL);
   lk_leak_add_block(lc, 0x10100, 64, 2, 2, LK_BLOCK_CUSTOM);
   CHECK(lk_leak_prepare(lc, &a, &b) == 2);

   lk_leak_begin(lc, 2, 0);
   lk_leak_add_block(lc, 0x10000, 4096, 1, 1,
                     LK_BLOCK_CUSTOM | LK_BLOCK_METAPOOL);
   lk_leak_add_block(lc, 0x10FF0, 64, 2, 2, LK_BLOCK_CUSTOM);  // sticks out
   CHECK(lk_leak_prepare(lc, &a, &b) == (size_t)-1);
   CHECK(a.start == 0x10000);
   CHECK(b.start == 0x10FF0);

   lk_leak_begin(lc, 2, 0);
   lk_leak_add_block(lc, 0x10000, 4096, 1, 1, 0);               // malloc
   lk_leak_add_block(lc, 0x10100, 64, 2, 2, LK_BLOCK_CUSTOM);   // inside
   CHECK(lk_leak_prepare(lc, &a, &b) == 1);   // the malloc block drops out
}
