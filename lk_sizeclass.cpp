/*--------------------------------------------------------------------*/
/*--- leakcheck: size-class runs for small client blocks.          ---*/
/*---                                               lk_sizeclass.cpp ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   The bookkeeping of the size-class allocator (lk_heap.c has the glue
   and the reasons).  A run is an aligned stretch of LK_SC_RUN_SZB bytes
   of client memory cut into equal slots of one size class; a slot is laid
   out as Valgrind's client arena lays out a block (a low admin part, the
   payload rounded up to 16, a high admin part of the low part's size), so
   that consecutive blocks of a class are as far apart as Memcheck's.
   Everything here is arithmetic on addresses and indices: the core never
   touches client memory.

   - Which run holds an address: a three-level radix table over the
     address bits 18..47 (one leaf entry per run), O(1).
   - Free slots: a LIFO list per run threaded through an index array kept
     out of band; never-used slots are cut from the run's end of use
     ("carved"), so the glue knows which slots have never been written.
   - Runs with a free slot are on a doubly linked list per class; a run
     leaves it when full and comes back at the front when a slot is given
     back.
   - The runs in address order (a sorted array; runs are created and
     released rarely), for walks in address order.
   - A run whose last slot comes back while another run of its class has
     a free slot is released (lk_sc_give says so; the glue calls
     lk_sc_run_release and may reuse the memory for any class): memory
     freed in one class can then serve another.  A class keeps one empty
     run at most, its only run with free slots, as hysteresis.
*/

#include "lk_core.h"
#include "lk_core_util.hpp"

namespace {

using lk::host_alloc;
using lk::host_free;

struct Run {
   LK_Addr  base;
   uint32_t cls;
   uint32_t slot_szB;
   uint32_t n_slots;
   uint32_t n_carved;     /* slots [0, n_carved) have been handed out once */
   uint32_t n_in_use;
   uint32_t free_head;    /* kNone or the first free slot */
   Run*     avail_prev;
   Run*     avail_next;
   bool     on_avail;
   void*    user;
   uint32_t* next_free;   /* n_slots entries */
};

constexpr uint32_t kNone = 0xFFFFFFFFu;
constexpr uint32_t kTaken = 0xFFFFFFFEu;   /* next_free of a slot in use */
constexpr unsigned kL3Bits = 12;   /* address bits 18..29 */
constexpr unsigned kL2Bits = 9;    /* bits 30..38 */
constexpr unsigned kL1Bits = 9;    /* bits 39..47 */

struct L3 { Run* e[1u << kL3Bits]; };
struct L2 { L3* e[1u << kL2Bits]; };

struct State {
   uint64_t lo_szB;                       /* low (= high) admin part */
   uint64_t max_pszB;
   int      n_classes;
   Run*     avail[LK_SC_MAX_CLASSES];
   L2*      l1[1u << kL1Bits];
   Run**    by_addr;                      /* sorted by base */
   size_t   n_runs;
   size_t   cap_runs;
};

State g_sc = {};

template <typename T> T* zalloc(const char* cc, size_t n) {
   T* p = static_cast<T*>(host_alloc(cc, n * sizeof(T)));
   unsigned char* b = reinterpret_cast<unsigned char*>(p);
   for (size_t i = 0; i < n * sizeof(T); i++) b[i] = 0;
   return p;
}

Run** leaf_slot(LK_Addr a, bool make) {
   uint64_t i1 = (a >> (LK_SC_RUN_SHIFT + kL3Bits + kL2Bits)) & ((1u << kL1Bits) - 1);
   uint64_t i2 = (a >> (LK_SC_RUN_SHIFT + kL3Bits)) & ((1u << kL2Bits) - 1);
   uint64_t i3 = (a >> LK_SC_RUN_SHIFT) & ((1u << kL3Bits) - 1);
   if ((a >> (LK_SC_RUN_SHIFT + kL3Bits + kL2Bits + kL1Bits)) != 0) return nullptr;
   L2* l2 = g_sc.l1[i1];
   if (!l2) {
      if (!make) return nullptr;
      l2 = g_sc.l1[i1] = zalloc<L2>("lk.sc.l2", 1);
   }
   L3* l3 = l2->e[i2];
   if (!l3) {
      if (!make) return nullptr;
      l3 = l2->e[i2] = zalloc<L3>("lk.sc.l3", 1);
   }
   return &l3->e[i3];
}

/* The list is kept in address order, and slots are taken from its head:
   the lowest runs fill up and the highest drain, so that runs empty and
   can be released (a LIFO list spread the blocks of a class over all its
   runs: bench/README.md, 2026-12-07 scmem). */
void avail_push(Run* r) {
   LK_ASSERT(!r->on_avail);
   Run* prev = nullptr;
   Run* next = g_sc.avail[r->cls];
   while (next && next->base < r->base) {
      prev = next;
      next = next->avail_next;
   }
   r->avail_prev = prev;
   r->avail_next = next;
   if (prev) prev->avail_next = r; else g_sc.avail[r->cls] = r;
   if (next) next->avail_prev = r;
   r->on_avail = true;
}

void avail_remove(Run* r) {
   LK_ASSERT(r->on_avail);
   if (r->avail_prev) r->avail_prev->avail_next = r->avail_next;
   else g_sc.avail[r->cls] = r->avail_next;
   if (r->avail_next) r->avail_next->avail_prev = r->avail_prev;
   r->avail_prev = r->avail_next = nullptr;
   r->on_avail = false;
}

bool run_full(const Run* r) {
   return r->free_head == kNone && r->n_carved == r->n_slots;
}

}  // namespace

extern "C" {

void lk_sc_config(uint64_t redzone_szB, uint64_t max_pszB) {
   /* Valgrind's arena: a size word then the redzone, the redzone grown
      until the low part is a multiple of 16 (and at least a pointer). */
   uint64_t rz = redzone_szB < 8 ? 8 : redzone_szB;
   while ((8 + rz) % 16 != 0) rz++;
   g_sc.lo_szB = 8 + rz;
   max_pszB = (max_pszB + 15) & ~uint64_t(15);
   if (max_pszB / 16 + 1 > LK_SC_MAX_CLASSES) max_pszB = (LK_SC_MAX_CLASSES - 1) * 16;
   /* Every class must fit eight slots into a run; with a redzone so big
      that not even empty blocks do, no class at all. */
   int n = int(max_pszB / 16) + 1;
   while (n > 0 && ((uint64_t(n) - 1) * 16 + 2 * g_sc.lo_szB) * 8 > LK_SC_RUN_SZB)
      n--;
   g_sc.n_classes = n;
   g_sc.max_pszB = n > 0 ? (uint64_t(n) - 1) * 16 : 0;
}

int lk_sc_class(uint64_t req_szB) {
   if (g_sc.n_classes == 0 || req_szB > g_sc.max_pszB) return -1;
   return int((req_szB + 15) / 16);
}

uint64_t lk_sc_slot_szB(int cls) {
   return uint64_t(cls) * 16 + 2 * g_sc.lo_szB;
}

uint64_t lk_sc_payload_off(void) {
   return g_sc.lo_szB;
}

LK_Run* lk_sc_run_new(LK_Addr base, int cls, void* user) {
   LK_ASSERT(cls >= 0 && cls < g_sc.n_classes);
   LK_ASSERT((base & (LK_SC_RUN_SZB - 1)) == 0);
   Run** leaf = leaf_slot(base, true);
   LK_ASSERT(leaf && *leaf == nullptr);
   Run* r = static_cast<Run*>(host_alloc("lk.sc.run", sizeof(Run)));
   r->base = base;
   r->cls = uint32_t(cls);
   r->slot_szB = uint32_t(lk_sc_slot_szB(cls));
   r->n_slots = uint32_t(LK_SC_RUN_SZB / r->slot_szB);
   r->n_carved = 0;
   r->n_in_use = 0;
   r->free_head = kNone;
   r->on_avail = false;
   r->avail_prev = r->avail_next = nullptr;
   r->user = user;
   r->next_free = static_cast<uint32_t*>(
      host_alloc("lk.sc.run.free", r->n_slots * sizeof(uint32_t)));
   *leaf = r;
   avail_push(r);
   /* Into the address-ordered array. */
   if (g_sc.n_runs == g_sc.cap_runs) {
      size_t nc = g_sc.cap_runs ? 2 * g_sc.cap_runs : 64;
      Run** nb = static_cast<Run**>(host_alloc("lk.sc.runs", nc * sizeof(Run*)));
      for (size_t i = 0; i < g_sc.n_runs; i++) nb[i] = g_sc.by_addr[i];
      host_free(g_sc.by_addr);
      g_sc.by_addr = nb;
      g_sc.cap_runs = nc;
   }
   size_t i = g_sc.n_runs;
   while (i > 0 && g_sc.by_addr[i - 1]->base > base) {
      g_sc.by_addr[i] = g_sc.by_addr[i - 1];
      i--;
   }
   g_sc.by_addr[i] = r;
   g_sc.n_runs++;
   return reinterpret_cast<LK_Run*>(r);
}

int64_t lk_sc_take(int cls, LK_Run** run_out, int* fresh) {
   Run* r = g_sc.avail[cls];
   if (!r) return -1;
   uint32_t idx;
   if (r->free_head != kNone) {
      idx = r->free_head;
      r->free_head = r->next_free[idx];
      *fresh = 0;
   } else {
      LK_ASSERT(r->n_carved < r->n_slots);
      idx = r->n_carved++;
      *fresh = 1;
   }
   r->next_free[idx] = kTaken;
   r->n_in_use++;
   if (run_full(r)) avail_remove(r);
   *run_out = reinterpret_cast<LK_Run*>(r);
   return int64_t(idx);
}

int lk_sc_give(LK_Run* run, uint32_t idx) {
   Run* r = reinterpret_cast<Run*>(run);
   LK_ASSERT(idx < r->n_carved && r->n_in_use > 0);
   LK_ASSERT(r->next_free[idx] == kTaken);
   bool was_full = run_full(r);
   r->next_free[idx] = r->free_head;
   r->free_head = idx;
   r->n_in_use--;
   if (was_full) avail_push(r);
   if (r->n_in_use != 0) return 0;
   /* Empty, so on its class's list: is it the only one there? */
   return g_sc.avail[r->cls] != r || r->avail_next != nullptr;
}

void* lk_sc_run_release(LK_Run* run) {
   Run* r = reinterpret_cast<Run*>(run);
   LK_ASSERT(r->n_in_use == 0);
   if (r->on_avail) avail_remove(r);
   Run** leaf = leaf_slot(r->base, false);
   LK_ASSERT(leaf && *leaf == r);
   *leaf = nullptr;
   /* Out of the address-ordered array: binary search, then close the gap. */
   size_t lo = 0, hi = g_sc.n_runs;
   while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (g_sc.by_addr[mid]->base < r->base) lo = mid + 1; else hi = mid;
   }
   LK_ASSERT(lo < g_sc.n_runs && g_sc.by_addr[lo] == r);
   for (size_t i = lo + 1; i < g_sc.n_runs; i++) g_sc.by_addr[i - 1] = g_sc.by_addr[i];
   g_sc.n_runs--;
   void* user = r->user;
   host_free(r->next_free);
   host_free(r);
   return user;
}

uint32_t lk_sc_run_n_in_use(const LK_Run* run) {
   return reinterpret_cast<const Run*>(run)->n_in_use;
}

int lk_sc_slot_taken(const LK_Run* run, uint32_t idx) {
   const Run* r = reinterpret_cast<const Run*>(run);
   return idx < r->n_carved && r->next_free[idx] == kTaken;
}

LK_Run* lk_sc_run_at(LK_Addr a) {
   Run** leaf = leaf_slot(a, false);
   return leaf ? reinterpret_cast<LK_Run*>(*leaf) : nullptr;
}

int lk_sc_locate(LK_Addr a, LK_Run** run_out, uint32_t* idx_out) {
   Run** leaf = leaf_slot(a, false);
   Run* r = leaf ? *leaf : nullptr;
   if (!r) return 0;
   uint64_t off = a - r->base;
   uint64_t idx = off / r->slot_szB;
   *run_out = reinterpret_cast<LK_Run*>(r);
   *idx_out = idx < r->n_slots ? uint32_t(idx) : kNone;
   return 1;
}

int64_t lk_sc_slot_at_payload(LK_Addr a, LK_Run** run_out) {
   Run** leaf = leaf_slot(a, false);
   Run* r = leaf ? *leaf : nullptr;
   if (!r) return -1;
   uint64_t off = a - r->base;
   if (off < g_sc.lo_szB) return -1;
   uint64_t idx = (off - g_sc.lo_szB) / r->slot_szB;
   if (idx >= r->n_carved || idx * r->slot_szB + g_sc.lo_szB != off) return -1;
   *run_out = reinterpret_cast<LK_Run*>(r);
   return int64_t(idx);
}

LK_Addr lk_sc_payload(const LK_Run* run, uint32_t idx) {
   const Run* r = reinterpret_cast<const Run*>(run);
   return r->base + uint64_t(idx) * r->slot_szB + g_sc.lo_szB;
}

uint64_t lk_sc_run_pszB(const LK_Run* run) {
   const Run* r = reinterpret_cast<const Run*>(run);
   return r->slot_szB - 2 * g_sc.lo_szB;
}

uint32_t lk_sc_run_n_carved(const LK_Run* run) {
   return reinterpret_cast<const Run*>(run)->n_carved;
}

uint32_t lk_sc_run_n_slots(const LK_Run* run) {
   return reinterpret_cast<const Run*>(run)->n_slots;
}

LK_Addr lk_sc_run_base(const LK_Run* run) {
   return reinterpret_cast<const Run*>(run)->base;
}

void* lk_sc_run_user(const LK_Run* run) {
   return reinterpret_cast<const Run*>(run)->user;
}

size_t lk_sc_n_runs(void) {
   return g_sc.n_runs;
}

LK_Run* lk_sc_run_by_rank(size_t i) {
   return i < g_sc.n_runs ? reinterpret_cast<LK_Run*>(g_sc.by_addr[i]) : nullptr;
}

void lk_sc_reset(void) {
   for (size_t i = 0; i < g_sc.n_runs; i++) {
      host_free(g_sc.by_addr[i]->next_free);
      host_free(g_sc.by_addr[i]);
   }
   host_free(g_sc.by_addr);
   for (unsigned i = 0; i < (1u << kL1Bits); i++) {
      L2* l2 = g_sc.l1[i];
      if (!l2) continue;
      for (unsigned j = 0; j < (1u << kL2Bits); j++) host_free(l2->e[j]);
      host_free(l2);
   }
   g_sc = State{};
}

}  // extern "C"
