/*--------------------------------------------------------------------*/
/*--- leakcheck: unwinding rules learnt from probes.               ---*/
/*---                                                 lk_unwind.cpp ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   lk_stacktrace.c asks Valgrind's unwinder to unwind made-up frames on a
   probe stack whose every word holds a tag and its own offset.  Each value
   the unwinder returns is then either a word it read from the probe stack
   (tagged: the offset says where), an address computed from a register
   (inside the probe stack, untagged), or a register passed through.  A
   rule is kept only if one formula of the supported shape, with the CFA
   based on SP or on BP, gives every probe's answer exactly.
*/

#include "lk_core_util.hpp"

namespace {

enum Kind { kMem, kAddr };

/* How v came out, relative to base: a word read at base + *k (kMem) or
   the address base + *k (kAddr).  False if neither. */
bool classify(uint64_t v, LK_Addr base, LK_Addr lo, LK_Addr hi,
              uint64_t tag, Kind* kind, int64_t* k)
{
   if ((v & 0xFFFFFFFF00000000ULL) == tag) {
      *kind = kMem;
      *k = static_cast<int64_t>(lo + (v & 0xFFFFFFFFULL) - base);
      return true;
   }
   if (v >= lo && v < hi) {
      *kind = kAddr;
      *k = static_cast<int64_t>(v - base);
      return true;
   }
   return false;
}

/* Records k as the field's offset at the first probe; at the others,
   checks that it is the same. */
bool same_offset(unsigned j, int64_t k, int32_t* field)
{
   if (k < INT32_MIN || k > INT32_MAX)
      return false;
   if (j == 0) {
      *field = static_cast<int32_t>(k);
      return true;
   }
   return *field == k;
}

bool fit(const LK_UnwindProbe* p, unsigned n, LK_Addr lo, LK_Addr hi,
         uint64_t tag, bool bp_based, LK_UnwindRule* r)
{
   bool bp_same = true;
   for (unsigned j = 0; j < n; j++)
      if (p[j].out_bp != p[j].bp)
         bp_same = false;
   r->bp_how = bp_same ? LK_BP_SAME : LK_BP_CFAREL;
   r->bp_k = 0;
   for (unsigned j = 0; j < n; j++) {
      const LK_Addr base = bp_based ? p[j].bp : p[j].sp;
      Kind kind;
      int64_t k;
      /* The return address: read from the stack. */
      if (!classify(p[j].out_ip, base, lo, hi, tag, &kind, &k)
          || kind != kMem || !same_offset(j, k, &r->ra_k))
         return false;
      /* The new SP: an address. */
      if (!classify(p[j].out_sp, base, lo, hi, tag, &kind, &k)
          || kind != kAddr || !same_offset(j, k, &r->sp_k))
         return false;
      /* The new BP: unchanged, read, or an address. */
      if (bp_same)
         continue;
      if (!classify(p[j].out_bp, base, lo, hi, tag, &kind, &k))
         return false;
      const uint8_t how = kind == kMem ? LK_BP_MEM : LK_BP_CFAREL;
      if (j == 0)
         r->bp_how = how;
      else if (r->bp_how != how)
         return false;
      if (!same_offset(j, k, &r->bp_k))
         return false;
   }
   r->bp_based = bp_based;
   return true;
}

}  // namespace

extern "C" int lk_unwind_fit(const LK_UnwindProbe* probes, unsigned n,
                             LK_Addr lo, LK_Addr hi, uint64_t tag,
                             LK_UnwindRule* out)
{
   if (n == 0)
      return 0;
   return fit(probes, n, lo, hi, tag, false, out)
          || fit(probes, n, lo, hi, tag, true, out);
}

/*--------------------------------------------------------------------*/
/*--- end                                             lk_unwind.cpp ---*/
/*--------------------------------------------------------------------*/
