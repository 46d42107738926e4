// Unit tests of the addressability shadow (lk_shadow.cpp).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "lk_catch.hpp"
#include "lk_core.h"
#include <cstdint>
#include <algorithm>
#include <cstring>
#include <utility>
#include <random>
#include <vector>

namespace {

// The check the translated code does (lk_translate.c), in C: true if
// the fast path lets an n-byte access at a through without a call.
bool fast_ok(uint64_t a, unsigned n) {
   const uint8_t* f = lk_shadow_filter + ((a >> 3) & (LK_SHADOW_FILTER_BYTES - 1));
   uint64_t w;
   std::memcpy(&w, f, 8);
   w >>= (a & 7);
   uint64_t mask = n >= 64 ? ~uint64_t(0) : ((uint64_t(1) << n) - 1);
   return (w & mask) == 0;
}

// A byte-per-byte model of the same memory.
struct Model {
   uint64_t base;
   std::vector<bool> noacc;
   Model(uint64_t b, size_t n) : base(b), noacc(n, false) {}
   void set(uint64_t a, uint64_t len, bool na) {
      lk_core_shadow_set(a, len, na);
      for (uint64_t k = 0; k < len; k++) noacc[a - base + k] = na;
   }
   bool ok(uint64_t a, uint64_t len, uint64_t* bad) const {
      for (uint64_t k = 0; k < len; k++)
         if (noacc[a - base + k]) { *bad = a + k; return false; }
      return true;
   }
   uint64_t count(uint64_t a, uint64_t len) const {
      uint64_t c = 0;
      for (uint64_t k = 0; k < len; k++) c += noacc[a - base + k] ? 0 : 1;
      return c;
   }
   void reset() { lk_core_shadow_set(base, noacc.size(), 0); }
};

}  // namespace

TEST_CASE("unmarked memory is accessible", "[shadow]") {
   lk_core_shadow_init();
   struct Reset { ~Reset() { lk_core_shadow_reset(); } } reset;
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(0x4a43000, 100, &bad) == 1);
   CHECK(lk_core_shadow_check(0x1ffefff000ULL, 4096, &bad) == 1);
   CHECK(lk_core_shadow_count_accessible(0x4a43000, 100) == 100);
   CHECK(fast_ok(0x4a43000, 8));
   CHECK(fast_ok(0x1ffefff008ULL, 32));
}

TEST_CASE("a block with redzones", "[shadow]") {
   lk_core_shadow_init();
   struct Reset { ~Reset() { lk_core_shadow_reset(); } } reset;
   const uint64_t p = 0x5000010;   // 16-aligned payload of 13 bytes
   lk_core_shadow_set(p - 24, 24 + 13 + 24, 1);
   lk_core_shadow_set(p, 13, 0);
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(p, 13, &bad) == 1);
   CHECK(lk_core_shadow_check(p, 14, &bad) == 0);
   CHECK(bad == p + 13);
   CHECK(lk_core_shadow_check(p - 1, 2, &bad) == 0);
   CHECK(bad == p - 1);
   CHECK(lk_core_shadow_count_accessible(p + 8, 8) == 5);
   CHECK(fast_ok(p, 8));
   CHECK(fast_ok(p + 5, 8));
   CHECK_FALSE(fast_ok(p + 6, 8));
   CHECK_FALSE(fast_ok(p + 8, 8));
   CHECK(fast_ok(p + 12, 1));
   CHECK_FALSE(fast_ok(p + 13, 1));
   CHECK_FALSE(fast_ok(p - 1, 1));
   CHECK_FALSE(fast_ok(p, 16));
   lk_core_shadow_set(p - 24, 64, 0);
   CHECK(fast_ok(p, 32));
}

TEST_CASE("whole chunks", "[shadow]") {
   lk_core_shadow_init();
   struct Reset { ~Reset() { lk_core_shadow_reset(); } } reset;
   const uint64_t c = 0x7000000;   // 64 KiB aligned
   lk_core_shadow_set(c, 3 * 65536, 1);
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(c + 65536 + 5, 1, &bad) == 0);
   CHECK(bad == c + 65536 + 5);
   CHECK_FALSE(fast_ok(c + 65536 + 5, 1));
   lk_core_shadow_set(c + 100, 10, 0);
   CHECK(lk_core_shadow_check(c + 100, 10, &bad) == 1);
   CHECK(fast_ok(c + 100, 8));
   lk_core_shadow_set(c, 3 * 65536, 0);
   CHECK(lk_core_shadow_check(c, 3 * 65536, &bad) == 1);
   // Direct mode needs no secondaries at all.
   CHECK(lk_core_shadow_aliased() == 0);
   CHECK(lk_core_shadow_n_secondaries() == 0);
}

TEST_CASE("making high memory accessible stays in direct mode", "[shadow]") {
   lk_core_shadow_init();
   struct Reset { ~Reset() { lk_core_shadow_reset(); } } reset;
   lk_core_shadow_set(0x4a40000, 100, 1);
   lk_core_shadow_set(0x1ffeff0000ULL, 65536, 0);            // the stack
   lk_core_shadow_set(0x4a00000ULL, (uint64_t(1) << 33), 0); // straddling
   CHECK(lk_core_shadow_aliased() == 0);
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(0x4a40000, 1, &bad) == 1);     // cleared
   lk_core_shadow_set(0x1ffeff0000ULL, 8, 1);
   CHECK(lk_core_shadow_aliased() == 1);
}

TEST_CASE("aliased mode keeps the marks made before it", "[shadow]") {
   lk_core_shadow_init();
   struct Reset { ~Reset() { lk_core_shadow_reset(); } } reset;
   const uint64_t lo = 0x4a40000;
   lk_core_shadow_set_probe(0);
   lk_core_shadow_set(lo, 65536, 1);            // a whole chunk
   lk_core_shadow_set(lo + 65536 + 8, 24, 1);   // part of the next
   CHECK(lk_core_shadow_aliased() == 0);
   lk_core_shadow_set((uint64_t(7) << 32) + 0x100000 + 3, 5, 1);
   CHECK(lk_core_shadow_aliased() == 1);
   CHECK(lk_core_shadow_n_secondaries() == 2);  // lo+64K chunk, high chunk
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(lo + 500, 1, &bad) == 0);
   CHECK(lk_core_shadow_check(lo + 65536, 8, &bad) == 1);
   CHECK(lk_core_shadow_check(lo + 65536, 9, &bad) == 0);
   CHECK(bad == lo + 65536 + 8);
   CHECK(lk_core_shadow_is_probe(0x10));
   CHECK_FALSE(fast_ok(0x10, 4));
   CHECK(lk_core_shadow_check(0x10, 4, &bad) == 1);
   CHECK(fast_ok(lo + 65536, 8));
   CHECK_FALSE(fast_ok(lo + 65536 + 8, 1));
   CHECK(lk_core_shadow_check((uint64_t(7) << 32) + 0x100000, 3, &bad) == 1);
   CHECK(lk_core_shadow_check((uint64_t(7) << 32) + 0x100000, 4, &bad) == 0);
   CHECK(bad == (uint64_t(7) << 32) + 0x100003);
}

TEST_CASE("accesses crossing a chunk boundary", "[shadow]") {
   lk_core_shadow_init();
   struct Reset { ~Reset() { lk_core_shadow_reset(); } } reset;
   const uint64_t c = 0x8000000;
   CHECK(fast_ok(c - 4, 8));
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(c - 4, 8, &bad) == 1);
   lk_core_shadow_set(c, 1, 1);
   CHECK_FALSE(fast_ok(c - 4, 8));
   CHECK(lk_core_shadow_check(c - 4, 8, &bad) == 0);
   CHECK(bad == c);
   // At the end of the 4 GiB window the filter's padding sends the
   // access to the exact check.
   CHECK_FALSE(fast_ok((uint64_t(1) << 32) - 4, 8));
   CHECK(lk_core_shadow_check((uint64_t(1) << 32) - 4, 8, &bad) == 1);
}

TEST_CASE("aliases 4 GiB apart", "[shadow]") {
   lk_core_shadow_init();
   struct Reset { ~Reset() { lk_core_shadow_reset(); } } reset;
   const uint64_t lo = 0x4a40000, hi = lo + (uint64_t(5) << 32);
   lk_core_shadow_set(lo + 16, 8, 1);
   CHECK_FALSE(fast_ok(lo + 16, 1));
   CHECK_FALSE(fast_ok(hi + 16, 1));   // alias: slow, but passes exactly
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(hi + 16, 1, &bad) == 1);
   CHECK(fast_ok(lo + 32, 8));
   // Both marked: the whole filter chunk is set.
   lk_core_shadow_set(hi + 100, 4, 1);
   CHECK_FALSE(fast_ok(lo + 32, 8));
   CHECK_FALSE(fast_ok(hi + 100, 4));
   CHECK(lk_core_shadow_check(hi + 100, 4, &bad) == 0);
   CHECK(bad == hi + 100);
   // The high chunk made accessible again (whole chunk): back to a copy.
   lk_core_shadow_set(hi & ~uint64_t(0xFFFF), 65536, 0);
   CHECK(fast_ok(lo + 32, 8));
   CHECK_FALSE(fast_ok(lo + 16, 1));
   lk_core_shadow_set(lo + 16, 8, 0);
   CHECK(fast_ok(lo + 16, 8));
}

TEST_CASE("probe chunks", "[shadow]") {
   lk_core_shadow_init();
   struct Reset { ~Reset() { lk_core_shadow_reset(); } } reset;
   lk_core_shadow_set_probe(0);
   CHECK(lk_core_shadow_is_probe(0));
   CHECK(lk_core_shadow_is_probe(0xFFFF));
   CHECK_FALSE(lk_core_shadow_is_probe(0x10000));
   CHECK_FALSE(fast_ok(0, 4));
   CHECK_FALSE(fast_ok(0x18, 1));
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(0, 8, &bad) == 1);
   lk_core_shadow_set(0x100, 8, 1);
   CHECK_FALSE(lk_core_shadow_is_probe(0));
   CHECK(lk_core_shadow_check(0, 8, &bad) == 1);
   CHECK(fast_ok(0, 8));
   CHECK(lk_core_shadow_check(0x100, 1, &bad) == 0);
   lk_core_shadow_set(0, 65536, 0);
}

TEST_CASE("probe chunks other than page zero, in both modes", "[shadow]") {
   lk_core_shadow_init();
   struct Reset { ~Reset() { lk_core_shadow_reset(); } } reset;
   const uint64_t tool = 0x58000000, next = tool + 0x10000;
   lk_core_shadow_set_probe(0);
   lk_core_shadow_set_probe(tool);
   lk_core_shadow_set_probe(next);
   LK_Addr bad = 0;
   for (uint64_t a : {tool, tool + 0x1234, next + 0xFFF8}) {
      INFO(a);
      CHECK(lk_core_shadow_is_probe(a));
      CHECK_FALSE(fast_ok(a, 1));                    // the slow path decides
      CHECK(lk_core_shadow_check(a, 8, &bad) == 1);  // ... and marks say fine
      CHECK(lk_core_shadow_count_accessible(a, 8) == 8);
   }
   CHECK_FALSE(lk_core_shadow_is_probe(tool - 1));
   CHECK_FALSE(lk_core_shadow_is_probe(next + 0x10000));
   CHECK_FALSE(lk_core_shadow_is_probe(tool + (uint64_t(1) << 32)));  // an alias
   CHECK(lk_core_shadow_check(tool + (uint64_t(1) << 32), 8, &bad) == 1);
   CHECK(fast_ok(tool - 8, 8));
   // A mark at or above 4 GiB switches to aliased mode: still probes.
   lk_core_shadow_set(0x1000000000ULL, 64, 1);
   REQUIRE(lk_core_shadow_aliased());
   CHECK(lk_core_shadow_is_probe(tool + 0x10));
   CHECK(lk_core_shadow_is_probe(next + 0x10));
   CHECK(lk_core_shadow_is_probe(0x10));
   CHECK_FALSE(fast_ok(tool + 0x10, 4));
   CHECK(lk_core_shadow_check(tool + 0x10, 4, &bad) == 1);
   CHECK_FALSE(lk_core_shadow_is_probe(tool - 0x10));
}

TEST_CASE("marking inside a probe chunk ends the probe (direct mode)", "[shadow]") {
   lk_core_shadow_init();
   struct Reset { ~Reset() { lk_core_shadow_reset(); } } reset;
   const uint64_t c = 0x30000000;
   lk_core_shadow_set_probe(c);
   lk_core_shadow_set(c + 0x100, 16, 1);
   CHECK_FALSE(lk_core_shadow_is_probe(c));
   CHECK(fast_ok(c, 8));
   CHECK_FALSE(fast_ok(c + 0x100, 1));
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(c + 0xF8, 16, &bad) == 0);
   CHECK(bad == c + 0x100);
}

TEST_CASE("addresses beyond the limit are never marked", "[shadow]") {
   lk_core_shadow_init();
   struct Reset { ~Reset() { lk_core_shadow_reset(); } } reset;
   const uint64_t hi = LK_SHADOW_LIMIT + 0x4a43000;
   lk_core_shadow_set(hi, 64, 1);
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(hi, 64, &bad) == 1);
   CHECK(lk_core_shadow_count_accessible(hi, 64) == 64);
   // A range straddling the limit is marked up to it.
   lk_core_shadow_set(LK_SHADOW_LIMIT - 16, 32, 1);
   CHECK(lk_core_shadow_check(LK_SHADOW_LIMIT - 16, 32, &bad) == 0);
   CHECK(bad == LK_SHADOW_LIMIT - 16);
   CHECK(lk_core_shadow_count_accessible(LK_SHADOW_LIMIT - 16, 32) == 16);
   lk_core_shadow_set(LK_SHADOW_LIMIT - 16, 16, 0);
   // Aliases of a marked low chunk are checked slowly but pass.
   lk_core_shadow_set(0x4a43000, 64, 1);
   CHECK_FALSE(fast_ok(hi, 8));
   CHECK(lk_core_shadow_check(hi, 8, &bad) == 1);
   lk_core_shadow_set(0x4a43000, 64, 0);
}

static void random_rounds(uint64_t base, size_t span, bool filter_exact) {
   Model m(base, span);
   std::mt19937_64 rng(42);
   for (int round = 0; round < 3000; round++) {
      uint64_t a = base + rng() % span;
      uint64_t maxlen = base + span - a;
      uint64_t len = 1 + rng() % (round % 10 == 0 ? 3 * 65536 : 200);
      if (len > maxlen) len = maxlen;
      m.set(a, len, rng() & 1);
      for (int q = 0; q < 20; q++) {
         uint64_t qa = base + rng() % (span - 4096);
         uint64_t ql = 1 + rng() % (q == 0 ? 4000 : 40);
         uint64_t bad_m = 0, bad_s = 0;
         bool ok_m = m.ok(qa, ql, &bad_m);
         int ok_s = lk_core_shadow_check(qa, ql, &bad_s);
         REQUIRE(ok_s == (ok_m ? 1 : 0));
         if (!ok_m) REQUIRE(bad_s == bad_m);
         REQUIRE(lk_core_shadow_count_accessible(qa, ql) == m.count(qa, ql));
         static const unsigned sizes[] = { 1, 2, 4, 8, 16, 32 };
         unsigned n = sizes[rng() % 6];
         bool f = fast_ok(qa, n);
         // The filter never passes a bad access; it is exact while no
         // alias is marked.
         if (f) REQUIRE(m.ok(qa, n, &bad_m));
         if (filter_exact) REQUIRE(f == m.ok(qa, n, &bad_m));
      }
   }
   m.reset();
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(base, span, &bad) == 1);
}

TEST_CASE("random marks agree with a byte model (direct mode)", "[shadow]") {
   lk_core_shadow_init();
   struct Reset { ~Reset() { lk_core_shadow_reset(); } } reset;
   random_rounds(0x9000000 - 3 * 65536, 6 * 65536, true);
   CHECK(lk_core_shadow_aliased() == 0);
}

TEST_CASE("random marks agree with a byte model (aliased mode)", "[shadow]") {
   lk_core_shadow_init();
   struct Reset { ~Reset() { lk_core_shadow_reset(); } } reset;
   // Marks in a high window aliasing the low one used below.
   const uint64_t hi = (uint64_t(3) << 32) + 0x9000000 - 3 * 65536;
   lk_core_shadow_set(hi + 65536 + 17, 3, 1);
   REQUIRE(lk_core_shadow_aliased() == 1);
   random_rounds(0x9000000 - 3 * 65536, 6 * 65536, false);
   random_rounds(hi + 2 * 65536, 2 * 65536, false);
   lk_core_shadow_set(hi + 65536 + 17, 3, 0);
}

namespace {
// Page hooks that do what the glue's leave behind (lk_access.c), by
// writing, and log their calls.
struct HookLog {
   struct Call { uintptr_t p; size_t len; int kind; };   // kind: 0 zero, 1 zero (maybe ones), 2 ones
   static std::vector<Call>& calls() {
      static std::vector<Call> c;
      return c;
   }
   static void zero(void* p, size_t len, int maybe_ones) {
      calls().push_back({reinterpret_cast<uintptr_t>(p), len, maybe_ones ? 1 : 0});
      std::memset(p, 0, len);
   }
   static void ones(void* p, size_t len) {
      calls().push_back({reinterpret_cast<uintptr_t>(p), len, 2});
      std::memset(p, 0xFF, len);
   }
   static size_t pages(int kind) {
      size_t n = 0;
      for (const auto& c : calls()) if (c.kind == kind) n += c.len / 4096;
      return n;
   }
};
// Shadow in direct mode with the given hooks (1 MiB threshold), reset
// afterwards.
struct HookSetup {
   HookSetup(void (*zero)(void*, size_t, int) = HookLog::zero,
             void (*ones)(void*, size_t) = HookLog::ones) {
      lk_core_shadow_init();
      HookLog::calls().clear();
      lk_core_shadow_set_page_hooks(zero, ones, 1 << 20);
   }
   ~HookSetup() {
      lk_core_shadow_reset();
      lk_core_shadow_set_page_hooks(nullptr, nullptr, 0);
      lk_core_shadow_set_ones_run_cap(4096);
   }
};
}  // namespace

// Making a big range accessible hands whole filter pages to the hook
// (lk_access.c: madvise(MADV_DONTNEED) or mmap), which the kernel
// refuses for an address that is not page-aligned: the filter must be.
TEST_CASE("whole filter pages go to the page hooks page-aligned", "[shadow]") {
   HookSetup setup;
   CHECK(reinterpret_cast<uintptr_t>(lk_shadow_filter) % 4096 == 0);
   const uint64_t base = 0x6000000, len = 2 << 20;   // 2 MiB: 64 filter pages
   lk_core_shadow_set(base, len, 1);
   lk_core_shadow_set(base + 8, len - 16, 0);
   REQUIRE_FALSE(HookLog::calls().empty());
   for (const auto& c : HookLog::calls()) {
      CHECK(c.p % 4096 == 0);
      CHECK(c.len % 4096 == 0);
   }
   CHECK(HookLog::pages(2) == 64);
   CHECK(HookLog::pages(1) == 62);
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(base + 8, len - 16, &bad) == 1);
   CHECK(lk_core_shadow_check(base + 7, 1, &bad) == 0);
   CHECK(lk_core_shadow_check(base + len - 8, 1, &bad) == 0);
}

// Below the threshold the bits are written: a recycled block would pay
// a system call and a page fault per page each time.
TEST_CASE("small ranges are written without the page hooks", "[shadow]") {
   HookSetup setup;
   const uint64_t base = 0x7000000, len = 512 << 10;   // 16 filter pages
   lk_core_shadow_set(base, len, 1);
   lk_core_shadow_set(base + 16, len - 32, 0);
   CHECK(HookLog::calls().empty());
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(base + 16, len - 32, &bad) == 1);
   CHECK(lk_core_shadow_check(base + 15, 1, &bad) == 0);
   CHECK(lk_core_shadow_check(base + len - 16, 1, &bad) == 0);
   // At the threshold, the hooks get the whole pages.
   lk_core_shadow_set(base, 1 << 20, 1);
   CHECK(HookLog::pages(2) == 32);
   lk_core_shadow_set(base, 1 << 20, 0);
   CHECK(HookLog::pages(1) == 32);
   CHECK(lk_core_shadow_check(base, 1 << 20, &bad) == 1);
   // Unless the caller asks for the bits to be written.
   HookLog::calls().clear();
   lk_core_shadow_set_ex(base, 1 << 20, 1, 0);
   CHECK(HookLog::calls().empty());
   CHECK(lk_core_shadow_check(base + 4096, 1, &bad) == 0);
}

// The sbfragment shape (memcheck/tests/sbfragment.c): a block freed and
// a bigger one allocated, again and again.  Each step is a few hook
// calls, whatever the size; pages made all ones and then accessible
// again are zeroed by remapping (madvise would bring the ones back),
// the others by giving them back.
TEST_CASE("big blocks cost a few hook calls", "[shadow]") {
   HookSetup setup;
   const uint64_t base = 0x10000000;
   uint64_t a = base, size = 32000;
   lk_core_shadow_set(a, size, 0);
   for (int i = 0; i < 40; i++) {
      uint64_t na = (a + size + 4096 + 65535) & ~uint64_t(65535);
      uint64_t nsize = size + 320000;
      HookLog::calls().clear();
      lk_core_shadow_set(na - 64, 64, 1);              // the new redzone
      lk_core_shadow_set(na, nsize, 0);                // malloc
      lk_core_shadow_set(a, size, 1);                  // free of the old one
      CHECK(HookLog::calls().size() <= 3);
      LK_Addr bad = 0;
      CHECK(lk_core_shadow_check(na, nsize, &bad) == 1);
      CHECK(lk_core_shadow_check(a + size / 2, 1, &bad) == 0);
      CHECK(bad == a + size / 2);
      CHECK_FALSE(fast_ok(a, 1));
      CHECK_FALSE(fast_ok(a + size - 1, 1));
      CHECK(fast_ok(na, 8));
      a = na;
      size = nsize;
   }
   // One run per freed block of a megabyte or more (they are apart).
   CHECK(lk_core_shadow_n_ones_runs() == 36);
   // Memory of freed blocks reused: zeroed by remapping.
   HookLog::calls().clear();
   lk_core_shadow_set(base, 4 << 20, 0);
   CHECK(HookLog::pages(1) >= 32);
   // Memory never marked all ones: given back.
   HookLog::calls().clear();
   lk_core_shadow_set(0x30000000, 4 << 20, 1);
   lk_core_shadow_set_ex(0x30000000, 4 << 20, 0, 0);
   lk_core_shadow_set(0x30000000, 4 << 20, 1);
   HookLog::calls().clear();
   lk_core_shadow_set_ex(0x30000000, 4 << 20, 1, 0);   // written
   lk_core_shadow_set(0x30000000, 4 << 20, 0);
   CHECK(HookLog::pages(1) == 128);   // still maybe mapped
   HookLog::calls().clear();
   lk_core_shadow_set(0x30000000, 4 << 20, 1);
   lk_core_shadow_set_ex(0x30000000, 4 << 20, 0, 0);
   lk_core_shadow_set(0x30000000, 4 << 20, 1);
   lk_core_shadow_set(0x30000000, 4 << 20, 0);
   CHECK(HookLog::pages(1) == 128);
}

// Each run of pages mapped all ones is a kernel mapping: past the cap,
// new runs are written instead, and splitting a run is avoided.
TEST_CASE("runs of all-ones pages are capped", "[shadow]") {
   HookSetup setup;
   lk_core_shadow_set_ones_run_cap(2);
   const uint64_t mb = 1 << 20;
   lk_core_shadow_set(0x20000000, 2 * mb, 1);
   lk_core_shadow_set(0x20800000, 2 * mb, 1);
   CHECK(lk_core_shadow_n_ones_runs() == 2);
   HookLog::calls().clear();
   lk_core_shadow_set(0x21000000, 2 * mb, 1);   // a third run: written
   CHECK(HookLog::calls().empty());
   CHECK(lk_core_shadow_n_ones_runs() == 2);
   lk_core_shadow_set(0x20200000, 2 * mb, 1);   // joins the first
   CHECK(HookLog::pages(2) == 64);
   CHECK(lk_core_shadow_n_ones_runs() == 2);
   HookLog::calls().clear();
   lk_core_shadow_set(0x20100000, 2 * mb, 0);   // would split it: written
   CHECK(HookLog::calls().empty());
   CHECK(lk_core_shadow_n_ones_runs() == 2);
   lk_core_shadow_set(0x20000000, 4 * mb, 0);   // the whole run
   CHECK(HookLog::pages(1) == 128);
   CHECK(lk_core_shadow_n_ones_runs() == 1);
   for (uint64_t a : {0x20000000ull, 0x20800000ull, 0x21000000ull}) {
      LK_Addr bad = 0;
      bool na = a != 0x20000000ull;
      CHECK(lk_core_shadow_check(a + mb, 1, &bad) == (na ? 0 : 1));
      CHECK(fast_ok(a + mb, 1) == !na);
   }
}

// The tool's image is made of probe chunks at every start (lk_access.c):
// ~470 of them, whose filter pages the ones hook maps instead of the
// core writing 8 KiB per chunk (~950 page faults a process).
TEST_CASE("a range of probe chunks maps its filter pages with the ones hook", "[shadow]") {
   HookSetup setup;
   const uint64_t tool = 0x58000000, end = tool + 40 * 65536 + 5;   // 41 chunks
   lk_core_shadow_set_probes(tool, end);
   CHECK(HookLog::pages(2) == 82);
   CHECK(HookLog::calls().size() == 1);
   CHECK(lk_core_shadow_n_ones_runs() == 1);
   LK_Addr bad = 0;
   for (uint64_t a : {tool, tool + 0x1234, tool + 40 * 65536 + 0xFFF8}) {
      INFO(a);
      CHECK(lk_core_shadow_is_probe(a));
      CHECK_FALSE(fast_ok(a, 1));
      CHECK(lk_core_shadow_check(a, 8, &bad) == 1);
      CHECK(lk_core_shadow_count_accessible(a, 8) == 8);
   }
   CHECK_FALSE(lk_core_shadow_is_probe(tool - 1));
   CHECK_FALSE(lk_core_shadow_is_probe(tool + 41 * 65536));
   CHECK(fast_ok(tool - 8, 8));
   CHECK(fast_ok(tool + 41 * 65536, 8));
   // A mark inside one of them makes it an ordinary chunk, as before.
   lk_core_shadow_set(tool + 3 * 65536 + 0x100, 16, 1);
   CHECK_FALSE(lk_core_shadow_is_probe(tool + 3 * 65536));
   CHECK(fast_ok(tool + 3 * 65536, 8));
   CHECK_FALSE(fast_ok(tool + 3 * 65536 + 0x100, 1));
   CHECK(lk_core_shadow_is_probe(tool + 4 * 65536));
   // Pages the file may be mapped on are zeroed by remapping, never
   // given back (which would bring the 0xFF bytes back).
   HookLog::calls().clear();
   lk_core_shadow_reset();
   CHECK(HookLog::pages(0) == 0);
   CHECK(HookLog::pages(1) == 82);
   CHECK(lk_core_shadow_n_ones_runs() == 0);
   CHECK_FALSE(lk_core_shadow_is_probe(tool));
   CHECK(fast_ok(tool, 8));
}

TEST_CASE("a range of probe chunks without page hooks, and in aliased mode", "[shadow]") {
   lk_core_shadow_init();
   struct Reset { ~Reset() { lk_core_shadow_reset(); } } reset;
   const uint64_t tool = 0x58000000;
   lk_core_shadow_set_probes(tool, tool + 3 * 65536);   // written
   CHECK(lk_core_shadow_n_ones_runs() == 0);
   CHECK(lk_core_shadow_is_probe(tool + 2 * 65536 + 0xFFF0));
   CHECK_FALSE(lk_core_shadow_is_probe(tool + 3 * 65536));
   CHECK_FALSE(fast_ok(tool + 65536, 1));
   CHECK(fast_ok(tool + 3 * 65536, 8));
   lk_core_shadow_set(0x1000000000ULL, 64, 1);
   REQUIRE(lk_core_shadow_aliased());
   const uint64_t more = 0x60000000;
   lk_core_shadow_set_probes(more, more + 2 * 65536);
   CHECK(lk_core_shadow_is_probe(more + 0x10));
   CHECK(lk_core_shadow_is_probe(more + 65536 + 0x10));
   CHECK_FALSE(fast_ok(more + 65536, 4));
   CHECK(lk_core_shadow_is_probe(tool + 0x10));
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(more + 0x10, 4, &bad) == 1);
   CHECK_FALSE(lk_core_shadow_is_probe(more + 2 * 65536));
}

#if defined(__linux__)
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
namespace {
// The glue's hooks for real (lk_access.c), natively: a memfd of 0xFF
// bytes mapped privately, fresh anonymous memory, madvise.  If the core
// zeroed a page where the file is mapped with madvise, the kernel would
// bring the 0xFF bytes back and the model below would disagree.
int g_fd = -1;
const size_t kFileSz = 256 << 10;
void real_ones(void* p, size_t len) {
   for (size_t done = 0; done < len; done += kFileSz) {
      size_t n = len - done < kFileSz ? len - done : kFileSz;
      void* r = mmap(static_cast<char*>(p) + done, n, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_FIXED, g_fd, 0);
      REQUIRE(r != MAP_FAILED);
   }
}
void real_zero(void* p, size_t len, int maybe_ones) {
   if (maybe_ones) {
      void* r = mmap(p, len, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0);
      REQUIRE(r != MAP_FAILED);
   } else {
      REQUIRE(madvise(p, len, MADV_DONTNEED) == 0);
   }
}
}  // namespace

TEST_CASE("random big and small marks with the kernel's page hooks", "[shadow]") {
   if (g_fd < 0) {
      g_fd = (int)syscall(SYS_memfd_create, "lk-unit-ones", 0);
      REQUIRE(g_fd >= 0);
      std::vector<uint8_t> buf(kFileSz, 0xFF);
      REQUIRE(write(g_fd, buf.data(), buf.size()) == (ssize_t)buf.size());
   }
   HookSetup setup(real_zero, real_ones);
   lk_core_shadow_set_ones_run_cap(6);
   const uint64_t base = 0x40000000, span = 12 << 20;
   Model m(base, span);
   std::mt19937_64 rng(7);
   for (int round = 0; round < 300; round++) {
      uint64_t a = base + rng() % span;
      uint64_t len = 1 + (round % 3 == 0 ? rng() % (3 << 20) : rng() % 5000);
      if (len > base + span - a) len = base + span - a;
      bool na = rng() & 1;
      if (round % 7 == 0) {
         lk_core_shadow_set_ex(a, len, na, 0);
         for (uint64_t k = 0; k < len; k++) m.noacc[a - base + k] = na;
      } else {
         m.set(a, len, na);
      }
      for (int q = 0; q < 50; q++) {
         uint64_t qa = base + rng() % (span - 64);
         uint64_t ql = 1 + rng() % 40;
         uint64_t bad_m = 0, bad_s = 0;
         bool ok_m = m.ok(qa, ql, &bad_m);
         REQUIRE(lk_core_shadow_check(qa, ql, &bad_s) == (ok_m ? 1 : 0));
         if (!ok_m) REQUIRE(bad_s == bad_m);
         unsigned n = 1u << (rng() % 6);
         REQUIRE(fast_ok(qa, n) == m.ok(qa, n, &bad_m));
      }
   }
   CHECK(lk_core_shadow_n_ones_runs() <= 6);
   CHECK(lk_core_shadow_n_ones_pages() > 0);
   m.reset();
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(base, span, &bad) == 1);
}
#endif

// Above 4 GiB (aliased mode) a big block made accessible clears the
// filter chunks whose aliases are no longer marked: together, with the
// page hook, not by writing 8 KiB of zeroes per 64 KiB.
TEST_CASE("aliased mode clears big ranges with the page hooks", "[shadow]") {
   HookSetup setup;
   const uint64_t hi = (uint64_t(5) << 32) + 0x10000000;
   const uint64_t len = 4 << 20;
   lk_core_shadow_set(hi, len, 1);           // a new segment, noaccess
   REQUIRE(lk_core_shadow_aliased() == 1);
   CHECK_FALSE(fast_ok(hi + 65536, 8));
   HookLog::calls().clear();
   lk_core_shadow_set(hi + 64, len - 128, 0);   // the block in it
   CHECK(HookLog::pages(0) + HookLog::pages(1) >= 2 * (len / 65536 - 2));
   CHECK(HookLog::calls().size() <= 2);
   LK_Addr bad = 0;
   CHECK(lk_core_shadow_check(hi + 64, len - 128, &bad) == 1);
   CHECK(lk_core_shadow_check(hi + 63, 1, &bad) == 0);
   CHECK(fast_ok(hi + 65536, 8));
   CHECK_FALSE(fast_ok(hi + 63, 1));
   // An alias below 4 GiB marked: its chunk's filter copies it again.
   const uint64_t lo = hi & 0xFFFFFFFFull;
   lk_core_shadow_set(lo + 65536 + 5, 3, 1);
   CHECK_FALSE(fast_ok(lo + 65536 + 5, 1));
   CHECK(lk_core_shadow_check(hi + 65536 + 5, 1, &bad) == 1);
   lk_core_shadow_set(lo + 65536 + 5, 3, 0);
   lk_core_shadow_set(hi, len, 0);
}

TEST_CASE("random big marks agree with a byte model (aliased mode, page hooks)", "[shadow]") {
   HookSetup setup;
   const uint64_t hi = (uint64_t(3) << 32) + 0x9000000;
   lk_core_shadow_set(hi + 17, 3, 1);
   REQUIRE(lk_core_shadow_aliased() == 1);
   lk_core_shadow_set(hi + 17, 3, 0);
   // Two aliased windows, marked in turn with big and small ranges.
   const uint64_t span = 6 << 20;
   Model m_lo(0x9000000, span), m_hi(hi, span);
   std::mt19937_64 rng(11);
   for (int round = 0; round < 200; round++) {
      Model& m = (rng() & 1) ? m_lo : m_hi;
      uint64_t a = m.base + rng() % span;
      uint64_t len = 1 + (round % 2 ? rng() % (2 << 20) : rng() % 3000);
      if (len > m.base + span - a) len = m.base + span - a;
      m.set(a, len, rng() & 1);
      for (int q = 0; q < 40; q++) {
         Model& mq = (q & 1) ? m_lo : m_hi;
         uint64_t qa = mq.base + rng() % (span - 64);
         uint64_t ql = 1 + rng() % 40;
         uint64_t bad_m = 0, bad_s = 0;
         bool ok_m = mq.ok(qa, ql, &bad_m);
         REQUIRE(lk_core_shadow_check(qa, ql, &bad_s) == (ok_m ? 1 : 0));
         if (!ok_m) REQUIRE(bad_s == bad_m);
         unsigned n = 1u << (rng() % 6);
         // The filter never passes an access the map refuses.
         if (fast_ok(qa, n)) REQUIRE(mq.ok(qa, n, &bad_m));
      }
   }
   m_lo.reset();
   m_hi.reset();
}

// lk_core_pages_to_clear (recycled heap memory, lk_heap.c): only pages
// the page table says may hold data are cleared.
namespace {
struct Runs {
   std::vector<std::pair<uint64_t, uint64_t>> r;
   static void add(uint64_t first, uint64_t count, void* ctx) {
      static_cast<Runs*>(ctx)->r.emplace_back(first, count);
   }
};
constexpr uint64_t kPresent = uint64_t(1) << 63;
constexpr uint64_t kSwapped = uint64_t(1) << 62;
}  // namespace

TEST_CASE("recycled pages: only present or swapped pages are cleared",
          "[shadow][pagemap]") {
   // A present page with a PFN, one never written, a swapped one (swap
   // type and offset in the low bits), soft-dirty and exclusive bits
   // (55, 56) alone, a present page of a file (bit 61), two never
   // written at the end.
   const uint64_t e[] = {
      kPresent | 0x12345, 0, kSwapped | 0x7, kPresent | kSwapped,
      uint64_t(1) << 55, uint64_t(1) << 56, kPresent | (uint64_t(1) << 61),
      0, 0,
   };
   Runs runs;
   uint64_t skipped = lk_core_pages_to_clear(e, 9, Runs::add, &runs);
   CHECK(skipped == 5);
   REQUIRE(runs.r.size() == 3);
   CHECK(runs.r[0] == std::make_pair(uint64_t(0), uint64_t(1)));
   CHECK(runs.r[1] == std::make_pair(uint64_t(2), uint64_t(2)));
   CHECK(runs.r[2] == std::make_pair(uint64_t(6), uint64_t(1)));
}

TEST_CASE("recycled pages: all, none, empty", "[shadow][pagemap]") {
   std::vector<uint64_t> e(512, kPresent);
   Runs all;
   CHECK(lk_core_pages_to_clear(e.data(), e.size(), Runs::add, &all) == 0);
   REQUIRE(all.r.size() == 1);
   CHECK(all.r[0] == std::make_pair(uint64_t(0), uint64_t(512)));
   std::fill(e.begin(), e.end(), 0);
   Runs none;
   CHECK(lk_core_pages_to_clear(e.data(), e.size(), Runs::add, &none) == 512);
   CHECK(none.r.empty());
   Runs empty;
   CHECK(lk_core_pages_to_clear(e.data(), 0, Runs::add, &empty) == 0);
   CHECK(empty.r.empty());
}

TEST_CASE("recycled pages: random page tables against a model",
          "[shadow][pagemap]") {
   std::mt19937_64 rng(16);
   for (int round = 0; round < 500; round++) {
      const size_t n = 1 + rng() % 700;
      std::vector<uint64_t> e(n);
      for (auto& w : e) {
         // Random flag bits above the PFN/swap field, random low bits.
         w = (rng() & (uint64_t(0xF) << 60)) | (rng() & 0xFFFFF);
         if (rng() % 3 == 0) w &= ~(kPresent | kSwapped);
      }
      Runs runs;
      uint64_t skipped = lk_core_pages_to_clear(e.data(), n, Runs::add, &runs);
      std::vector<bool> cleared(n, false);
      uint64_t prev_end = 0;
      for (auto& r : runs.r) {
         REQUIRE(r.second > 0);
         REQUIRE(r.first + r.second <= n);
         // Maximal runs, in order: a gap before every run but the first.
         if (&r != &runs.r[0]) REQUIRE(r.first > prev_end);
         prev_end = r.first + r.second;
         for (uint64_t k = r.first; k < prev_end; k++) cleared[k] = true;
      }
      uint64_t want_skipped = 0;
      for (size_t k = 0; k < n; k++) {
         const bool data = (e[k] & (kPresent | kSwapped)) != 0;
         REQUIRE(cleared[k] == data);
         want_skipped += data ? 0 : 1;
      }
      REQUIRE(skipped == want_skipped);
   }
}
