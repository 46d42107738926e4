/*--------------------------------------------------------------------*/
/*--- leakcheck: instrumentation of guest code.                    ---*/
/*---                                                lk_translate.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   Stack hygiene
   -------------
   Memcheck marks stack memory undefined whenever the stack pointer goes
   down ([new SP-128, old SP-128) becomes undefined), and undefined
   words are never leak roots.  A stale pointer left in a returned
   frame's slot therefore cannot keep a block alive under Memcheck, even
   when a later frame covers that slot without writing it.  leakcheck
   has no definedness bits; instead it zeroes the same bytes when the
   stack pointer goes down, so that the leak search sees what Memcheck
   would count:

   - A PUT to RSP whose value is the previous RSP minus a known constant
     n (push, call, sub $n,%rsp) gets inline stores of zero to
     [new SP-128, new SP-128+n) for n <= 256 (one store for a push).
   - Larger or unknown decreases call lk_stack_changed(old, new), which
     zeroes the range only when it lies inside the running thread's own
     stack and the drop is at most --max-stackframe: a jump to another
     stack (coroutines, sigaltstack) must never write into the other
     stack's live frames.
   - Changes bigger than --max-stackframe, either way, go to the core's
     VG_(unknown_SP_update), as they do under Memcheck, so that users get
     the same "Warning: client switching stacks?" lines.

   - After every call and ret, VEX's AbiHint says the 128-byte red zone
     below the new SP is undefined (the ABI does not preserve it across
     calls); Memcheck marks it so.  We zero it with eight 16-byte stores
     at a return.  At a call it is already zero: the caller's red zone was
     cleared when its previous callee returned (or by the drop that made
     its frame), only leaf functions write red zones and they make no
     calls, and the call's own 8-byte drop clears the remaining word.
     Skipping those halves the cost on call-heavy code.

   The bytes written are dead by the amd64 ABI (below SP-128, or the red
   zone at a call or return); only a program that reads uninitialised
   stack memory can tell the difference (it reads zeroes).
*/

#include "pub_tool_basics.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_machine.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_vki.h"
#include "lk_include.h"

/* Inline zeroing up to this many bytes of stack decrease. */
#define LK_INLINE_ZERO_MAX 256

/*------------------------------------------------------------*/
/*--- Helpers called from generated code                   ---*/
/*------------------------------------------------------------*/

/* True if the change from old_sp to new_sp is bigger than
   --max-stackframe, which the core takes for a stack switch. */
static inline Bool is_big_change(Addr old_sp, Addr new_sp)
{
   Word delta = (Word)new_sp - (Word)old_sp;
   return delta < -VG_(clo_max_stackframe) || delta > VG_(clo_max_stackframe);
}

/* The stack pointer changed from old_sp to new_sp by an amount not known
   at translation time, or by a large known amount.  A big change is the
   core's business (stack-switch warning); a decrease within the thread's
   own stack clears [new_sp-128, old_sp-128). */
static VG_REGPARM(2) void lk_stack_changed(Addr old_sp, Addr new_sp)
{
   ThreadId tid;
   Addr lo, hi, stack_hi, stack_lo;
   NSegment const* seg;

   if (is_big_change(old_sp, new_sp)) {
      VG_(unknown_SP_update)(old_sp, new_sp);
      return;
   }
   if (new_sp >= old_sp)
      return;
   tid = VG_(get_running_tid)();
   stack_hi = VG_(thread_get_stack_max)(tid);
   stack_lo = stack_hi - VG_(thread_get_stack_size)(tid) + 1;
   lo = new_sp - VG_STACK_REDZONE_SZB;
   hi = old_sp - VG_STACK_REDZONE_SZB;
   if (stack_hi == 0 || lo < stack_lo || old_sp > stack_hi + 1)
      return;   /* not on the thread's own stack: a stack switch */
   /* Only the mapped part: pages below it are fresh zeroes when the
      stack grows into them. */
   seg = VG_(am_find_nsegment)(hi - 1);
   if (seg == NULL || seg->kind != SkAnonC || !seg->hasW)
      return;
   if (lo < seg->start)
      lo = seg->start;
   if (lo < hi)
      VG_(memset)((void*)lo, 0, hi - lo);
}

/*------------------------------------------------------------*/
/*--- Tracking the stack pointer within a superblock       ---*/
/*------------------------------------------------------------*/

/* What is known about a temporary: 'base' numbers the SP values seen in
   this superblock (0 = SP at entry); the temp equals that SP + off. */
typedef struct { Int base; Long off; } SpRel;

typedef struct {
   IRSB*  sb;
   Int    offSP;
   SpRel* rel;        /* per temp; base -1 = unknown */
   Int    n_rel;
   Int    cur_base;   /* the current RSP value is base cur_base + cur_off */
   Long   cur_off;
   Int    next_base;
   Long   last_delta; /* of the latest PUT to RSP; 0 if not known */
} SpState;

static void rel_set(SpState* st, IRTemp t, Int base, Long off)
{
   if ((Int)t < st->n_rel) {
      st->rel[t].base = base;
      st->rel[t].off = off;
   }
}

static Bool rel_get(const SpState* st, IRExpr* e, SpRel* out)
{
   if (e->tag != Iex_RdTmp || (Int)e->Iex.RdTmp.tmp >= st->n_rel)
      return False;
   *out = st->rel[e->Iex.RdTmp.tmp];
   return out->base >= 0;
}

/* Learns from 't = GET(RSP)' and 't = Add64/Sub64(t', const)'. */
static void note_wrtmp(SpState* st, IRTemp t, IRExpr* data)
{
   SpRel r;
   rel_set(st, t, -1, 0);
   if (data->tag == Iex_Get && data->Iex.Get.offset == st->offSP
       && data->Iex.Get.ty == Ity_I64) {
      rel_set(st, t, st->cur_base, st->cur_off);
   } else if (data->tag == Iex_Binop
              && (data->Iex.Binop.op == Iop_Add64
                  || data->Iex.Binop.op == Iop_Sub64)
              && data->Iex.Binop.arg2->tag == Iex_Const
              && data->Iex.Binop.arg2->Iex.Const.con->tag == Ico_U64
              && rel_get(st, data->Iex.Binop.arg1, &r)) {
      Long c = (Long)data->Iex.Binop.arg2->Iex.Const.con->Ico.U64;
      rel_set(st, t, r.base, data->Iex.Binop.op == Iop_Add64 ? r.off + c
                                                             : r.off - c);
   } else if (data->tag == Iex_RdTmp && rel_get(st, data, &r)) {
      rel_set(st, t, r.base, r.off);
   }
}

static IRExpr* mk_u64(ULong v) { return IRExpr_Const(IRConst_U64(v)); }

/* Emits the clearing of n bytes at [new_sp - 128, new_sp - 128 + n). */
static void emit_known_drop(SpState* st, IRExpr* new_sp, Long n)
{
   IRSB* sb = st->sb;
   if (n <= LK_INLINE_ZERO_MAX && (n % 8) == 0) {
      Long k;
      for (k = 0; k < n; k += 8) {
         IRTemp a = newIRTemp(sb->tyenv, Ity_I64);
         addStmtToIRSB(sb, IRStmt_WrTmp(a,
            IRExpr_Binop(Iop_Add64, new_sp,
                         mk_u64((ULong)(k - VG_STACK_REDZONE_SZB)))));
         addStmtToIRSB(sb, IRStmt_Store(Iend_LE, IRExpr_RdTmp(a), mk_u64(0)));
      }
   } else {
      IRTemp old = newIRTemp(sb->tyenv, Ity_I64);
      addStmtToIRSB(sb, IRStmt_WrTmp(old,
         IRExpr_Binop(Iop_Add64, new_sp, mk_u64((ULong)n))));
      IRDirty* di = unsafeIRDirty_0_N(
         2, "lk_stack_changed", VG_(fnptr_to_fnentry)(lk_stack_changed),
         mkIRExprVec_2(IRExpr_RdTmp(old), new_sp));
      addStmtToIRSB(sb, IRStmt_Dirty(di));
   }
}

/* A known increase of more than --max-stackframe: tell the core, as the
   generic path does under Memcheck. */
static void emit_big_rise(SpState* st, IRExpr* new_sp, Long n)
{
   IRSB* sb = st->sb;
   IRTemp old = newIRTemp(sb->tyenv, Ity_I64);
   addStmtToIRSB(sb, IRStmt_WrTmp(old,
      IRExpr_Binop(Iop_Sub64, new_sp, mk_u64((ULong)n))));
   IRDirty* di = unsafeIRDirty_0_N(
      2, "lk_stack_changed", VG_(fnptr_to_fnentry)(lk_stack_changed),
      mkIRExprVec_2(IRExpr_RdTmp(old), new_sp));
   addStmtToIRSB(sb, IRStmt_Dirty(di));
}

/* Handles 'PUT(RSP) = data': copies it and adds the clearing. */
static void handle_put_sp(SpState* st, IRStmt* put)
{
   IRSB* sb = st->sb;
   IRExpr* data = put->Ist.Put.data;
   SpRel r;

   if (rel_get(st, data, &r) && r.base == st->cur_base) {
      Long delta = r.off - st->cur_off;
      addStmtToIRSB(sb, put);
      if (delta < 0)
         emit_known_drop(st, data, -delta);
      else if (delta > VG_(clo_max_stackframe))
         emit_big_rise(st, data, delta);
      st->cur_off = r.off;
      st->last_delta = delta;
      return;
   }

   /* Unknown change: compare with the old value at run time. */
   IRTemp old = newIRTemp(sb->tyenv, Ity_I64);
   addStmtToIRSB(sb, IRStmt_WrTmp(old, IRExpr_Get(st->offSP, Ity_I64)));
   addStmtToIRSB(sb, put);
   IRExpr* new_sp = data;
   if (data->tag != Iex_RdTmp) {
      IRTemp t = newIRTemp(sb->tyenv, Ity_I64);
      addStmtToIRSB(sb, IRStmt_WrTmp(t, data));
      new_sp = IRExpr_RdTmp(t);
   }
   /* Call the helper if SP went down, or up by more than
      --max-stackframe: with d = new - old (wrapping), max < d unsigned
      (a decrease makes d huge). */
   IRTemp diff = newIRTemp(sb->tyenv, Ity_I64);
   addStmtToIRSB(sb, IRStmt_WrTmp(diff,
      IRExpr_Binop(Iop_Sub64, new_sp, IRExpr_RdTmp(old))));
   IRTemp call = newIRTemp(sb->tyenv, Ity_I1);
   addStmtToIRSB(sb, IRStmt_WrTmp(call,
      IRExpr_Binop(Iop_CmpLT64U, mk_u64((ULong)VG_(clo_max_stackframe)),
                   IRExpr_RdTmp(diff))));
   IRDirty* di = unsafeIRDirty_0_N(
      2, "lk_stack_changed", VG_(fnptr_to_fnentry)(lk_stack_changed),
      mkIRExprVec_2(IRExpr_RdTmp(old), new_sp));
   di->guard = IRExpr_RdTmp(call);
   addStmtToIRSB(sb, IRStmt_Dirty(di));

   st->cur_base = st->next_base++;
   st->cur_off = 0;
   st->last_delta = 0;
   if (data->tag == Iex_RdTmp)
      rel_set(st, data->Iex.RdTmp.tmp, st->cur_base, 0);
}

/* Handles AbiHint(base, len): [base, base+len) is now undefined. */
static void handle_abi_hint(SpState* st, IRStmt* hint)
{
   IRSB* sb = st->sb;
   IRExpr* base = hint->Ist.AbiHint.base;
   Int len = hint->Ist.AbiHint.len;
   Int k;
   if (st->last_delta < 0) {
      /* A call's hint (SP just went down): already clean, see above. */
      addStmtToIRSB(sb, hint);
      return;
   }
   if (base->tag != Iex_RdTmp && base->tag != Iex_Const) {
      addStmtToIRSB(sb, hint);   /* flat IR gives an atom; be safe anyway */
      return;
   }
   for (k = 0; k + 16 <= len; k += 16) {
      IRTemp a = newIRTemp(sb->tyenv, Ity_I64);
      addStmtToIRSB(sb, IRStmt_WrTmp(a,
         IRExpr_Binop(Iop_Add64, base, mk_u64((ULong)k))));
      addStmtToIRSB(sb, IRStmt_Store(Iend_LE, IRExpr_RdTmp(a),
                                     IRExpr_Const(IRConst_V128(0))));
   }
   for (; k + 8 <= len; k += 8) {
      IRTemp a = newIRTemp(sb->tyenv, Ity_I64);
      addStmtToIRSB(sb, IRStmt_WrTmp(a,
         IRExpr_Binop(Iop_Add64, base, mk_u64((ULong)k))));
      addStmtToIRSB(sb, IRStmt_Store(Iend_LE, IRExpr_RdTmp(a), mk_u64(0)));
   }
   addStmtToIRSB(sb, hint);
}

/*------------------------------------------------------------*/
/*--- The instrumentation pass                             ---*/
/*------------------------------------------------------------*/

IRSB* LK_(instrument)(VgCallbackClosure* closure, IRSB* sb_in,
                      const VexGuestLayout* layout,
                      const VexGuestExtents* vge,
                      const VexArchInfo* archinfo_host,
                      IRType gWordTy, IRType hWordTy)
{
   Int i;
   SpState st;

   if (gWordTy != Ity_I64 || hWordTy != Ity_I64)
      VG_(tool_panic)("leakcheck supports 64-bit guests on 64-bit hosts only");

   st.sb = deepCopyIRSBExceptStmts(sb_in);
   st.offSP = layout->offset_SP;
   st.n_rel = sb_in->tyenv->types_used;
   st.rel = VG_(malloc)("lk.tr.rel", (st.n_rel ? st.n_rel : 1) * sizeof(SpRel));
   for (i = 0; i < st.n_rel; i++)
      st.rel[i].base = -1;
   st.cur_base = 0;
   st.cur_off = 0;
   st.next_base = 1;
   st.last_delta = 0;

   for (i = 0; i < sb_in->stmts_used; i++) {
      IRStmt* s = sb_in->stmts[i];
      switch (s->tag) {
      case Ist_WrTmp:
         note_wrtmp(&st, s->Ist.WrTmp.tmp, s->Ist.WrTmp.data);
         addStmtToIRSB(st.sb, s);
         break;
      case Ist_Put:
         if (s->Ist.Put.offset == st.offSP
             && typeOfIRExpr(sb_in->tyenv, s->Ist.Put.data) == Ity_I64) {
            handle_put_sp(&st, s);
         } else {
            addStmtToIRSB(st.sb, s);
         }
         break;
      case Ist_AbiHint:
         handle_abi_hint(&st, s);
         break;
      default:
         addStmtToIRSB(st.sb, s);
         break;
      }
   }
   VG_(free)(st.rel);
   return st.sb;
}

/*--------------------------------------------------------------------*/
/*--- end                                              lk_translate.c ---*/
/*--------------------------------------------------------------------*/
