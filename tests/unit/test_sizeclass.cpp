// Unit tests of the size-class runs (lk_sizeclass.cpp).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "lk_catch.hpp"
#include "lk_core.h"
#include "host_shim.hpp"
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <vector>

namespace {

struct Reset {
   explicit Reset(uint64_t rz = 16, uint64_t max = 2048) { lk_sc_reset(); lk_sc_config(rz, max); }
   ~Reset() { lk_sc_reset(); }
};

// Memcheck 3.19 on amd64 (default redzone 16), measured: malloc(n) twice
// in a row on a fresh arena gives blocks this far apart.
uint64_t arena_distance(uint64_t n) {
   return ((n + 15) / 16) * 16 + 64;
}

}  // namespace

TEST_CASE("classes and slots follow the client arena's block layout", "[sizeclass]") {
   Reset r;
   CHECK(lk_sc_payload_off() == 32);   // size word + redzone grown to 24
   for (uint64_t n : {0, 1, 8, 10, 16, 17, 24, 32, 33, 48, 100, 128, 200, 1000}) {
      int c = lk_sc_class(n);
      REQUIRE(c >= 0);
      CHECK(lk_sc_slot_szB(c) == arena_distance(n));
   }
   CHECK(lk_sc_class(2048) == 128);
   CHECK(lk_sc_class(2049) == -1);
}

TEST_CASE("the admin parts follow the redzone size as the arena's do", "[sizeclass]") {
   {
      Reset r(0);
      CHECK(lk_sc_payload_off() == 16);   // at least a pointer: 8 + 8
   }
   {
      Reset r(32);
      CHECK(lk_sc_payload_off() == 48);   // 8 + 32 rounded up to 40
   }
   {
      Reset r(128);
      CHECK(lk_sc_payload_off() == 144);
      CHECK(lk_sc_slot_szB(lk_sc_class(100)) == 112 + 288);
   }
}

TEST_CASE("the largest class: LK_SC_MAX_CLASSES, and eight slots a run", "[sizeclass]") {
   {
      Reset r(16, 1u << 20);
      CHECK(lk_sc_class((LK_SC_MAX_CLASSES - 1) * 16) == LK_SC_MAX_CLASSES - 1);
      CHECK(lk_sc_class((LK_SC_MAX_CLASSES - 1) * 16 + 1) == -1);
   }
   {
      Reset r(15000, 1u << 20);   // a big redzone: fewer classes
      REQUIRE(lk_sc_class(0) == 0);
      uint64_t n = 0;
      for (; lk_sc_class(n) >= 0; n += 16)
         CHECK(lk_sc_slot_szB(lk_sc_class(n)) * 8 <= LK_SC_RUN_SZB);
      CHECK(n == 2752 + 16);   // (2752 + 2 * 15008) * 8 <= 256 KiB
      CHECK((n + 2 * lk_sc_payload_off()) * 8 > LK_SC_RUN_SZB);
   }
   {
      Reset r(LK_SC_RUN_SZB / 16, 1u << 20);   // not even empty blocks fit
      CHECK(lk_sc_class(0) == -1);
   }
}

TEST_CASE("slots are carved in order, then reused last-freed first", "[sizeclass]") {
   Reset r;
   const LK_Addr base = 0x4c00000;   // run-aligned
   int c = lk_sc_class(10);
   LK_Run* run = nullptr;
   int fresh = 0;
   CHECK(lk_sc_take(c, &run, &fresh) == -1);   // no run yet
   int tag = 7;
   LK_Run* made = lk_sc_run_new(base, c, &tag);
   CHECK(lk_sc_run_user(made) == &tag);
   CHECK(lk_sc_take(c, &run, &fresh) == 0);
   CHECK(run == made);
   CHECK(fresh == 1);
   CHECK(lk_sc_payload(run, 0) == base + 32);
   CHECK(lk_sc_take(c, &run, &fresh) == 1);
   CHECK(lk_sc_payload(run, 1) == base + 32 + 80);
   CHECK(lk_sc_take(c, &run, &fresh) == 2);
   CHECK(lk_sc_slot_taken(run, 1));
   lk_sc_give(run, 1);
   CHECK_FALSE(lk_sc_slot_taken(run, 1));
   lk_sc_give(run, 0);
   CHECK(lk_sc_take(c, &run, &fresh) == 0);
   CHECK(fresh == 0);
   CHECK(lk_sc_take(c, &run, &fresh) == 1);
   CHECK(fresh == 0);
   CHECK(lk_sc_take(c, &run, &fresh) == 3);
   CHECK(fresh == 1);
   // Other classes have no run.
   CHECK(lk_sc_take(lk_sc_class(100), &run, &fresh) == -1);
}

TEST_CASE("finding blocks by address", "[sizeclass]") {
   Reset r;
   const LK_Addr base = 0x7f0012340000ULL & ~(LK_SC_RUN_SZB - 1);
   int c = lk_sc_class(100);   // slots of 176
   LK_Run* run = lk_sc_run_new(base, c, nullptr);
   LK_Run* got = nullptr;
   int fresh;
   for (int i = 0; i < 3; i++) lk_sc_take(c, &got, &fresh);
   // Payload starts of handed-out slots only.
   CHECK(lk_sc_slot_at_payload(base + 32, &got) == 0);
   CHECK(got == run);
   CHECK(lk_sc_slot_at_payload(base + 32 + 176 * 2, &got) == 2);
   CHECK(lk_sc_slot_at_payload(base + 32 + 176 * 3, &got) == -1);   // never used
   CHECK(lk_sc_slot_at_payload(base + 33, &got) == -1);
   CHECK(lk_sc_slot_at_payload(base, &got) == -1);
   CHECK(lk_sc_slot_at_payload(base + LK_SC_RUN_SZB + 32, &got) == -1);
   CHECK(lk_sc_slot_at_payload(base - LK_SC_RUN_SZB + 32, &got) == -1);
   // Any address of the run.
   uint32_t idx = 0;
   REQUIRE(lk_sc_locate(base + 176 + 5, &got, &idx) == 1);
   CHECK(idx == 1);
   REQUIRE(lk_sc_locate(base + LK_SC_RUN_SZB - 1, &got, &idx) == 1);
   const uint32_t n = lk_sc_run_n_slots(run);
   CHECK(n == LK_SC_RUN_SZB / 176);
   CHECK(idx == (LK_SC_RUN_SZB % 176 ? 0xFFFFFFFFu : n - 1));
   CHECK(lk_sc_locate(base + LK_SC_RUN_SZB, &got, &idx) == 0);
   CHECK(lk_sc_run_at(base + 100) == run);
   CHECK(lk_sc_run_at(base - 1) == nullptr);
   CHECK(lk_sc_run_pszB(run) == 112);
   // Beyond the 48-bit address space: nothing, never a crash.
   CHECK(lk_sc_run_at(~uint64_t(0)) == nullptr);
}

TEST_CASE("runs come back in address order", "[sizeclass]") {
   Reset r;
   const LK_Addr bases[] = {0x9000000, 0x4000000, 0x7ff000000000ULL, 0x4040000, 0x5000000};
   for (LK_Addr b : bases) lk_sc_run_new(b, lk_sc_class(1), nullptr);
   REQUIRE(lk_sc_n_runs() == 5);
   for (size_t i = 1; i < lk_sc_n_runs(); i++)
      CHECK(lk_sc_run_base(lk_sc_run_by_rank(i - 1)) < lk_sc_run_base(lk_sc_run_by_rank(i)));
   CHECK(lk_sc_run_by_rank(5) == nullptr);
}

TEST_CASE("random takes and gives against a model", "[sizeclass]") {
   Reset r(16, 512);
   std::mt19937_64 rng(12345);
   std::map<LK_Addr, int> live;            // payload -> class
   std::vector<std::vector<std::pair<LK_Run*, uint32_t>>> held(lk_sc_class(512) + 1);
   LK_Addr next_base = 0x10000000;
   for (int step = 0; step < 200000; step++) {
      int c = int(rng() % held.size());
      if (held[c].empty() || rng() % 3 != 0) {
         LK_Run* run;
         int fresh;
         int64_t idx = lk_sc_take(c, &run, &fresh);
         if (idx < 0) {
            lk_sc_run_new(next_base, c, nullptr);
            next_base += LK_SC_RUN_SZB * (1 + rng() % 3);
            idx = lk_sc_take(c, &run, &fresh);
            REQUIRE(fresh == 1);
         }
         REQUIRE(idx >= 0);
         LK_Addr p = lk_sc_payload(run, uint32_t(idx));
         REQUIRE(p % 16 == 0);
         REQUIRE(live.count(p) == 0);      // never handed out twice
         // The whole slot lies inside the run.
         REQUIRE(p - lk_sc_payload_off() >= lk_sc_run_base(run));
         REQUIRE(p + lk_sc_slot_szB(c) - lk_sc_payload_off() <= lk_sc_run_base(run) + LK_SC_RUN_SZB);
         live[p] = c;
         held[c].push_back({run, uint32_t(idx)});
         LK_Run* found;
         REQUIRE(lk_sc_slot_at_payload(p, &found) == idx);
         REQUIRE(found == run);
      } else {
         size_t k = rng() % held[c].size();
         auto [run, idx] = held[c][k];
         held[c][k] = held[c].back();
         held[c].pop_back();
         REQUIRE(lk_sc_slot_taken(run, idx));
         live.erase(lk_sc_payload(run, idx));
         lk_sc_give(run, idx);
      }
   }
   // Neighbouring blocks of one class never share redzone-extended ranges.
   LK_Addr prev = 0;
   int prev_c = -1;
   for (auto& [p, c] : live) {
      if (prev_c == c && lk_sc_run_at(prev) == lk_sc_run_at(p))
         CHECK(prev + (c * 16) + 16 < p - 16);
      prev = p;
      prev_c = c;
   }
   CHECK(lk_test::g_assert_failures == 0);
}

TEST_CASE("an emptied run is released only while its class has another with free slots", "[sizeclass]") {
   Reset r;
   const int c = lk_sc_class(1000);   // slots of 1088: 240 a run
   const LK_Addr a_base = 0x20000000, b_base = 0x20040000;
   int tag_a = 1, tag_b = 2;
   LK_Run* a = lk_sc_run_new(a_base, c, &tag_a);
   const uint32_t n = lk_sc_run_n_slots(a);
   LK_Run* got = nullptr;
   int fresh = 0;
   for (uint32_t i = 0; i < n; i++) REQUIRE(lk_sc_take(c, &got, &fresh) == int64_t(i));
   CHECK(lk_sc_take(c, &got, &fresh) == -1);   // a is full
   LK_Run* b = lk_sc_run_new(b_base, c, &tag_b);
   REQUIRE(lk_sc_take(c, &got, &fresh) == 0);
   REQUIRE(got == b);
   // Giving a's slots back: only the last one empties it, and b has free slots.
   for (uint32_t i = 0; i + 1 < n; i++) CHECK(lk_sc_give(a, i) == 0);
   CHECK(lk_sc_run_n_in_use(a) == 1);
   CHECK(lk_sc_give(a, n - 1) == 1);
   CHECK(lk_sc_run_n_in_use(a) == 0);
   REQUIRE(lk_sc_n_runs() == 2);
   CHECK(lk_sc_run_release(a) == &tag_a);
   // Nothing finds it any more.
   CHECK(lk_sc_n_runs() == 1);
   CHECK(lk_sc_run_by_rank(0) == b);
   CHECK(lk_sc_run_at(a_base) == nullptr);
   CHECK(lk_sc_run_at(a_base + LK_SC_RUN_SZB - 1) == nullptr);
   uint32_t idx = 0;
   CHECK(lk_sc_locate(a_base + 100, &got, &idx) == 0);
   CHECK(lk_sc_slot_at_payload(a_base + lk_sc_payload_off(), &got) == -1);
   // The class goes on with b, which is not released when it empties:
   // it is the class's last run with free slots (hysteresis).
   CHECK(lk_sc_take(c, &got, &fresh) == 1);
   CHECK(got == b);
   CHECK(lk_sc_give(b, 1) == 0);
   CHECK(lk_sc_give(b, 0) == 0);
   CHECK(lk_sc_run_at(b_base + 5) == b);
   // Its slots are handed out again, last freed first.
   CHECK(lk_sc_take(c, &got, &fresh) == 0);
   CHECK(fresh == 0);
}

TEST_CASE("slots come from the lowest run with a free one; a released run reused by another class", "[sizeclass]") {
   Reset r;
   const int c1 = lk_sc_class(16), c2 = lk_sc_class(2000);
   const LK_Addr base = 0x30000000;
   LK_Run* hi = lk_sc_run_new(base + 2 * LK_SC_RUN_SZB, c1, nullptr);
   LK_Run* lo = lk_sc_run_new(base, c1, nullptr);
   LK_Run* got = nullptr;
   int fresh = 0;
   // Both have free slots: the lower one serves.
   REQUIRE(lk_sc_take(c1, &got, &fresh) == 0);
   REQUIRE(got == lo);
   const uint32_t n = lk_sc_run_n_slots(lo);
   for (uint32_t i = 1; i < n; i++) REQUIRE(lk_sc_take(c1, &got, &fresh) == int64_t(i));
   REQUIRE(got == lo);
   REQUIRE(lk_sc_take(c1, &got, &fresh) == 0);   // lo full: hi
   REQUIRE(got == hi);
   // A slot of lo comes back: lo serves again, before hi's free ones.
   CHECK(lk_sc_give(lo, 5) == 0);
   REQUIRE(lk_sc_take(c1, &got, &fresh) == 5);
   CHECK(got == lo);
   // hi empties while lo is full: hi is the class's only run with free
   // slots, kept.
   CHECK(lk_sc_give(hi, 0) == 0);
   CHECK(lk_sc_run_at(base + 2 * LK_SC_RUN_SZB) == hi);
   // lo empties while hi has free slots: released.
   for (uint32_t i = 0; i + 1 < n; i++) REQUIRE(lk_sc_give(lo, i) == 0);
   CHECK(lk_sc_give(lo, n - 1) == 1);
   lk_sc_run_release(lo);
   CHECK(lk_sc_n_runs() == 1);
   // lo's memory for another class.
   LK_Run* lo2 = lk_sc_run_new(base, c2, nullptr);
   REQUIRE(lk_sc_take(c2, &got, &fresh) == 0);
   CHECK(got == lo2);
   CHECK(fresh == 1);
   CHECK(lk_sc_run_pszB(lo2) == 2000);
   uint32_t idx = 0;
   REQUIRE(lk_sc_locate(base + lk_sc_slot_szB(c2) + 3, &got, &idx) == 1);
   CHECK(got == lo2);
   CHECK(idx == 1);
   CHECK(lk_sc_n_runs() == 2);
   CHECK(lk_sc_run_by_rank(0) == lo2);
   CHECK(lk_sc_run_by_rank(1) == hi);
   // Class c1 goes on in hi.
   REQUIRE(lk_sc_take(c1, &got, &fresh) == 0);
   CHECK(got == hi);
   CHECK(fresh == 0);
}

TEST_CASE("random takes, gives and releases: lookups and address order stay right", "[sizeclass]") {
   Reset r(16, 512);
   std::mt19937_64 rng(777);
   const int n_classes = lk_sc_class(512) + 1;
   std::map<LK_Addr, std::pair<LK_Run*, int>> runs;   // base -> run, class
   std::vector<LK_Addr> spare;                         // released bases
   std::map<LK_Addr, int> live;                        // payload -> class
   std::vector<std::vector<std::pair<LK_Run*, uint32_t>>> held(n_classes);
   LK_Addr next_base = 0x10000000;
   size_t n_released = 0, n_reused = 0;
   for (int step = 0; step < 400000; step++) {
      // Phases: grow one set of classes, then shrink, then another set.
      const int phase = (step / 50000) % 4;
      const int c = phase < 2 ? 16 + int(rng() % 8) : 24 + int(rng() % (n_classes - 24));
      const bool grow = (phase % 2 == 0) ? rng() % 4 != 0 : rng() % 4 == 0;
      if (held[c].empty() || grow) {
         LK_Run* run;
         int fresh;
         int64_t idx = lk_sc_take(c, &run, &fresh);
         if (idx < 0) {
            LK_Addr b;
            if (!spare.empty()) {
               size_t k = rng() % spare.size();
               b = spare[k];
               spare[k] = spare.back();
               spare.pop_back();
               n_reused++;
            } else {
               b = next_base;
               next_base += LK_SC_RUN_SZB * (1 + rng() % 2);
            }
            REQUIRE(lk_sc_run_at(b) == nullptr);
            LK_Run* made = lk_sc_run_new(b, c, nullptr);
            runs[b] = {made, c};
            idx = lk_sc_take(c, &run, &fresh);
            REQUIRE(run == made);
            REQUIRE(fresh == 1);
         }
         REQUIRE(idx >= 0);
         LK_Addr p = lk_sc_payload(run, uint32_t(idx));
         REQUIRE(live.count(p) == 0);
         live[p] = c;
         held[c].push_back({run, uint32_t(idx)});
      } else {
         size_t k = rng() % held[c].size();
         auto [run, idx] = held[c][k];
         held[c][k] = held[c].back();
         held[c].pop_back();
         live.erase(lk_sc_payload(run, idx));
         if (lk_sc_give(run, idx)) {
            REQUIRE(lk_sc_run_n_in_use(run) == 0);
            LK_Addr b = lk_sc_run_base(run);
            lk_sc_run_release(run);
            runs.erase(b);
            spare.push_back(b);
            n_released++;
            REQUIRE(lk_sc_run_at(b) == nullptr);
         }
      }
      if (step % 10000 == 0) {
         // The array in address order is exactly the model's runs.
         REQUIRE(lk_sc_n_runs() == runs.size());
         size_t i = 0;
         for (auto& [b, rc] : runs) {
            REQUIRE(lk_sc_run_by_rank(i) == rc.first);
            REQUIRE(lk_sc_run_base(rc.first) == b);
            i++;
         }
         // Each class keeps at most one empty run.
         std::vector<int> empty(n_classes, 0);
         for (auto& [b, rc] : runs)
            if (lk_sc_run_n_in_use(rc.first) == 0) empty[rc.second]++;
         for (int k = 0; k < n_classes; k++) REQUIRE(empty[k] <= 1);
         // Every live block is found from its payload.
         for (auto& [p, pc] : live) {
            LK_Run* f;
            REQUIRE(lk_sc_slot_at_payload(p, &f) >= 0);
            REQUIRE(lk_sc_run_pszB(f) == uint64_t(pc) * 16);
         }
      }
   }
   CHECK(n_released > 50);
   CHECK(n_reused > 50);
   CHECK(lk_test::g_assert_failures == 0);
}
