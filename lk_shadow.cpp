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
     A two-level map over the low 128 GiB (2^37 bytes), which on
     amd64-linux holds every client mapping (aspacemgr's maxAddr).
     - The primary map has 2^21 entries, one per 64 KiB chunk.  Entry i
       is the address of the chunk's secondary map *minus the address of
       the shared all-accessible secondary*, so that the zero-filled
       primary in .bss means "all accessible" and costs no memory until
       a chunk is marked.
     - A secondary is 8,192 bytes of bits (bit k of byte j covers byte
       8*j+k of the chunk) followed by 8 padding bytes of 0xFF.  The
       translated code loads 8 bytes of bits at once starting at the byte
       of the access's first granule, shifts by the address's low 3 bits
       and masks with the access size: exact for accesses of up to 57
       bytes, with no branch and no call.  An access running off the end
       of a chunk sees padding bits, which send it to the exact (slow)
       check in this file.
     - Three shared secondaries are never written: all accessible (the
       zero one), all noaccess, and "probe" (all bits set, meaning
       accessible as far as marks go, but the glue wants to look at
       every access: used for the unmapped page zero, so that a null
       pointer access is reported before it faults).  Writing into a
       chunk that uses a shared secondary gives it a private copy;
       marking a whole chunk gives it a shared one again.
     - The translated code does not read this map: it reads a flat
       filter of the same bits for a 4 GiB window, a 512 MiB array in
       .bss right after the tool's code, so that its address fits an
       instruction's 32-bit displacement:

         bits = *(uint64_t*)(lk_shadow_filter + ((a >> 3) & 0x1FFFFFFF))
         bad  = (bits >> (a & 7)) & ((1 << n) - 1)

       Addresses 4 GiB apart share filter bits; a filter chunk is a copy
       of its one marked alias, or all set when several are marked, so
       the filter never passes an access the map would not.  Its pages
       are touched only where chunks are marked.  A set filter bit only
       sends the access to the exact check here.
     - Nothing is ever marked at or above 2^37.

   The translated code and the glue read lk_shadow_prim and
   lk_shadow_zero_sm directly (lk_core.h); everything else goes through
   the functions below.  None of them may be longjmp'd through.
*/

#include "lk_core_util.hpp"

/*------------------------------------------------------------*/
/*--- The maps                                             ---*/
/*------------------------------------------------------------*/

extern "C" {
uint64_t lk_shadow_prim[LK_SHADOW_N_CHUNKS];
/* Zero-initialised, in .bss: only the pages of marked chunks are ever
   touched.  lk_core_shadow_init sets the padding. */
uint8_t lk_shadow_filter[LK_SHADOW_FILTER_BYTES + 8];
/* All accessible; lk_core_shadow_init sets the padding, which sends
   chunk-crossing accesses to the slow check. */
uint8_t lk_shadow_zero_sm[LK_SHADOW_SM_ALLOC];
}

namespace {

constexpr uint64_t kChunkSize = uint64_t(1) << LK_SHADOW_CHUNK_BITS;
constexpr uint64_t kLimit = LK_SHADOW_LIMIT;

/* The shared noaccess and probe secondaries (all bits set, padding
   included), filled in by lk_core_shadow_init. */
uint8_t g_full_sm[LK_SHADOW_SM_ALLOC];
uint8_t g_probe_sm[LK_SHADOW_SM_ALLOC];
uint64_t g_n_private = 0;

/* Integer arithmetic: the biased entry points into another object. */
inline uint8_t* sm_of(uint64_t chunk) {
   return reinterpret_cast<uint8_t*>(
      (uintptr_t)lk_shadow_zero_sm + (uintptr_t)lk_shadow_prim[chunk]);
}
inline bool is_shared(const uint8_t* sm) {
   return sm == lk_shadow_zero_sm || sm == g_full_sm || sm == g_probe_sm;
}

/*------------------------------------------------------------*/
/*--- The filter the translated code reads                 ---*/
/*------------------------------------------------------------*/

/* Filter chunk fc (64 KiB of the 4 GiB window) stands for the 32 exact
   chunks fc + k * 2^16, k = 0..31.  g_alias_marked[fc] counts those of
   them whose secondary is not the all-accessible one.  With none the
   filter chunk is clear; with one it is a copy of that chunk's bits;
   with more it is all set (every access aliasing it takes the slow
   path: only programs using more than 4 GiB of address space for
   marked memory ever get there). */
constexpr uint64_t kFilterChunks = LK_SHADOW_FILTER_BYTES >> 13;
uint8_t g_alias_marked[kFilterChunks];

inline uint64_t filter_chunk_of(uint64_t chunk) {
   return chunk & (kFilterChunks - 1);
}
inline uint8_t* filter_sm(uint64_t fc) {
   return lk_shadow_filter + (fc << 13);
}

void refresh_filter(uint64_t fc) {
   uint8_t* f = filter_sm(fc);
   if (g_alias_marked[fc] == 0) {
      __builtin_memset(f, 0, LK_SHADOW_SM_BYTES);
   } else if (g_alias_marked[fc] > 1) {
      __builtin_memset(f, 0xFF, LK_SHADOW_SM_BYTES);
   } else {
      for (uint64_t c = fc; c < LK_SHADOW_N_CHUNKS; c += kFilterChunks) {
         const uint8_t* sm = sm_of(c);
         if (sm != lk_shadow_zero_sm) {
            __builtin_memcpy(f, sm, LK_SHADOW_SM_BYTES);
            return;
         }
      }
      LK_ASSERT(0);
   }
}

/* Every change of a chunk's secondary goes through here. */
void set_sm(uint64_t chunk, uint8_t* sm) {
   const uint64_t fc = filter_chunk_of(chunk);
   const bool was_marked = sm_of(chunk) != lk_shadow_zero_sm;
   const bool marked = sm != lk_shadow_zero_sm;
   lk_shadow_prim[chunk] = (uint64_t)(uintptr_t)sm
                           - (uint64_t)(uintptr_t)lk_shadow_zero_sm;
   if (marked && !was_marked) g_alias_marked[fc]++;
   if (!marked && was_marked) g_alias_marked[fc]--;
   if (marked != was_marked || g_alias_marked[fc] == 1)
      refresh_filter(fc);
}

/* Bits [lo, hi) of the chunk's (private) secondary changed. */
inline void mirror_bits(uint64_t chunk, const uint8_t* sm, uint64_t lo,
                        uint64_t hi) {
   const uint64_t fc = filter_chunk_of(chunk);
   if (g_alias_marked[fc] != 1) return;
   uint64_t b0 = lo >> 3, b1 = (hi + 7) >> 3;
   __builtin_memcpy(filter_sm(fc) + b0, sm + b0, b1 - b0);
}

void release(uint64_t chunk) {
   uint8_t* sm = sm_of(chunk);
   if (!is_shared(sm)) {
      lk::host_free(sm);
      g_n_private--;
   }
}

/* The chunk's secondary, made private (copied from the shared one). */
uint8_t* writable_sm(uint64_t chunk) {
   uint8_t* sm = sm_of(chunk);
   if (!is_shared(sm))
      return sm;
   uint8_t* nsm = static_cast<uint8_t*>(
      lk::host_alloc("lk.shadow.sm", LK_SHADOW_SM_ALLOC));
   /* A probe chunk is accessible as far as marks go. */
   const uint8_t* from = (sm == g_full_sm) ? g_full_sm : lk_shadow_zero_sm;
   __builtin_memcpy(nsm, from, LK_SHADOW_SM_BYTES);
   __builtin_memset(nsm + LK_SHADOW_SM_BYTES, 0xFF,
                    LK_SHADOW_SM_ALLOC - LK_SHADOW_SM_BYTES);
   g_n_private++;
   set_sm(chunk, nsm);
   return nsm;
}

/* Sets (noaccess) or clears the bits of bytes [lo, hi) of one secondary,
   0 <= lo < hi <= kChunkSize. */
void set_bits(uint8_t* sm, uint64_t lo, uint64_t hi, bool noaccess) {
   const uint8_t fill = noaccess ? 0xFF : 0x00;
   /* Leading partial byte. */
   if (lo & 7) {
      uint64_t end = lk::min_of<uint64_t>(hi, (lo | 7) + 1);
      uint8_t m = (uint8_t)(((1u << (end - lo)) - 1) << (lo & 7));
      if (noaccess) sm[lo >> 3] |= m; else sm[lo >> 3] &= (uint8_t)~m;
      lo = end;
      if (lo == hi) return;
   }
   /* Whole bytes. */
   uint64_t whole_end = hi & ~(uint64_t)7;
   if (whole_end > lo) {
      __builtin_memset(sm + (lo >> 3), fill, (whole_end - lo) >> 3);
      lo = whole_end;
   }
   /* Trailing partial byte. */
   if (lo < hi) {
      uint8_t m = (uint8_t)((1u << (hi - lo)) - 1);
      if (noaccess) sm[lo >> 3] |= m; else sm[lo >> 3] &= (uint8_t)~m;
   }
}

/* True if bit of byte 'off' (in the chunk) is set. */
inline bool bit(const uint8_t* sm, uint64_t off) {
   return (sm[off >> 3] >> (off & 7)) & 1;
}

/* Looks for the first (want_set) set or (!want_set) clear bit among
   bytes [lo, hi) of a secondary; returns its offset or hi. */
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

/* Visits [a, a+len) clipped to the mapped limit, one chunk at a time:
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

} // namespace

/*------------------------------------------------------------*/
/*--- Entry points                                         ---*/
/*------------------------------------------------------------*/

extern "C" void lk_core_shadow_init(void) {
   __builtin_memset(lk_shadow_zero_sm + LK_SHADOW_SM_BYTES, 0xFF,
                    LK_SHADOW_SM_ALLOC - LK_SHADOW_SM_BYTES);
   __builtin_memset(g_full_sm, 0xFF, sizeof g_full_sm);
   __builtin_memset(g_probe_sm, 0xFF, sizeof g_probe_sm);
   __builtin_memset(lk_shadow_filter + LK_SHADOW_FILTER_BYTES, 0xFF, 8);
}

extern "C" void lk_core_shadow_set(LK_Addr a, uint64_t len, int noaccess) {
   for_chunks(a, len, [noaccess](uint64_t chunk, uint64_t lo, uint64_t hi) {
      uint8_t* sm = sm_of(chunk);
      if (lo == 0 && hi == kChunkSize) {
         /* The whole chunk: a shared secondary does. */
         release(chunk);
         set_sm(chunk, noaccess ? g_full_sm : lk_shadow_zero_sm);
         return false;
      }
      /* Nothing to do if the shared secondary already says so. */
      if (sm == (noaccess ? g_full_sm : lk_shadow_zero_sm))
         return false;
      uint8_t* wsm = writable_sm(chunk);
      set_bits(wsm, lo, hi, noaccess != 0);
      mirror_bits(chunk, wsm, lo, hi);
      return false;
   });
}

extern "C" int lk_core_shadow_check(LK_Addr a, uint64_t len,
                                    LK_Addr* first_bad) {
   LK_Addr bad = 0;
   bool found = for_chunks(a, len, [&bad](uint64_t chunk, uint64_t lo,
                                          uint64_t hi) {
      const uint8_t* sm = sm_of(chunk);
      if (sm == lk_shadow_zero_sm || sm == g_probe_sm) return false;
      uint64_t off = (sm == g_full_sm) ? lo : find_bit(sm, lo, hi, true);
      if (off == hi) return false;
      bad = (chunk << LK_SHADOW_CHUNK_BITS) + off;
      return true;
   });
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
      const uint8_t* sm = sm_of(chunk);
      if (sm == g_full_sm) return false;
      if (sm == lk_shadow_zero_sm || sm == g_probe_sm) {
         n += hi - lo;
         return false;
      }
      for (uint64_t off = lo; off < hi; off++)
         n += bit(sm, off) ? 0 : 1;
      return false;
   });
   return n;
}

extern "C" void lk_core_shadow_set_probe(LK_Addr chunk_start) {
   uint64_t chunk = chunk_start >> LK_SHADOW_CHUNK_BITS;
   if (chunk_start >= kLimit) return;
   release(chunk);
   set_sm(chunk, g_probe_sm);
}

extern "C" int lk_core_shadow_is_probe(LK_Addr a) {
   if (a >= kLimit) return 0;
   return sm_of(a >> LK_SHADOW_CHUNK_BITS) == g_probe_sm;
}

extern "C" void lk_core_shadow_reset(void) {
   for (uint64_t c = 0; c < LK_SHADOW_N_CHUNKS; c++) {
      if (lk_shadow_prim[c] != 0) {
         release(c);
         set_sm(c, lk_shadow_zero_sm);
      }
   }
}

extern "C" uint64_t lk_core_shadow_n_secondaries(void) {
   return g_n_private;
}

/*--------------------------------------------------------------------*/
/*--- end                                             lk_shadow.cpp ---*/
/*--------------------------------------------------------------------*/
