// Unit tests of the unwinding-rule fitter (lk_unwind.cpp).
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Each test plays Valgrind's unwinder: it applies a known CFI rule to
// three made-up frames on a probe stack whose word at lo + k holds
// tag | k, as lk_stacktrace.c sets it up, and checks that the fitter
// finds that rule again -- or refuses, for answers no rule of the
// supported shape gives.
#include "lk_catch.hpp"
#include "lk_core.h"
#include <cstdint>
#include <functional>

namespace {

const LK_Addr kLo = 0x58000000ull;
const LK_Addr kHi = kLo + 0x10000;
const uint64_t kTag = 0x5AC3000000000000ull;

// The value the probe stack holds at address a.
uint64_t word_at(LK_Addr a) { return kTag | (a - kLo); }

// The three frames lk_stacktrace.c uses: SP and BP moved on their own.
const LK_Addr kFrames[3][2] = {
   { kLo + 0x4000, kLo + 0x8000 },
   { kLo + 0x4000, kLo + 0xC000 },
   { kLo + 0x6000, kLo + 0x8000 },
};

struct Regs { LK_Addr ip, sp, bp; };
using Unwinder = std::function<Regs(LK_Addr sp, LK_Addr bp)>;

int fit_with(const Unwinder& f, LK_UnwindRule* r)
{
   LK_UnwindProbe p[3];
   for (int j = 0; j < 3; j++) {
      p[j].sp = kFrames[j][0];
      p[j].bp = kFrames[j][1];
      Regs out = f(p[j].sp, p[j].bp);
      p[j].out_ip = out.ip;
      p[j].out_sp = out.sp;
      p[j].out_bp = out.bp;
   }
   return lk_unwind_fit(p, 3, kLo, kHi, kTag, r);
}

}  // namespace

TEST_CASE("unwind fit: CFA = SP + c, BP unchanged (a -O2 leaf caller)", "[unwind]")
{
   LK_UnwindRule r;
   REQUIRE(fit_with([](LK_Addr sp, LK_Addr bp) {
      LK_Addr cfa = sp + 0x38;
      return Regs{ word_at(cfa - 8), cfa, bp };
   }, &r));
   CHECK(r.bp_based == 0);
   CHECK(r.sp_k == 0x38);
   CHECK(r.ra_k == 0x30);
   CHECK(r.bp_how == LK_BP_SAME);
}

TEST_CASE("unwind fit: CFA = BP + 16, BP saved at CFA - 16 (frame pointer)", "[unwind]")
{
   LK_UnwindRule r;
   REQUIRE(fit_with([](LK_Addr, LK_Addr bp) {
      LK_Addr cfa = bp + 16;
      return Regs{ word_at(cfa - 8), cfa, word_at(cfa - 16) };
   }, &r));
   CHECK(r.bp_based == 1);
   CHECK(r.sp_k == 16);
   CHECK(r.ra_k == 8);
   CHECK(r.bp_how == LK_BP_MEM);
   CHECK(r.bp_k == 0);
}

TEST_CASE("unwind fit: CFA = SP + c, BP restored from the frame (pushed rbp)", "[unwind]")
{
   LK_UnwindRule r;
   REQUIRE(fit_with([](LK_Addr sp, LK_Addr) {
      LK_Addr cfa = sp + 0x20;
      return Regs{ word_at(cfa - 8), cfa, word_at(cfa - 16) };
   }, &r));
   CHECK(r.bp_based == 0);
   CHECK(r.sp_k == 0x20);
   CHECK(r.ra_k == 0x18);
   CHECK(r.bp_how == LK_BP_MEM);
   CHECK(r.bp_k == 0x10);
}

TEST_CASE("unwind fit: BP computed from the CFA", "[unwind]")
{
   LK_UnwindRule r;
   REQUIRE(fit_with([](LK_Addr sp, LK_Addr) {
      LK_Addr cfa = sp + 0x40;
      return Regs{ word_at(cfa - 8), cfa, cfa - 0x30 };
   }, &r));
   CHECK(r.bp_how == LK_BP_CFAREL);
   CHECK(r.bp_k == 0x10);
}

TEST_CASE("unwind fit: answers no supported rule gives are refused", "[unwind]")
{
   LK_UnwindRule r;
   // The return address not read from the stack.
   CHECK_FALSE(fit_with([](LK_Addr sp, LK_Addr bp) {
      return Regs{ sp + 8, sp + 16, bp };
   }, &r));
   // The new SP read from the stack (a CFA expression with a deref).
   CHECK_FALSE(fit_with([](LK_Addr sp, LK_Addr bp) {
      return Regs{ word_at(sp + 8), word_at(sp + 16), bp };
   }, &r));
   // A CFA that depends on both SP and BP.
   CHECK_FALSE(fit_with([](LK_Addr sp, LK_Addr bp) {
      LK_Addr cfa = sp / 2 + bp / 2;
      return Regs{ word_at(cfa - 8), cfa, bp };
   }, &r));
   // A return address whose slot moves with BP while the CFA moves with SP.
   CHECK_FALSE(fit_with([](LK_Addr sp, LK_Addr bp) {
      return Regs{ word_at(bp + 8), sp + 16, bp };
   }, &r));
   // A new SP outside the probe stack (a frame bigger than it).
   CHECK_FALSE(fit_with([](LK_Addr sp, LK_Addr bp) {
      LK_Addr cfa = sp + 0x20000;
      return Regs{ word_at(sp + 8), cfa, bp };
   }, &r));
   // BP read from the stack in one frame, passed through in another.
   CHECK_FALSE(fit_with([](LK_Addr sp, LK_Addr bp) {
      LK_Addr cfa = sp + 16;
      return Regs{ word_at(cfa - 8), cfa,
                   sp == kFrames[2][0] ? bp : word_at(cfa - 16) };
   }, &r));
}
