// SPDX-License-Identifier: GPL-2.0-or-later
#include "host_shim.hpp"
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace lk_test {

int g_assert_failures = 0;

namespace {

struct Seg { uint64_t start, end; unsigned flags; };
std::vector<Seg>* segs;
std::vector<Seg>* unreadable;

void* host_alloc(const char*, size_t n) {
   void* p = std::malloc(n ? n : 1);
   if (!p) std::abort();
   return p;
}
void host_dealloc(void* p) { std::free(p); }

int host_read_word(LK_Addr a, uint64_t* out) {
   for (const Seg& s : *unreadable)
      if (a + 8 > s.start && a < s.end) return 0;
   std::memcpy(out, reinterpret_cast<const void*>(a), 8);
   return 1;
}

int host_segment_at(LK_Addr a, LK_SegInfo* out) {
   for (const Seg& s : *segs) {
      if (a >= s.start && a <= s.end) {
         out->start = s.start;
         out->end = s.end;
         out->flags = s.flags;
         return 1;
      }
   }
   return 0;
}

[[noreturn]] void host_assert_fail(const char* expr, const char* file, int line) {
   g_assert_failures++;
   std::fprintf(stderr, "core assertion failed: %s (%s:%d)\n", expr, file, line);
   std::abort();
}

const LK_Host kHost = { host_alloc, host_dealloc, host_read_word,
                        host_segment_at, host_assert_fail };

}  // namespace

void install_host() {
   segs = new std::vector<Seg>();
   unreadable = new std::vector<Seg>();
   lk_core_init(&kHost);
}

void add_segment(uint64_t start, uint64_t end_inclusive, unsigned flags) {
   segs->push_back({start, end_inclusive, flags});
}
void clear_segments() { segs->clear(); }
void add_unreadable(uint64_t start, uint64_t end_exclusive) {
   unreadable->push_back({start, end_exclusive, 0});
}
void clear_unreadable() { unreadable->clear(); }

}  // namespace lk_test
