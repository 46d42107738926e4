/*--------------------------------------------------------------------*/
/*--- leakcheck: the addressability shadow map.                    ---*/
/*---                                                 lk_shadow.cpp ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   One bit per byte of client memory says whether the client may touch
   it (1 = no access), like Memcheck's A bits.  Unlike Memcheck, memory
   nobody has marked is accessible: the tool marks only the client heap
   (arena superblocks are noaccess when first seen, payloads become
   accessible while allocated) and what the client marks with memcheck.h
   requests.  docs/heap-errors.md has the design and the measurements.

   Design:
     1. The filter.  The translated code reads the bits of a 4 GiB window
        from a flat 512 MiB array in .bss, right after the tool's code,
        so that its address fits an instruction's 32-bit displacement:

          bits = *(uint64_t*)(lk_shadow_filter + ((a mod 2^32) >> 3))
          bad  = (bits >> (a & 7)) & ((1 << n) - 1)

        exact for any access of up to 57 bytes, with no branch and no
        call.  Bit k of byte j covers byte 8*j+k of the window.  Only the
        pages of marked memory are ever touched.  8 padding bytes of 0xFF
        at the end send accesses that wrap around the window to the slow
        path.
     2. Direct mode.  On amd64-linux the client heap and nearly
        everything else of the client lie in the low 4 GiB, and as long
        as nothing at or above 4 GiB is marked, the filter *is* the map:
        marking writes its bits, the exact checks read them.  That is
        the common case, and it costs nothing but the bits.
     3. Aliased mode, for the first mark at or above 4 GiB (up to
        2^37 = 128 GiB, aspacemgr's limit for the client; nothing is
        ever marked above).  Addresses 4 GiB apart share filter bits,
        so the exact bits move to a two-level map: 2^21 primary entries,
        one per 64 KiB chunk, each the address of the chunk's secondary
        (8,192 bytes of bits) *minus the address of the shared
        all-accessible secondary*, so that the zero-filled primary means
        "all accessible".  Writing into a chunk that uses a shared
        secondary gives it a private copy; marking a whole chunk gives
        it a shared one again.  Filter chunk fc then stands for its 32
        aliases fc + k * 2^16: it is clear when none is marked, a copy
        of the one marked alias, or all set when several are (every
        access to it then takes the slow path), so it never passes an
        access the map would not.  Filter chunks cleared by one big mark
        are cleared together, with the page hooks (5. below).
     4. Probes.  Page zero is never mapped: its chunk is a "probe" chunk,
        all bits set in the filter while marks say it is accessible, so
        that every access there reaches the glue's slow path, which
        reports it before the fault (Memcheck reports null-pointer
        accesses).  The glue makes the chunks of the tool's own image
        probes too (lk_access.c).  Probe chunks lie in the low 4 GiB.

     5. Page-level states.  A big range made noaccess or accessible
        (a big block freed or allocated, a new heap segment) would cost
        an eighth of its size in filter writes, and page faults for
        filter pages given back earlier: Memcheck pays a pointer per
        64 KiB there (its distinguished secondary maps).  The glue's
        page hooks do the same with the MMU: whole filter pages are
        made all-ones by mapping pages of a file full of 0xFF bytes
        over them privately (shared until written), and all-zero by
        mapping fresh anonymous memory (or madvise, where no such file
        page can be mapped): a system call per few megabytes of filter.
        g_ones records, per filter page, whether such a file page may
        be mapped there: zeroing it with madvise(MADV_DONTNEED) would
        bring the 0xFF bytes back, so those pages take the mapping hook.
        The number of runs of such pages is capped (each is a kernel
        mapping; past the cap the bits are written).

   The translated code reads lk_shadow_filter directly (lk_core.h);
   everything else goes through the functions below.  None of them may
   be longjmp'd through.
*/

#include "lk_core_util.hpp"

/*------------------------------------------------------------*/
/*--- The maps                                             ---*/
/*------------------------------------------------------------*/

extern "C" {
/* Zero-initialised, in .bss: only the pages of marked chunks are ever
   touched.  lk_core_shadow_init sets the padding.  Page-aligned, so that
   what the core hands to the page hooks are pages (madvise and mmap
   refuse any other address: the hooks then wrote the bytes, and the
   memory stayed). */
alignas(lk::kPage) uint8_t lk_shadow_filter[LK_SHADOW_FILTER_BYTES + 8];
}

namespace {

constexpr uint64_t kChunkSize = uint64_t(1) << LK_SHADOW_CHUNK_BITS;
constexpr uint64_t kLimit = LK_SHADOW_LIMIT;
constexpr uint64_t kWindow = uint64_t(LK_SHADOW_FILTER_BYTES) << 3;
constexpr uint64_t kFilterChunks = kWindow >> LK_SHADOW_CHUNK_BITS;

/* Direct mode (see above) until something at or above 4 GiB is marked. */
bool g_aliased = false;
/* Direct mode: filter chunks ever written (for the switch to aliased
   mode), and the probe chunks. */
bool g_dirty[kFilterChunks];
bool g_probe[kFilterChunks];

inline bool direct_probe(uint64_t chunk) {
   return chunk < kFilterChunks && g_probe[chunk];
}
/* Page hooks (see 5. above; lk_core.h): make whole filter pages all
   zero / all ones.  NULL: the bits are written. */
void (*g_zero_pages)(void* p, size_t len, int maybe_ones) = nullptr;
void (*g_ones_pages)(void* p, size_t len) = nullptr;
/* ... for ranges of at least this many bytes of client memory. */
uint64_t g_pages_min = 0;

/* Client bytes covered by a filter page, and the number of filter
   pages. */
constexpr uint64_t kPageSpan = lk::kPage * 8;
constexpr uint64_t kFilterPages = LK_SHADOW_FILTER_BYTES / lk::kPage;
/* Filter pages where a page of the glue's 0xFF file may be mapped, and
   the number of runs of them. */
uint64_t g_ones[kFilterPages / 64];
uint64_t g_ones_runs = 0;
uint64_t g_ones_run_cap = 4096;

inline bool ones_bit(uint64_t pg) {
   return (g_ones[pg >> 6] >> (pg & 63)) & 1;
}
/* Runs of set bits that start in [lo, hi). */
uint64_t ones_starts(uint64_t lo, uint64_t hi) {
   uint64_t n = 0;
   if (hi > kFilterPages) hi = kFilterPages;
   for (uint64_t pg = lo; pg < hi; pg++)
      n += (ones_bit(pg) && (pg == 0 || !ones_bit(pg - 1))) ? 1 : 0;
   return n;
}
/* Sets or clears the bits of pages [lo, hi), keeping the run count. */
void ones_mark(uint64_t lo, uint64_t hi, bool set) {
   const uint64_t before = ones_starts(lo, hi + 1);
   for (uint64_t pg = lo; pg < hi; pg++) {
      if (set) g_ones[pg >> 6] |= uint64_t(1) << (pg & 63);
      else g_ones[pg >> 6] &= ~(uint64_t(1) << (pg & 63));
   }
   g_ones_runs = g_ones_runs + ones_starts(lo, hi + 1) - before;
}
bool ones_any(uint64_t lo, uint64_t hi) {
   for (uint64_t pg = lo; pg < hi; pg++)
      if (ones_bit(pg)) return true;
   return false;
}

/* Aliased mode: the primary map (biased secondary addresses), the shared
   secondaries, and per filter chunk the number of its aliases whose
   secondary is not the all-accessible one. */
uint64_t g_prim[LK_SHADOW_N_CHUNKS];
uint8_t g_zero_sm[LK_SHADOW_SM_BYTES];
uint8_t g_full_sm[LK_SHADOW_SM_BYTES];
uint8_t g_probe_sm[LK_SHADOW_SM_BYTES];
uint8_t g_alias_marked[kFilterChunks];
uint64_t g_n_private = 0;

inline uint8_t* filter_sm(uint64_t fc) {
   return lk_shadow_filter + (fc << (LK_SHADOW_CHUNK_BITS - 3));
}

/*------------------------------------------------------------*/
/*--- Bits of one chunk                                    ---*/
/*------------------------------------------------------------*/

/* Sets (noaccess) or clears the bits of bytes [lo, hi) of one chunk's
   bits, 0 <= lo < hi <= kChunkSize. */
void set_bits(uint8_t* sm, uint64_t lo, uint64_t hi, bool noaccess) {
   const uint8_t fill = noaccess ? 0xFF : 0x00;
   if (lo & 7) {
      uint64_t end = lk::min_of<uint64_t>(hi, (lo | 7) + 1);
      uint8_t m = (uint8_t)(((1u << (end - lo)) - 1) << (lo & 7));
      if (noaccess) sm[lo >> 3] |= m; else sm[lo >> 3] &= (uint8_t)~m;
      lo = end;
      if (lo == hi) return;
   }
   uint64_t whole_end = hi & ~(uint64_t)7;
   if (whole_end > lo) {
      __builtin_memset(sm + (lo >> 3), fill, (whole_end - lo) >> 3);
      lo = whole_end;
   }
   if (lo < hi) {
      uint8_t m = (uint8_t)((1u << (hi - lo)) - 1);
      if (noaccess) sm[lo >> 3] |= m; else sm[lo >> 3] &= (uint8_t)~m;
   }
}

inline bool bit(const uint8_t* sm, uint64_t off) {
   return (sm[off >> 3] >> (off & 7)) & 1;
}

/* The first set (want_set) or clear bit among bytes [lo, hi); hi if
   none. */
uint64_t find_bit(const uint8_t* sm, uint64_t lo, uint64_t hi, bool want_set) {
   while (lo < hi && (lo & 63)) {
      if (bit(sm, lo) == want_set) return lo;
      lo++;
   }
   while (lo + 64 <= hi) {
      uint64_t w;
      __builtin_memcpy(&w, sm + (lo >> 3), 8);
      if (!want_set) w = ~w;
      if (w != 0) return lo + (uint64_t)__builtin_ctzll(w);
      lo += 64;
   }
   while (lo < hi) {
      if (bit(sm, lo) == want_set) return lo;
      lo++;
   }
   return hi;
}

uint64_t count_clear(const uint8_t* sm, uint64_t lo, uint64_t hi) {
   uint64_t n = 0;
   for (uint64_t off = lo; off < hi; off++)
      n += bit(sm, off) ? 0 : 1;
   return n;
}

/* Visits [a, a+len) clipped to the limit, one chunk at a time:
   f(chunk, lo, hi) with offsets inside the chunk; stops when f returns
   true, and returns that. */
template <typename F>
bool for_chunks(LK_Addr a, uint64_t len, F f) {
   if (a >= kLimit || len == 0) return false;
   uint64_t end = (len > kLimit - a) ? kLimit : a + len;
   while (a < end) {
      uint64_t chunk = a >> LK_SHADOW_CHUNK_BITS;
      uint64_t lo = a & (kChunkSize - 1);
      uint64_t hi = lk::min_of<uint64_t>(kChunkSize, lo + (end - a));
      if (f(chunk, lo, hi)) return true;
      a += hi - lo;
   }
   return false;
}

/*------------------------------------------------------------*/
/*--- Aliased mode                                         ---*/
/*------------------------------------------------------------*/

/* Integer arithmetic: the biased entry points into another object. */
inline uint8_t* sm_of(uint64_t chunk) {
   return reinterpret_cast<uint8_t*>(
      (uintptr_t)g_zero_sm + (uintptr_t)g_prim[chunk]);
}
inline bool is_shared(const uint8_t* sm) {
   return sm == g_zero_sm || sm == g_full_sm || sm == g_probe_sm;
}

void zero_pages(uint64_t lo, uint64_t hi);

/* Filter chunks that lost their last marked alias while
   lk_core_shadow_set walks a range, [g_zlo, g_zhi): zeroed together at
   the end, with the zero page hook when the run is big enough (a big
   block allocated above 4 GiB would otherwise write, and keep, 8 KiB of
   zeroes per 64 KiB). */
bool g_batch = false;
uint64_t g_zlo = 0, g_zhi = 0;

void flush_zero_run() {
   if (g_zhi > g_zlo) {
      constexpr uint64_t ppc = LK_SHADOW_SM_BYTES / lk::kPage;
      /* 256 KiB of client memory or more: a system call costs less
         than writing (and keeping) its 8 filter pages. */
      if (g_zero_pages != nullptr && g_zhi - g_zlo >= 4)
         zero_pages(g_zlo * ppc, g_zhi * ppc);
      else
         __builtin_memset(filter_sm(g_zlo), 0,
                          (g_zhi - g_zlo) * LK_SHADOW_SM_BYTES);
   }
   g_zlo = g_zhi = 0;
}

/* Before the filter chunk fc is written otherwise. */
inline void unqueue_zero(uint64_t fc) {
   if (fc >= g_zlo && fc < g_zhi) flush_zero_run();
}

void refresh_filter(uint64_t fc) {
   uint8_t* f = filter_sm(fc);
   if (g_alias_marked[fc] == 0) {
      if (g_batch) {
         if (g_zhi > g_zlo && fc == g_zhi) {
            g_zhi++;
         } else if (!(fc >= g_zlo && fc < g_zhi)) {
            flush_zero_run();
            g_zlo = fc;
            g_zhi = fc + 1;
         }
         return;
      }
      __builtin_memset(f, 0, LK_SHADOW_SM_BYTES);
      return;
   }
   unqueue_zero(fc);
   if (g_alias_marked[fc] > 1) {
      __builtin_memset(f, 0xFF, LK_SHADOW_SM_BYTES);
   } else {
      for (uint64_t c = fc; c < LK_SHADOW_N_CHUNKS; c += kFilterChunks) {
         const uint8_t* sm = sm_of(c);
         if (sm != g_zero_sm) {
            __builtin_memcpy(f, sm, LK_SHADOW_SM_BYTES);
            return;
         }
      }
      LK_ASSERT(0);
   }
}

/* Every change of a chunk's secondary goes through here. */
void set_sm(uint64_t chunk, uint8_t* sm) {
   const uint64_t fc = chunk & (kFilterChunks - 1);
   const bool was_marked = sm_of(chunk) != g_zero_sm;
   const bool marked = sm != g_zero_sm;
   g_prim[chunk] = (uint64_t)(uintptr_t)sm - (uint64_t)(uintptr_t)g_zero_sm;
   if (marked && !was_marked) g_alias_marked[fc]++;
   if (!marked && was_marked) g_alias_marked[fc]--;
   if (marked != was_marked || g_alias_marked[fc] == 1)
      refresh_filter(fc);
}

void release(uint64_t chunk) {
   uint8_t* sm = sm_of(chunk);
   if (!is_shared(sm)) {
      lk::host_free(sm);
      g_n_private--;
   }
}

uint8_t* new_private_sm(const uint8_t* from) {
   uint8_t* nsm = static_cast<uint8_t*>(
      lk::host_alloc("lk.shadow.sm", LK_SHADOW_SM_BYTES));
   __builtin_memcpy(nsm, from, LK_SHADOW_SM_BYTES);
   g_n_private++;
   return nsm;
}

/* The chunk's secondary, made private (a probe chunk is accessible as
   far as marks go, so it becomes all clear). */
uint8_t* writable_sm(uint64_t chunk) {
   uint8_t* sm = sm_of(chunk);
   if (!is_shared(sm))
      return sm;
   uint8_t* nsm = new_private_sm(sm == g_full_sm ? g_full_sm : g_zero_sm);
   set_sm(chunk, nsm);
   return nsm;
}

/* Bits [lo, hi) of the chunk's (private) secondary changed. */
void mirror_bits(uint64_t chunk, const uint8_t* sm, uint64_t lo, uint64_t hi) {
   const uint64_t fc = chunk & (kFilterChunks - 1);
   if (g_alias_marked[fc] != 1) return;
   unqueue_zero(fc);
   uint64_t b0 = lo >> 3, b1 = (hi + 7) >> 3;
   __builtin_memcpy(filter_sm(fc) + b0, sm + b0, b1 - b0);
}

/* Direct -> aliased: every chunk written so far gets its secondary. */
void enter_aliased_mode() {
   LK_ASSERT(!g_aliased);
   g_aliased = true;
   for (uint64_t fc = 0; fc < kFilterChunks; fc++) {
      if (g_probe[fc]) {
         g_probe[fc] = false;
         set_sm(fc, g_probe_sm);
         continue;
      }
      if (!g_dirty[fc]) continue;
      g_dirty[fc] = false;
      uint8_t* f = filter_sm(fc);
      if (find_bit(f, 0, kChunkSize, true) == kChunkSize) continue;
      set_sm(fc, find_bit(f, 0, kChunkSize, false) == kChunkSize
                    ? g_full_sm : new_private_sm(f));
   }
}

/*------------------------------------------------------------*/
/*--- Direct mode                                          ---*/
/*------------------------------------------------------------*/

/* Makes filter pages [lo, hi) all zero with the hook: runs of pages
   where a 0xFF file page may be mapped are remapped, the others given
   back (see 5. above). */
void zero_pages(uint64_t lo, uint64_t hi) {
   while (lo < hi) {
      const bool ones = ones_bit(lo);
      uint64_t end = lo + 1;
      while (end < hi && ones_bit(end) == ones) end++;
      const bool splits = lo > 0 && ones_bit(lo - 1)
                          && end < kFilterPages && ones_bit(end);
      if (ones && splits && g_ones_runs >= g_ones_run_cap) {
         /* Remapping the middle of a run would split it, past the cap:
            write the zeroes into it instead. */
         __builtin_memset(lk_shadow_filter + lo * lk::kPage, 0,
                          (end - lo) * lk::kPage);
      } else {
         g_zero_pages(lk_shadow_filter + lo * lk::kPage,
                      (end - lo) * lk::kPage, ones ? 1 : 0);
         if (ones) ones_mark(lo, end, false);
      }
      lo = end;
   }
}

/* Makes filter pages [lo, hi) all ones with the hook, unless that would
   make too many runs; false if it did not. */
bool ones_pages(uint64_t lo, uint64_t hi) {
   if (g_ones_pages == nullptr) return false;
   /* A new run past the cap?  (Joining or covering runs adds none.) */
   if (g_ones_runs >= g_ones_run_cap
       && !ones_any(lo > 0 ? lo - 1 : 0,
                    lk::min_of<uint64_t>(hi + 1, kFilterPages)))
      return false;
   g_ones_pages(lk_shadow_filter + lo * lk::kPage, (hi - lo) * lk::kPage);
   ones_mark(lo, hi, true);
   return true;
}

/* Whether a chunk of [a, b) was ever written (direct mode). */
bool any_dirty(uint64_t a, uint64_t b) {
   for (uint64_t c = a >> LK_SHADOW_CHUNK_BITS;
        c < ((b + kChunkSize - 1) >> LK_SHADOW_CHUNK_BITS); c++)
      if (g_dirty[c]) return true;
   return false;
}

/* The part of [a, end) (direct mode, below the window's end) whose
   filter bytes fill whole pages, as client addresses [*pa, *pb): empty
   unless the page hooks are set and the range is big enough. */
bool page_part(uint64_t a, uint64_t end, uint64_t* pa, uint64_t* pb) {
   if (g_zero_pages == nullptr || end - a < g_pages_min) return false;
   *pa = (a + kPageSpan - 1) & ~(kPageSpan - 1);
   *pb = end & ~(kPageSpan - 1);
   return *pa < *pb;
}

void direct_clear_probe(uint64_t chunk) {
   g_probe[chunk] = false;
   __builtin_memset(filter_sm(chunk), 0, LK_SHADOW_SM_BYTES);
}

} // namespace

/*------------------------------------------------------------*/
/*--- Entry points                                         ---*/
/*------------------------------------------------------------*/

extern "C" void lk_core_shadow_init(void) {
   __builtin_memset(g_full_sm, 0xFF, sizeof g_full_sm);
   __builtin_memset(g_probe_sm, 0xFF, sizeof g_probe_sm);
   __builtin_memset(lk_shadow_filter + LK_SHADOW_FILTER_BYTES, 0xFF, 8);
}

extern "C" void lk_core_shadow_set(LK_Addr a, uint64_t len, int noaccess) {
   lk_core_shadow_set_ex(a, len, noaccess, 1);
}

extern "C" void lk_core_shadow_set_ex(LK_Addr a, uint64_t len, int noaccess,
                                      int page_hooks) {
   const bool na = noaccess != 0;
   if (a >= kLimit || len == 0) return;
   if (!g_aliased) {
      uint64_t end = (len > kLimit - a) ? kLimit : a + len;
      /* Nothing above the window is marked yet: making memory there
         accessible changes nothing (the stack, Valgrind's own mappings
         handed to the client, syscall buffers on the stack...). */
      if (!na && end > kWindow) {
         if (a >= kWindow) return;
         len = kWindow - a;
         end = kWindow;
      }
      if (end <= kWindow) {
         /* Whole filter pages first, with the page hooks. */
         uint64_t pa = 0, pb = 0;
         if (page_hooks && page_part(a, end, &pa, &pb)) {
            bool done;
            if (na) {
               done = ones_pages(pa / kPageSpan, pb / kPageSpan);
            } else {
               /* Nothing to do where nothing was ever written. */
               if (any_dirty(pa, pb))
                  zero_pages(pa / kPageSpan, pb / kPageSpan);
               done = true;
            }
            if (!done) pa = pb = 0;
         }
         for_chunks(a, len, [na, pa, pb](uint64_t chunk, uint64_t lo,
                                         uint64_t hi) {
            const uint64_t base = chunk << LK_SHADOW_CHUNK_BITS;
            if (g_probe[chunk]) direct_clear_probe(chunk);
            if (na) g_dirty[chunk] = true;
            /* Never written: already clear. */
            else if (!g_dirty[chunk]) return false;
            /* The bits outside [pa, pb). */
            uint64_t plo = pa > base + lo ? pa - base : lo;
            uint64_t phi = pb - base < hi ? pb - base : hi;
            if (pb <= base + lo || pa >= base + hi || plo >= phi) {
               set_bits(filter_sm(chunk), lo, hi, na);
               return false;
            }
            if (lo < plo) set_bits(filter_sm(chunk), lo, plo, na);
            if (phi < hi) set_bits(filter_sm(chunk), phi, hi, na);
            return false;
         });
         return;
      }
      enter_aliased_mode();
   }
   g_batch = true;
   for_chunks(a, len, [na](uint64_t chunk, uint64_t lo, uint64_t hi) {
      uint8_t* sm = sm_of(chunk);
      if (lo == 0 && hi == kChunkSize) {
         /* The whole chunk: a shared secondary does. */
         release(chunk);
         set_sm(chunk, na ? g_full_sm : g_zero_sm);
         return false;
      }
      /* Nothing to do if the shared secondary already says so. */
      if (sm == (na ? g_full_sm : g_zero_sm))
         return false;
      uint8_t* wsm = writable_sm(chunk);
      set_bits(wsm, lo, hi, na);
      mirror_bits(chunk, wsm, lo, hi);
      return false;
   });
   g_batch = false;
   flush_zero_run();
}

extern "C" int lk_core_shadow_check(LK_Addr a, uint64_t len,
                                    LK_Addr* first_bad) {
   LK_Addr bad = 0;
   bool found;
   if (!g_aliased) {
      found = for_chunks(a, len, [&bad](uint64_t chunk, uint64_t lo,
                                        uint64_t hi) {
         if (chunk >= kFilterChunks || g_probe[chunk])
            return false;
         uint64_t off = find_bit(filter_sm(chunk), lo, hi, true);
         if (off == hi) return false;
         bad = (chunk << LK_SHADOW_CHUNK_BITS) + off;
         return true;
      });
   } else {
      found = for_chunks(a, len, [&bad](uint64_t chunk, uint64_t lo,
                                        uint64_t hi) {
         const uint8_t* sm = sm_of(chunk);
         if (sm == g_zero_sm || sm == g_probe_sm) return false;
         uint64_t off = (sm == g_full_sm) ? lo : find_bit(sm, lo, hi, true);
         if (off == hi) return false;
         bad = (chunk << LK_SHADOW_CHUNK_BITS) + off;
         return true;
      });
   }
   if (found && first_bad) *first_bad = bad;
   return found ? 0 : 1;
}

extern "C" uint64_t lk_core_shadow_count_accessible(LK_Addr a, uint64_t len) {
   uint64_t n = 0;
   if (a >= kLimit) return len;
   if (len > kLimit - a) {
      n = len - (kLimit - a);
      len = kLimit - a;
   }
   for_chunks(a, len, [&n](uint64_t chunk, uint64_t lo, uint64_t hi) {
      const uint8_t* sm;
      if (!g_aliased) {
         if (chunk >= kFilterChunks || g_probe[chunk]) {
            n += hi - lo;
            return false;
         }
         sm = filter_sm(chunk);
      } else {
         sm = sm_of(chunk);
         if (sm == g_zero_sm || sm == g_probe_sm) {
            n += hi - lo;
            return false;
         }
      }
      n += count_clear(sm, lo, hi);
      return false;
   });
   return n;
}

extern "C" void lk_core_shadow_set_probe(LK_Addr chunk_start) {
   uint64_t chunk = chunk_start >> LK_SHADOW_CHUNK_BITS;
   LK_ASSERT(chunk < kFilterChunks);   /* in the low 4 GiB */
   if (!g_aliased) {
      g_probe[chunk] = true;
      __builtin_memset(filter_sm(chunk), 0xFF, LK_SHADOW_SM_BYTES);
      return;
   }
   release(chunk);
   set_sm(chunk, g_probe_sm);
}

extern "C" void lk_core_shadow_set_probes(LK_Addr lo, LK_Addr hi) {
   const uint64_t c0 = lo >> LK_SHADOW_CHUNK_BITS;
   const uint64_t c1 = (hi + kChunkSize - 1) >> LK_SHADOW_CHUNK_BITS;
   LK_ASSERT(c0 <= c1 && c1 <= kFilterChunks);   /* in the low 4 GiB */
   if (g_aliased) {
      for (uint64_t c = c0; c < c1; c++)
         lk_core_shadow_set_probe(c << LK_SHADOW_CHUNK_BITS);
      return;
   }
   for (uint64_t c = c0; c < c1; c++) g_probe[c] = true;
   /* A chunk's bits are whole filter pages: the ones hook maps them
      (shared until written) instead of writing 8 KiB per chunk. */
   constexpr uint64_t ppc = LK_SHADOW_SM_BYTES / lk::kPage;
   if (c1 > c0 && !ones_pages(c0 * ppc, c1 * ppc))
      __builtin_memset(filter_sm(c0), 0xFF, (c1 - c0) * LK_SHADOW_SM_BYTES);
}

extern "C" int lk_core_shadow_is_probe(LK_Addr a) {
   if (a >= kLimit) return 0;
   if (!g_aliased)
      return direct_probe(a >> LK_SHADOW_CHUNK_BITS);
   return sm_of(a >> LK_SHADOW_CHUNK_BITS) == g_probe_sm;
}

extern "C" void lk_core_shadow_reset(void) {
   if (g_aliased) {
      for (uint64_t c = 0; c < LK_SHADOW_N_CHUNKS; c++) {
         if (g_prim[c] != 0) {
            release(c);
            set_sm(c, g_zero_sm);
         }
      }
      g_aliased = false;
   }
   for (uint64_t pg = 0; pg < kFilterPages; pg++) {
      if (ones_bit(pg)) {
         uint64_t end = pg;
         while (end < kFilterPages && ones_bit(end)) end++;
         if (g_zero_pages) g_zero_pages(lk_shadow_filter + pg * lk::kPage,
                                        (end - pg) * lk::kPage, 1);
         ones_mark(pg, end, false);
         pg = end;
      }
   }
   for (uint64_t fc = 0; fc < kFilterChunks; fc++) {
      if (g_dirty[fc] || g_probe[fc]) {
         __builtin_memset(filter_sm(fc), 0, LK_SHADOW_SM_BYTES);
         g_dirty[fc] = false;
         g_probe[fc] = false;
      }
   }
}

extern "C" void lk_core_shadow_set_page_hooks(
   void (*zero)(void* p, size_t len, int maybe_ones),
   void (*ones)(void* p, size_t len), uint64_t min_len) {
   g_zero_pages = zero;
   g_ones_pages = zero != nullptr ? ones : nullptr;
   g_pages_min = min_len;
}

extern "C" void lk_core_shadow_set_ones_run_cap(uint64_t cap) {
   g_ones_run_cap = cap;
}

extern "C" uint64_t lk_core_shadow_n_ones_runs(void) {
   return g_ones_runs;
}

extern "C" uint64_t lk_core_shadow_n_ones_pages(void) {
   uint64_t n = 0;
   /* Statistics: no popcount (a libgcc call without -mpopcnt). */
   for (uint64_t pg = 0; pg < kFilterPages; pg++)
      n += ones_bit(pg) ? 1 : 0;
   return n;
}

extern "C" int lk_core_shadow_aliased(void) {
   return g_aliased ? 1 : 0;
}

extern "C" uint64_t lk_core_shadow_n_secondaries(void) {
   return g_n_private;
}

extern "C" uint64_t lk_core_shadow_n_dirty_chunks(void) {
   uint64_t n = 0;
   for (uint64_t fc = 0; fc < kFilterChunks; fc++)
      n += g_dirty[fc] ? 1 : 0;
   return n;
}

/*------------------------------------------------------------*/
/*--- Recycled heap pages                                  ---*/
/*------------------------------------------------------------*/

/* Bits of a /proc/PID/pagemap entry (the kernel's
   Documentation/admin-guide/mm/pagemap.rst): 63 page present, 62 page
   swapped (also set for migration entries, which hold data too). */
constexpr uint64_t kPagemapPresent = uint64_t(1) << 63;
constexpr uint64_t kPagemapSwapped = uint64_t(1) << 62;

extern "C" uint64_t lk_core_pages_to_clear(
   const uint64_t* entries, uint64_t n,
   void (*clear)(uint64_t first, uint64_t count, void* ctx), void* ctx) {
   uint64_t skipped = 0, i = 0;
   while (i < n) {
      if ((entries[i] & (kPagemapPresent | kPagemapSwapped)) == 0) {
         skipped++;
         i++;
         continue;
      }
      uint64_t j = i + 1;
      while (j < n && (entries[j] & (kPagemapPresent | kPagemapSwapped)) != 0)
         j++;
      clear(i, j - i, ctx);
      i = j;
   }
   return skipped;
}

/*--------------------------------------------------------------------*/
/*--- end                                             lk_shadow.cpp ---*/
/*--------------------------------------------------------------------*/
