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
   - Larger known decreases, up to --max-stackframe, call
     lk_stack_dropped(new, n), which zeroes the range on whatever stack
     is in use: a new frame, on a coroutine's stack as well.
   - Decreases known only at run time but computed from SP itself
     (sub %reg,%rsp for alloca and variable-length arrays, and $-N,%rsp)
     call lk_stack_lowered(old, new), which zeroes the range on whatever
     stack is in use: SP stays on its stack.
   - Other unknown decreases (a value moved into RSP) call
     lk_stack_changed(old, new), which zeroes the range only when it lies
     inside the running thread's own stack and the drop is at most
     --max-stackframe: a jump to another stack (coroutines, sigaltstack)
     must never write into the other stack's live frames.
   - Changes bigger than --max-stackframe, either way, go to the core's
     VG_(unknown_SP_update), as they do under Memcheck, so that users get
     the same "Warning: client switching stacks?" lines; the stack left
     is parked (lk_scan.c), so that the leak search leaves out what lies
     below its SP, as Memcheck does after marking it noaccess.

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
#include "pub_tool_clreq.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_machine.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_vki.h"
#include "pub_tool_replacemalloc.h"
#include "libvex_guest_amd64.h"
#include "lk_include.h"
#include "memcheck.h"

/* Pops remembered per superblock (leak origins). */
#define LK_ORIGIN_MAX_RESTORED 16

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

/* A change bigger than --max-stackframe is the core's business (its
   "client switching stacks?" warning), and parks the stack left
   (lk_scan.c).  Returns True if the change was one. */
static Bool handle_stack_switch(Addr old_sp, Addr new_sp)
{
   if (!is_big_change(old_sp, new_sp))
      return False;
   LK_(stack_switched)(old_sp, new_sp);
   VG_(unknown_SP_update)(old_sp, new_sp);
   return True;
}

/* Clears [lo, hi), stack memory below SP-128 that has just come into
   use, where it is mapped: pages below the mapping are fresh zeroes when
   the stack grows into them. */
static void clear_new_stack(Addr lo, Addr hi)
{
   NSegment const* seg;
   /* Memcheck makes the new stack addressable (new_mem_stack): undo
      noaccess marks the client put there. */
   if (UNLIKELY(LK_(shadow_nonheap_marks)))
      LK_(shadow_make_accessible)(lo, hi - lo);
   seg = VG_(am_find_nsegment)(hi - 1);
   if (seg == NULL || seg->kind != SkAnonC || !seg->hasW)
      return;
   if (lo < seg->start)
      lo = seg->start;
   if (lo < hi)
      VG_(memset)((void*)lo, 0, hi - lo);
}

/* The stack pointer changed from old_sp to new_sp by an amount not known
   at translation time, or by a large known amount.  A big change is the
   core's business (handle_stack_switch); a decrease within the thread's
   own stack clears
   [new_sp-128, old_sp-128).  Not elsewhere: an unknown change may be a
   jump to another stack nearby, whose live frames must stay. */
static VG_REGPARM(2) void lk_stack_changed(Addr old_sp, Addr new_sp)
{
   ThreadId tid;
   Addr lo, hi, stack_hi, stack_lo;

   if (handle_stack_switch(old_sp, new_sp) || new_sp >= old_sp)
      return;
   tid = VG_(get_running_tid)();
   stack_hi = VG_(thread_get_stack_max)(tid);
   stack_lo = stack_hi - VG_(thread_get_stack_size)(tid) + 1;
   lo = new_sp - VG_STACK_REDZONE_SZB;
   hi = old_sp - VG_STACK_REDZONE_SZB;
   if (stack_hi == 0 || lo < stack_lo || old_sp > stack_hi + 1)
      return;   /* not on the thread's own stack: a stack switch */
   clear_new_stack(lo, hi);
}

/* The stack pointer went down by an amount known only at run time but
   computed from its old value (alloca, a variable-length array, an
   alignment: sub %reg,%rsp or and $-N,%rsp): a new frame on the same
   stack, whatever stack that is, never a jump to another one. */
static VG_REGPARM(2) void lk_stack_lowered(Addr old_sp, Addr new_sp)
{
   if (!handle_stack_switch(old_sp, new_sp) && new_sp < old_sp)
      clear_new_stack(new_sp - VG_STACK_REDZONE_SZB,
                      old_sp - VG_STACK_REDZONE_SZB);
}

/* The stack pointer went down by a known n bytes (more than the inline
   clearing handles, at most --max-stackframe): a new frame on whatever
   stack is in use, a coroutine's too, as Memcheck marks it undefined
   there. */
static VG_REGPARM(2) void lk_stack_dropped(Addr new_sp, UWord n)
{
   Addr lo = new_sp - VG_STACK_REDZONE_SZB;
   clear_new_stack(lo, lo + n);
}

static IRExpr* mk_u64(ULong v) { return IRExpr_Const(IRConst_U64(v)); }

/* Memcheck makes stack memory addressable again when the stack pointer
   goes down over it, and the red zone at each call and return; so after
   the client marked non-heap memory noaccess (say, a local array), the
   same memory is accessible once reused by a later frame. */
static VG_REGPARM(2) void lk_stack_exposed(Addr a, UWord len)
{
   LK_(shadow_make_accessible)(a, len);
}

static void emit_stack_exposed(IRSB* sb, IRExpr* base, Long off, Long len)
{
   IRTemp a;
   IRDirty* di;
   if (!LK_(shadow_nonheap_marks) || !LK_(clo_check_accesses))
      return;
   a = newIRTemp(sb->tyenv, Ity_I64);
   addStmtToIRSB(sb, IRStmt_WrTmp(a, IRExpr_Binop(Iop_Add64, base,
                                                  mk_u64((ULong)off))));
   di = unsafeIRDirty_0_N(2, "lk_stack_exposed",
                          VG_(fnptr_to_fnentry)(lk_stack_exposed),
                          mkIRExprVec_2(IRExpr_RdTmp(a), mk_u64((ULong)len)));
   addStmtToIRSB(sb, IRStmt_Dirty(di));
}

/*------------------------------------------------------------*/
/*--- Tracking the stack pointer within a superblock       ---*/
/*------------------------------------------------------------*/

/* What is known about a temporary: 'base' numbers the SP values seen in
   this superblock (0 = SP at entry); the temp equals that SP + off. */
typedef struct {
   Int  base;
   Long off;
   Bool lowered;   /* base -1, but the current SP lowered by a run-time
                      amount or aligned (see lk_stack_lowered) */
} SpRel;

typedef struct {
   IRSB*  sb;
   Int    offSP;
   SpRel* rel;        /* per temp; base -1 = unknown */
   Int    n_rel;
   Int    cur_base;   /* the current RSP value is base cur_base + cur_off */
   Long   cur_off;
   Int    next_base;
   Long   last_delta; /* of the latest PUT to RSP; 0 if not known */
   /* Access checks (see "Access checks" below). */
   struct _Group* groups;
   Int*   stmt_group; /* per input statement: its group, or -1 */
   Bool*  tls_addr;   /* per input temp: GET(FS_CONST) + constant */
   Int    n_tls;
   Int    cur_stmt;   /* index of the input statement being handled */
   /* Leak origins (see "Leak origins" below). */
   Bool    origins;
   IRExpr* base_sp;    /* the SP value of cur_base (an atom) */
   Int     ret_put;    /* index of the return's PUT to RSP, or -1 */
   /* Stack words from the start of the pending region up to SP died
      and have not been reported yet: the region starts at base_sp +
      pend_off if pend_known, else at the atom pend_lo. */
   Bool    pend;
   Bool    pend_known;
   Long    pend_off;
   IRExpr* pend_lo;
   /* Offsets (from base_sp) of words loaded into callee-saved
      registers (pops): their values live on in the registers. */
   Long    restored[LK_ORIGIN_MAX_RESTORED];
   Int     n_restored;
   Long*   ld_off;     /* per input temp: loaded from base_sp + this */
   Bool*   ld_known;
   Bool    in_preload; /* code of our preload (malloc, memcpy...) */
   Bool    guest_load; /* the current instruction has loaded already */
   Addr    cur_ip;     /* the guest instruction being instrumented */
   Addr    site_ip;    /* ... and the site numbered for it, if any */
   UInt    site;
} SpState;

static IRExpr* assign(IRSB* sb, IRType ty, IRExpr* e);
/* Leak origins (defined below). */
static void origin_known_put(SpState* st, IRExpr* new_sp, Long delta);
static void origin_unknown_put(SpState* st, IRExpr* old_sp, IRExpr* new_sp);
static void origin_flush_pending(SpState* st);
static void origin_store(SpState* st, IRExpr* addr, IRExpr* data,
                         IRExpr* guard);

static void rel_set(SpState* st, IRTemp t, Int base, Long off)
{
   if ((Int)t < st->n_rel) {
      st->rel[t].base = base;
      st->rel[t].off = off;
      st->rel[t].lowered = False;
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
   if ((Int)t < st->n_rel && data->tag == Iex_Binop
       && (data->Iex.Binop.op == Iop_Sub64
           || (data->Iex.Binop.op == Iop_And64
               && data->Iex.Binop.arg2->tag == Iex_Const))
       && rel_get(st, data->Iex.Binop.arg1, &r) && r.base == st->cur_base)
      st->rel[t].lowered = True;
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


/* A call of one of the two-argument stack helpers above. */
#define mk_stack_call(fn, a, b) \
   unsafeIRDirty_0_N(2, #fn, VG_(fnptr_to_fnentry)(fn), mkIRExprVec_2((a), (b)))

/* The helper for a known change of delta bytes (new = old + delta). */
static void emit_known_change_call(SpState* st, IRExpr* new_sp, Long delta)
{
   IRSB* sb = st->sb;
   IRTemp old = newIRTemp(sb->tyenv, Ity_I64);
   addStmtToIRSB(sb, IRStmt_WrTmp(old,
      IRExpr_Binop(Iop_Sub64, new_sp, mk_u64((ULong)delta))));
   addStmtToIRSB(sb, IRStmt_Dirty(mk_stack_call(lk_stack_changed,
                                                IRExpr_RdTmp(old), new_sp)));
}

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
      emit_stack_exposed(sb, new_sp, -VG_STACK_REDZONE_SZB, n);
   } else if (n > VG_(clo_max_stackframe)) {
      emit_known_change_call(st, new_sp, -n);   /* the core warns */
   } else {
      addStmtToIRSB(sb, IRStmt_Dirty(mk_stack_call(lk_stack_dropped, new_sp,
                                                   mk_u64((ULong)n))));
   }
}

/* Handles 'PUT(RSP) = data': copies it and adds the clearing. */
static void handle_put_sp(SpState* st, IRStmt* put)
{
   IRSB* sb = st->sb;
   IRExpr* data = put->Ist.Put.data;
   SpRel r;

   if (rel_get(st, data, &r) && r.base == st->cur_base) {
      Long delta = r.off - st->cur_off;
      if (st->origins)
         origin_known_put(st, data, delta);
      addStmtToIRSB(sb, put);
      if (delta < 0)
         emit_known_drop(st, data, -delta);
      else if (delta > VG_(clo_max_stackframe))
         emit_known_change_call(st, data, delta);   /* the core warns */
      st->cur_off = r.off;
      st->last_delta = delta;
      return;
   }

   /* Unknown change: compare with the old value at run time. */
   IRTemp old = newIRTemp(sb->tyenv, Ity_I64);
   addStmtToIRSB(sb, IRStmt_WrTmp(old, IRExpr_Get(st->offSP, Ity_I64)));
   if (st->origins)
      origin_unknown_put(st, IRExpr_RdTmp(old), data);
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
   IRDirty* di;
   if (data->tag == Iex_RdTmp && (Int)data->Iex.RdTmp.tmp < st->n_rel
       && st->rel[data->Iex.RdTmp.tmp].lowered)
      di = mk_stack_call(lk_stack_lowered, IRExpr_RdTmp(old), new_sp);
   else
      di = mk_stack_call(lk_stack_changed, IRExpr_RdTmp(old), new_sp);
   di->guard = IRExpr_RdTmp(call);
   addStmtToIRSB(sb, IRStmt_Dirty(di));

   st->cur_base = st->next_base++;
   st->cur_off = 0;
   st->last_delta = 0;
   st->base_sp = new_sp;
   st->n_restored = 0;
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
   if (base->tag == Iex_RdTmp || base->tag == Iex_Const)
      emit_stack_exposed(sb, base, 0, len);
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
/*--- Access checks                                        ---*/
/*------------------------------------------------------------*/

/* Every guest load and store (plain, guarded, CAS, LL/SC, and the memory
   of dirty helpers) gets a check in front of it, as in Memcheck, except
   where the address cannot be in the heap: relative to the stack
   pointer, or constant (globals).  Once the client has marked memory
   outside the heap noaccess (LK_(shadow_nonheap_marks)) those are
   checked too.

   The check is inline and needs no call when the shadow says the bytes
   are accessible (see lk_core.h and lk_shadow.cpp for the filter):

      bits = LDle:I64(lk_shadow_filter + ((a >> 3) & 0x1FFFFFFF))
      bad  = ((bits >> (a & 7)) & ((1 << n) - 1)) != 0
      if (bad [&& guard]) LK_(helperc_<load|store><n>)(a)

   which the amd64 back end makes eight instructions and a conditional
   call, the filter's address fitting the load's displacement.

   The helper decides exactly (partial loads, page-zero probes) and
   records the error, with the guest state up to date as at any memory
   access (--vex-iropt-register-updates=unwindregs-at-mem-access). */

static IRExpr* assign(IRSB* sb, IRType ty, IRExpr* e)
{
   IRTemp t = newIRTemp(sb->tyenv, ty);
   addStmtToIRSB(sb, IRStmt_WrTmp(t, e));
   return IRExpr_RdTmp(t);
}

/* True if an access at 'addr' needs no check: relative to the stack
   pointer, constant (globals), or relative to the thread pointer (the
   static TLS block, which the heap never holds, e.g. the stack
   protector's canary at %fs:0x28). */
static Bool addr_needs_no_check(const SpState* st, IRExpr* addr)
{
   SpRel r;
   if (LK_(shadow_nonheap_marks))
      return False;
   if (addr->tag == Iex_Const)
      return True;
   if (addr->tag == Iex_RdTmp && (Int)addr->Iex.RdTmp.tmp < st->n_tls
       && st->tls_addr[addr->Iex.RdTmp.tmp])
      return True;
   return rel_get(st, addr, &r);
}

/* Grouping.  Accesses through one base temp plus constant offsets
   (s->a, s->b, s->c; an unrolled loop's a[i], a[i+1]) share one inline
   test over the union of their bytes, made at the first of them, when
   that union spans at most LK_GROUP_SPAN bytes.  Each access keeps its
   own call, guarded by the shared result, so a failing test still has
   every access checked exactly, at its own instruction.  This is sound
   because nothing changes the shadow inside a superblock: the
   allocator, client requests and syscalls all end one, and the
   scheduler switches threads only between superblocks. */
#define LK_GROUP_SPAN 57

typedef struct _Group {
   IRTemp  base;
   Long    lo, hi;     /* bytes [base+lo, base+hi) */
   IRExpr* bad;        /* the test's result, once emitted */
} Group;

typedef struct { IRTemp base; Long off; } BaseOff;

/* Plans the groups of the input superblock: fills st->groups and
   st->stmt_group.  Plain and guarded loads and stores take part; CAS,
   LL/SC and dirty helpers are checked on their own. */
static void plan_groups(SpState* st, IRSB* sb_in)
{
   Int n_tmps = sb_in->tyenv->types_used;
   BaseOff* bo = VG_(malloc)("lk.tr.bo", (n_tmps ? n_tmps : 1) * sizeof(BaseOff));
   Int* open = VG_(malloc)("lk.tr.open", (n_tmps ? n_tmps : 1) * sizeof(Int));
   Int n_groups = 0, i;
   st->stmt_group = VG_(malloc)("lk.tr.sg",
                                (sb_in->stmts_used ? sb_in->stmts_used : 1)
                                * sizeof(Int));
   st->groups = VG_(malloc)("lk.tr.groups",
                            (sb_in->stmts_used ? sb_in->stmts_used : 1)
                            * sizeof(Group));
   st->n_tls = n_tmps;
   st->tls_addr = VG_(calloc)("lk.tr.tls", n_tmps ? n_tmps : 1, sizeof(Bool));
   for (i = 0; i < n_tmps; i++) {
      bo[i].base = i;
      bo[i].off = 0;
      open[i] = -1;
   }
   for (i = 0; i < sb_in->stmts_used; i++) {
      IRStmt* s = sb_in->stmts[i];
      IRExpr* addr = NULL;
      Int n = 0;
      st->stmt_group[i] = -1;
      switch (s->tag) {
      case Ist_WrTmp: {
         IRTemp t = s->Ist.WrTmp.tmp;
         IRExpr* e = s->Ist.WrTmp.data;
         if (e->tag == Iex_Binop
             && (e->Iex.Binop.op == Iop_Add64 || e->Iex.Binop.op == Iop_Sub64)
             && e->Iex.Binop.arg1->tag == Iex_RdTmp
             && e->Iex.Binop.arg2->tag == Iex_Const
             && e->Iex.Binop.arg2->Iex.Const.con->tag == Ico_U64) {
            Long c = (Long)e->Iex.Binop.arg2->Iex.Const.con->Ico.U64;
            BaseOff x = bo[e->Iex.Binop.arg1->Iex.RdTmp.tmp];
            bo[t].base = x.base;
            bo[t].off = e->Iex.Binop.op == Iop_Add64 ? x.off + c : x.off - c;
            st->tls_addr[t] = st->tls_addr[e->Iex.Binop.arg1->Iex.RdTmp.tmp];
         } else if (e->tag == Iex_RdTmp) {
            bo[t] = bo[e->Iex.RdTmp.tmp];
            st->tls_addr[t] = st->tls_addr[e->Iex.RdTmp.tmp];
         } else if (e->tag == Iex_Get && e->Iex.Get.ty == Ity_I64
                    && e->Iex.Get.offset
                       == offsetof(VexGuestAMD64State, guest_FS_CONST)) {
            st->tls_addr[t] = True;
         } else if (e->tag == Iex_Load) {
            addr = e->Iex.Load.addr;
            n = sizeofIRType(e->Iex.Load.ty);
         }
         break;
      }
      case Ist_Store:
         addr = s->Ist.Store.addr;
         n = sizeofIRType(typeOfIRExpr(sb_in->tyenv, s->Ist.Store.data));
         break;
      case Ist_StoreG:
         addr = s->Ist.StoreG.details->addr;
         n = sizeofIRType(typeOfIRExpr(sb_in->tyenv,
                                       s->Ist.StoreG.details->data));
         break;
      case Ist_LoadG: {
         IRType tyRes, tyArg;
         typeOfIRLoadGOp(s->Ist.LoadG.details->cvt, &tyRes, &tyArg);
         addr = s->Ist.LoadG.details->addr;
         n = sizeofIRType(tyArg);
         break;
      }
      default:
         break;
      }
      if (addr != NULL && addr->tag == Iex_RdTmp && n <= LK_GROUP_SPAN) {
         BaseOff x = bo[addr->Iex.RdTmp.tmp];
         Int g = open[x.base];
         if (g >= 0) {
            Long lo = x.off < st->groups[g].lo ? x.off : st->groups[g].lo;
            Long hi = x.off + n > st->groups[g].hi ? x.off + n
                                                   : st->groups[g].hi;
            if (hi - lo <= LK_GROUP_SPAN) {
               st->groups[g].lo = lo;
               st->groups[g].hi = hi;
               st->stmt_group[i] = g;
               continue;
            }
         }
         g = n_groups++;
         st->groups[g].base = x.base;
         st->groups[g].lo = x.off;
         st->groups[g].hi = x.off + n;
         st->groups[g].bad = NULL;
         open[x.base] = g;
         st->stmt_group[i] = g;
      }
   }
   VG_(free)(bo);
   VG_(free)(open);
}

/* The inline test: an Ity_I1 temp, 1 if the n bytes at a (an atom) are
   not all accessible per the filter.  Flat IR
   (every operand an atom); the tree builder folds it back before
   instruction selection. */
static IRExpr* emit_fast_test(IRSB* sb, IRExpr* a, Int n)
{
   IRExpr *t, *idx, *bits, *off, *sh;
   tl_assert(n >= 1 && n <= LK_GROUP_SPAN);
   /* (a mod 2^32) >> 3: a 32-bit move clears the top half for free. */
   tl_assert(LK_SHADOW_FILTER_BYTES == (1u << 29));
   t   = assign(sb, Ity_I32, IRExpr_Unop(Iop_64to32, a));
   t   = assign(sb, Ity_I64, IRExpr_Unop(Iop_32Uto64, t));
   idx = assign(sb, Ity_I64, IRExpr_Binop(Iop_Shr64, t,
                                          IRExpr_Const(IRConst_U8(3))));
   t   = assign(sb, Ity_I64, IRExpr_Binop(Iop_Add64, idx,
                   mk_u64((ULong)(Addr)lk_shadow_filter)));
   bits = assign(sb, Ity_I64, IRExpr_Load(Iend_LE, Ity_I64, t));
   t   = assign(sb, Ity_I64, IRExpr_Binop(Iop_And64, a, mk_u64(7)));
   off = assign(sb, Ity_I8, IRExpr_Unop(Iop_64to8, t));
   sh  = assign(sb, Ity_I64, IRExpr_Binop(Iop_Shr64, bits, off));
   /* The low n bits of sh, in the forms the amd64 back end tests with
      one instruction where it can. */
   switch (n) {
   case 8:
      t = assign(sb, Ity_I8, IRExpr_Unop(Iop_64to8, sh));
      return assign(sb, Ity_I1, IRExpr_Binop(Iop_CmpNE8, t,
                                             IRExpr_Const(IRConst_U8(0))));
   case 16:
      t = assign(sb, Ity_I16, IRExpr_Unop(Iop_64to16, sh));
      return assign(sb, Ity_I1, IRExpr_Unop(Iop_CmpNEZ16, t));
   case 32:
      t = assign(sb, Ity_I32, IRExpr_Unop(Iop_64to32, sh));
      return assign(sb, Ity_I1, IRExpr_Unop(Iop_CmpNEZ32, t));
   default:
      if (n < 32)
         t = assign(sb, Ity_I64, IRExpr_Binop(Iop_And64, sh,
                                              mk_u64((1ULL << n) - 1)));
      else
         t = assign(sb, Ity_I64, IRExpr_Binop(Iop_Shl64, sh,
                                 IRExpr_Const(IRConst_U8(64 - n))));
      return assign(sb, Ity_I1, IRExpr_Unop(Iop_CmpNEZ64, t));
   }
}

static void* access_helper(Int n, Bool isWrite, const HChar** name)
{
#  define LK_H(sz) \
      case sz: *name = isWrite ? "lk_helperc_store" #sz : "lk_helperc_load" #sz; \
               return isWrite ? (void*)LK_(helperc_store##sz) \
                              : (void*)LK_(helperc_load##sz);
   switch (n) {
   LK_H(1) LK_H(2) LK_H(4) LK_H(8) LK_H(16) LK_H(32)
   default: *name = NULL; return NULL;
   }
#  undef LK_H
}

/* Adds the check of an n-byte access at addr (an atom), executed only if
   'guard' (an Ity_I1 atom, or NULL for always). */
static void emit_access_check(SpState* st, IRExpr* addr, Int n,
                              Bool isWrite, IRExpr* guard)
{
   IRSB* sb = st->sb;
   IRExpr* bad;
   IRDirty* di;
   const HChar* name;
   void* fn;
   Int g;
   if (addr_needs_no_check(st, addr))
      return;
   tl_assert(typeOfIRExpr(sb->tyenv, addr) == Ity_I64);
   g = st->stmt_group ? st->stmt_group[st->cur_stmt] : -1;
   if (g >= 0) {
      Group* gr = &st->groups[g];
      if (gr->bad == NULL) {
         IRExpr* a0 = IRExpr_RdTmp(gr->base);
         if (gr->lo != 0)
            a0 = assign(sb, Ity_I64, IRExpr_Binop(Iop_Add64, a0,
                                                  mk_u64((ULong)gr->lo)));
         gr->bad = emit_fast_test(sb, a0, (Int)(gr->hi - gr->lo));
      }
      bad = gr->bad;
   } else {
      bad = emit_fast_test(sb, addr, n);
   }
   if (guard)
      bad = assign(sb, Ity_I1, IRExpr_Binop(Iop_And1, bad, guard));
   fn = access_helper(n, isWrite, &name);
   if (fn) {
      di = unsafeIRDirty_0_N(1, name, VG_(fnptr_to_fnentry)(fn),
                             mkIRExprVec_1(addr));
   } else {
      di = unsafeIRDirty_0_N(
              2, "lk_helperc_access",
              VG_(fnptr_to_fnentry)(LK_(helperc_access)),
              mkIRExprVec_2(addr, mkIRExpr_HWord((HWord)n
                                                 | (isWrite ? LK_ACCESS_WRITE
                                                            : 0))));
   }
   di->guard = bad;
   addStmtToIRSB(sb, IRStmt_Dirty(di));
}

/* The memory a dirty helper touches: no inline test (rare: fxsave,
   xsave, ...); the helper checks it in Memcheck's pieces. */
static void emit_dirty_check(SpState* st, IRDirty* d)
{
   IRSB* sb = st->sb;
   IRDirty* di;
   UWord info;
   if (d->mFx == Ifx_None || d->mSize == 0)
      return;
   if (addr_needs_no_check(st, d->mAddr))
      return;
   info = ((UWord)d->mSize << 8)
          | ((d->mFx == Ifx_Read || d->mFx == Ifx_Modify) ? LK_DIRTY_READ : 0)
          | ((d->mFx == Ifx_Write || d->mFx == Ifx_Modify) ? LK_DIRTY_WRITE : 0);
   di = unsafeIRDirty_0_N(
           2, "lk_helperc_dirty_access",
           VG_(fnptr_to_fnentry)(LK_(helperc_dirty_access)),
           mkIRExprVec_2(d->mAddr, mkIRExpr_HWord(info)));
   di->guard = d->guard;
   addStmtToIRSB(sb, IRStmt_Dirty(di));
}

static IROp cas_cmp_eq_op(IRType ty)
{
   switch (ty) {
   case Ity_I8:  return Iop_CasCmpEQ8;
   case Ity_I16: return Iop_CasCmpEQ16;
   case Ity_I32: return Iop_CasCmpEQ32;
   case Ity_I64: return Iop_CasCmpEQ64;
   default: VG_(tool_panic)("leakcheck: unexpected CAS type");
   }
}

/* A CAS reads, then writes if it succeeded (Memcheck's
   do_shadow_CAS_single/_double): checks before and after it. */
static void instrument_cas(SpState* st, IRStmt* s)
{
   IRSB* sb = st->sb;
   IRCAS* cas = s->Ist.CAS.details;
   IRType ty = typeOfIRExpr(sb->tyenv, cas->dataLo);
   Int n = sizeofIRType(ty);
   IRExpr* eq;
   if (cas->oldHi == IRTemp_INVALID) {
      emit_access_check(st, cas->addr, n, False, NULL);
      addStmtToIRSB(sb, s);
      if (addr_needs_no_check(st, cas->addr))
         return;
      eq = assign(sb, Ity_I1, IRExpr_Binop(cas_cmp_eq_op(ty), cas->expdLo,
                                           IRExpr_RdTmp(cas->oldLo)));
      emit_access_check(st, cas->addr, n, True, eq);
   } else {
      IRExpr* hi;
      IROp xor = ty == Ity_I64 ? Iop_Xor64 : Iop_Xor32;
      IROp or  = ty == Ity_I64 ? Iop_Or64 : Iop_Or32;
      IRExpr* zero = ty == Ity_I64 ? mk_u64(0) : IRExpr_Const(IRConst_U32(0));
      if (addr_needs_no_check(st, cas->addr)) {
         addStmtToIRSB(sb, s);
         return;
      }
      hi = assign(sb, Ity_I64, IRExpr_Binop(Iop_Add64, cas->addr,
                                            mk_u64((ULong)n)));
      emit_access_check(st, hi, n, False, NULL);
      emit_access_check(st, cas->addr, n, False, NULL);
      addStmtToIRSB(sb, s);
      {
         IRExpr* xhi = assign(sb, ty, IRExpr_Binop(xor, cas->expdHi,
                                                   IRExpr_RdTmp(cas->oldHi)));
         IRExpr* xlo = assign(sb, ty, IRExpr_Binop(xor, cas->expdLo,
                                                   IRExpr_RdTmp(cas->oldLo)));
         IRExpr* x = assign(sb, ty, IRExpr_Binop(or, xhi, xlo));
         eq = assign(sb, Ity_I1, IRExpr_Binop(cas_cmp_eq_op(ty), x, zero));
      }
      emit_access_check(st, hi, n, True, eq);
      emit_access_check(st, cas->addr, n, True, eq);
   }
}

/* A store: Memcheck stores 16- and 32-byte values as 8-byte pieces
   (do_shadow_Store), so an invalid one is reported as "Invalid write of
   size 8" for each bad piece, lowest first.  The pieces share their
   group's inline test. */
static void emit_store_check(SpState* st, IRExpr* addr, Int n, IRExpr* guard)
{
   Int k;
   if (n <= 8 || addr_needs_no_check(st, addr)) {
      emit_access_check(st, addr, n, True, guard);
      return;
   }
   for (k = 0; k < n; k += 8) {
      IRExpr* a = k == 0 ? addr
                         : assign(st->sb, Ity_I64,
                                  IRExpr_Binop(Iop_Add64, addr,
                                               mk_u64((ULong)k)));
      emit_access_check(st, a, 8, True, guard);
   }
}

/* Adds s to the output with the checks of the memory it touches; the
   caller has already noted what s tells about the stack pointer. */
static void instrument_mem_stmt(SpState* st, IRStmt* s)
{
   IRSB* sb = st->sb;
   IRTypeEnv* tyenv = sb->tyenv;
   switch (s->tag) {
   case Ist_WrTmp:
      if (s->Ist.WrTmp.data->tag == Iex_Load) {
         IRExpr* ld = s->Ist.WrTmp.data;
         emit_access_check(st, ld->Iex.Load.addr,
                           sizeofIRType(ld->Iex.Load.ty), False, NULL);
      }
      break;
   case Ist_Store:
      emit_store_check(st, s->Ist.Store.addr,
                       sizeofIRType(typeOfIRExpr(tyenv, s->Ist.Store.data)),
                       NULL);
      /* After the check, which reports a store into a redzone or page
         zero before the origin's load of the old bytes can fault. */
      if (st->origins)
         origin_store(st, s->Ist.Store.addr, s->Ist.Store.data, NULL);
      break;
   case Ist_StoreG: {
      IRStoreG* sg = s->Ist.StoreG.details;
      emit_store_check(st, sg->addr,
                       sizeofIRType(typeOfIRExpr(tyenv, sg->data)),
                       sg->guard);
      break;
   }
   case Ist_LoadG: {
      IRLoadG* lg = s->Ist.LoadG.details;
      IRType tyRes, tyArg;
      typeOfIRLoadGOp(lg->cvt, &tyRes, &tyArg);
      emit_access_check(st, lg->addr, sizeofIRType(tyArg), False, lg->guard);
      break;
   }
   case Ist_CAS:
      instrument_cas(st, s);
      return;   /* added it */
   case Ist_LLSC:
      if (s->Ist.LLSC.storedata == NULL)
         emit_access_check(st, s->Ist.LLSC.addr,
                           sizeofIRType(typeOfIRTemp(tyenv,
                                                     s->Ist.LLSC.result)),
                           False, NULL);
      else
         emit_access_check(st, s->Ist.LLSC.addr,
                           sizeofIRType(typeOfIRExpr(tyenv,
                                                     s->Ist.LLSC.storedata)),
                           True, NULL);
      break;
   case Ist_Dirty:
      emit_dirty_check(st, s->Ist.Dirty.details);
      break;
   default:
      break;
   }
   addStmtToIRSB(sb, s);
}

/*------------------------------------------------------------*/
/*--- Leak origins                                         ---*/
/*------------------------------------------------------------*/

/* With --track-leak-origins=yes (lk_origin.c): every store whose old
   word may point into the heap, and the stack words that die as the
   stack pointer rises, are reported to lk_origin.c. */

#define GOFF(reg) offsetof(VexGuestAMD64State, guest_##reg)

/* The registers a helper that may take a stack trace reads. */
static void origin_fx(IRDirty* di)
{
   static const Int regs[] = { GOFF(RIP), GOFF(RSP), GOFF(RBP) };
   Int k;
   di->nFxState = sizeof regs / sizeof regs[0];
   for (k = 0; k < di->nFxState; k++) {
      di->fxState[k].fx = Ifx_Read;
      di->fxState[k].offset = regs[k];
      di->fxState[k].size = 8;
      di->fxState[k].nRepeats = 0;
      di->fxState[k].repeatLen = 0;
   }
}

/* The rise helper also reads the general registers (RAX to R15 are
   consecutive in the guest state). */
static void origin_fx_rise(IRDirty* di)
{
   di->nFxState = 2;
   di->fxState[0].fx = Ifx_Read;
   di->fxState[0].offset = GOFF(RIP);
   di->fxState[0].size = 8;
   di->fxState[0].nRepeats = 0;
   di->fxState[0].repeatLen = 0;
   di->fxState[1].fx = Ifx_Read;
   di->fxState[1].offset = GOFF(RAX);
   di->fxState[1].size = 16 * 8;
   di->fxState[1].nRepeats = 0;
   di->fxState[1].repeatLen = 0;
   tl_assert(GOFF(R15) == GOFF(RAX) + 15 * 8);
}

/* The current SP as an atom. */
static IRExpr* origin_cur_sp(SpState* st)
{
   if (st->cur_off == 0)
      return st->base_sp;
   return assign(st->sb, Ity_I64,
                 IRExpr_Binop(Iop_Add64, st->base_sp,
                              mk_u64((ULong)st->cur_off)));
}

static IRExpr* origin_filter(IRSB* sb, IRExpr* w);
static IRExpr* origin_or(IRSB* sb, IRExpr* a, IRExpr* b);
static IRExpr* origin_rax_unseen(IRSB* sb, IRExpr* rax);

static Bool origin_is_restored(const SpState* st, Long off)
{
   Int i;
   for (i = 0; i < st->n_restored; i++)
      if (st->restored[i] == off)
         return True;
   return False;
}

/* Whether the frames of the code at a are left out of the stack
   events: our preload library, whose allocator functions hand out the
   blocks (their frames and return values are the allocator's business,
   not the client's), and the dynamic linker's lazy-binding trampolines,
   which save every argument register in their frame and put them back
   (copies of registers, which are transient holders). */
static Bool origin_no_frames(Addr a)
{
   const DiEpoch ep = VG_(current_DiEpoch)();
   DebugInfo* di = VG_(find_DebugInfo)(ep, a);
   const HChar* name = di ? VG_(DebugInfo_get_filename)(di) : NULL;
   /* The preload's file is leakcheck/vgpreload_memcheck-PLATFORM.so
      (Makefile.am says why), and the debug info names the file, not the
      link vgpreload_leakcheck-PLATFORM.so the launcher loaded. */
   if (name != NULL && (VG_(strstr)(name, "leakcheck/vgpreload_") != NULL
                        || VG_(strstr)(name, "vgpreload_leakcheck") != NULL))
      return True;
   return VG_(get_fnname)(ep, a, &name)
          && (VG_(strncmp)(name, "_dl_runtime_resolve", 19) == 0
              || VG_(strncmp)(name, "_dl_runtime_profile", 19) == 0);
}

/* Whether the code at a is the longjmp with which glibc unwinds a
   thread that exits (pthread_exit) or is cancelled, from its start
   routine's frame: what dies there is the thread's stack. */
static Bool origin_thread_exit(Addr a)
{
   const HChar* name;
   return VG_(get_fnname)(VG_(current_DiEpoch)(), a, &name)
          && VG_STREQ(name, "__longjmp_cancel");
}

/* The site number of the current instruction (store_first: see
   LK_(origin_new_site); the first site of an instruction decides). */
static UInt origin_site(SpState* st, Bool store_first)
{
   if (st->site_ip != st->cur_ip || st->site == (UInt)-1) {
      st->site = LK_(origin_new_site)(st->cur_ip, store_first);
      st->site_ip = st->cur_ip;
   }
   return st->site;
}

/* Reports the words [base_sp + lo, base_sp + hi) as dead, but for
   those a pop took into a callee-saved register and, at a return, the
   return address at skip (or none if skip is not in the range).  A
   few words are tested inline, so that the helper is called only when
   one of them may point into the heap.  rax (an atom, or NULL): RAX at
   a return, which may hand out a pointer never stored. */
static void origin_flush_known(SpState* st, Long lo, Long hi, Long skip,
                               IRExpr* rax)
{
   IRSB* sb = st->sb;
   IRExpr *g = NULL, *start;
   ULong mask = 0;
   Int n_words, n_check = 0, i;
   IRDirty* di;
   if (hi < lo)
      hi = lo;
   n_words = (Int)((hi - lo + 7) / 8);
   for (i = 0; i < n_words && i < 64; i++) {
      Long off = lo + 8 * i;
      if (off == skip || origin_is_restored(st, off))
         continue;
      mask |= 1ULL << i;
      n_check++;
   }
   if (n_words > 64) {
      mask = ~0ULL;   /* a big frame: the helper tests every word */
      n_check = n_words;
   }
   if (n_check == 0 && rax == NULL)
      return;
   start = assign(sb, Ity_I64, IRExpr_Binop(Iop_Add64, st->base_sp,
                                            mk_u64((ULong)lo)));
   if (n_check <= LK_ORIGIN_INLINE_WORDS) {
      for (i = 0; i < n_words; i++) {
         IRExpr *a, *w;
         if (!(mask & (1ULL << i)))
            continue;
         a = assign(sb, Ity_I64, IRExpr_Binop(Iop_Add64, start,
                                              mk_u64((ULong)(8 * i))));
         w = assign(sb, Ity_I64, IRExpr_Load(Iend_LE, Ity_I64, a));
         g = origin_or(sb, g, origin_filter(sb, w));
      }
      if (rax != NULL)
         g = origin_or(sb, g, origin_rax_unseen(sb, rax));
   }
   di = unsafeIRDirty_0_N(0, "lk_origin_stack_died",
                          VG_(fnptr_to_fnentry)(LK_(origin_stack_died)),
                          mkIRExprVec_5(start, mk_u64((ULong)n_words),
                                        mk_u64(mask),
                                        mk_u64(origin_site(st, False)),
                                        rax != NULL ? rax : mk_u64(0)));
   if (g != NULL)
      di->guard = g;
   origin_fx(di);
   addStmtToIRSB(sb, IRStmt_Dirty(di));
}

/* Reports [lo, hi) (atoms) as dead; the helper leaves out words whose
   value a callee-saved register holds. */
static void origin_flush_runtime(SpState* st, IRExpr* lo, IRExpr* hi)
{
   IRDirty* di = unsafeIRDirty_0_N(0, "lk_origin_stack_rise",
                          VG_(fnptr_to_fnentry)(LK_(origin_stack_rise)),
                          mkIRExprVec_4(IRExpr_GSPTR(), lo, hi,
                                        mk_u64(origin_thread_exit(
                                                  st->cur_ip))));
   origin_fx_rise(di);
   addStmtToIRSB(st->sb, IRStmt_Dirty(di));
}

/* Reports the pending region, up to the current SP. */
static void origin_flush_pending(SpState* st)
{
   if (!st->pend)
      return;
   st->pend = False;
   if (st->pend_known)
      origin_flush_known(st, st->pend_off, st->cur_off, 1, NULL);
   else
      origin_flush_runtime(st, st->pend_lo, origin_cur_sp(st));
}

/* Before 'PUT(RSP) = new_sp', new_sp = the current SP + delta.  Words
   die as SP rises over them (the red zone below SP is left out: only
   leaf functions keep data there, and such data is transient, like a
   register's).  The dead words are reported when SP goes down again
   (before the new frame is cleared), before a side exit, at the end of
   the superblock, and at a return just before SP moves, so that the
   stack trace is taken at the return instruction. */
static void origin_known_put(SpState* st, IRExpr* new_sp, Long delta)
{
   if (st->in_preload)
      return;
   if (delta > 0 && !st->pend) {
      st->pend = True;
      st->pend_known = True;
      st->pend_off = st->cur_off;
   }
   if (st->cur_stmt == st->ret_put) {
      /* [pending start, new SP): the return address is at the current
         SP.  RAX may hand out a heap pointer. */
      Long lo = st->pend && st->pend_known ? st->pend_off : st->cur_off;
      IRExpr* rax = assign(st->sb, Ity_I64, IRExpr_Get(GOFF(RAX), Ity_I64));
      if (st->pend && !st->pend_known)
         origin_flush_runtime(st, st->pend_lo, new_sp);
      origin_flush_known(st, st->pend && !st->pend_known ? st->cur_off
                                                             : lo,
                            st->cur_off + delta, st->cur_off, rax);
      st->pend = False;
   } else if (delta < 0) {
      origin_flush_pending(st);
   }
}

/* Before 'PUT(RSP) = <unknown>', the old value being old_sp. */
static void origin_unknown_put(SpState* st, IRExpr* old_sp, IRExpr* new_sp)
{
   if (st->in_preload)
      return;
   /* What died before, and if SP rises, the words from old_sp up (the
      helper sees at run time whether it rose): reported now, before SP
      moves, so that the stack trace is taken where it still holds
      (inside longjmp, say, not at the frame it returns to). */
   if (st->pend && st->pend_known)
      origin_flush_pending(st);
   origin_flush_runtime(st, st->pend ? st->pend_lo : old_sp, new_sp);
   st->pend = False;
}

/* 't = LD:I64(a)': remembers where a pop loads from. */
static void origin_note_load(SpState* st, IRTemp t, IRExpr* a)
{
   SpRel r;
   if (!st->origins || (Int)t >= st->n_rel)
      return;
   st->ld_known[t] = rel_get(st, a, &r) && r.base == st->cur_base;
   if (st->ld_known[t])
      st->ld_off[t] = r.off;
}

/* 'PUT(reg) = data': a pop into a callee-saved register? */
static void origin_note_put(SpState* st, Int offset, IRExpr* data)
{
   IRTemp t;
   if (!st->origins || data->tag != Iex_RdTmp)
      return;
   t = data->Iex.RdTmp.tmp;
   if ((Int)t >= st->n_rel || !st->ld_known[t])
      return;
   if (offset != GOFF(RBX) && offset != GOFF(RBP) && offset != GOFF(R12)
       && offset != GOFF(R13) && offset != GOFF(R14) && offset != GOFF(R15))
      return;
   if (st->n_restored < LK_ORIGIN_MAX_RESTORED)
      st->restored[st->n_restored++] = st->ld_off[t];
}

/* Whether w may point into the heap (an Ity_I1 atom). */
static IRExpr* origin_filter(IRSB* sb, IRExpr* w)
{
   IRExpr* lo = assign(sb, Ity_I64, IRExpr_Load(Iend_LE, Ity_I64,
                          mk_u64((ULong)(Addr)&LK_(origin_lo))));
   IRExpr* span = assign(sb, Ity_I64, IRExpr_Load(Iend_LE, Ity_I64,
                            mk_u64((ULong)(Addr)&LK_(origin_span))));
   IRExpr* d = assign(sb, Ity_I64, IRExpr_Binop(Iop_Sub64, w, lo));
   return assign(sb, Ity_I1, IRExpr_Binop(Iop_CmpLT64U, d, span));
}

/* Whether RAX (an atom) may point into the heap at a granule that has
   no event yet: the event map's slot, looked up without a test (the
   primary's zero entries lead to a secondary whose slots look used). */
static IRExpr* origin_rax_unseen(IRSB* sb, IRExpr* rax)
{
   IRExpr *idx, *e, *off, *slot, *empty;
   idx = assign(sb, Ity_I64, IRExpr_Binop(Iop_Shr64, rax,
                   IRExpr_Const(IRConst_U8(LK_ORIGIN_CHUNK_BITS))));
   idx = assign(sb, Ity_I64, IRExpr_Binop(Iop_And64, idx,
                   mk_u64(LK_ORIGIN_N_CHUNKS - 1)));
   idx = assign(sb, Ity_I64, IRExpr_Binop(Iop_Shl64, idx,
                   IRExpr_Const(IRConst_U8(3))));
   idx = assign(sb, Ity_I64, IRExpr_Binop(Iop_Add64, idx,
                   mk_u64((ULong)(Addr)LK_(origin_prim))));
   e = assign(sb, Ity_I64, IRExpr_Load(Iend_LE, Ity_I64, idx));
   e = assign(sb, Ity_I64, IRExpr_Binop(Iop_Add64, e,
                 mk_u64((ULong)(Addr)LK_(origin_none))));
   off = assign(sb, Ity_I64, IRExpr_Binop(Iop_Shr64, rax,
                   IRExpr_Const(IRConst_U8(LK_ORIGIN_GRAN_BITS))));
   off = assign(sb, Ity_I64, IRExpr_Binop(Iop_And64, off,
                   mk_u64((1u << (LK_ORIGIN_CHUNK_BITS
                                  - LK_ORIGIN_GRAN_BITS)) - 1)));
   off = assign(sb, Ity_I64, IRExpr_Binop(Iop_Shl64, off,
                   IRExpr_Const(IRConst_U8(3))));
   off = assign(sb, Ity_I64, IRExpr_Binop(Iop_Add64, e, off));
   slot = assign(sb, Ity_I64, IRExpr_Load(Iend_LE, Ity_I64, off));
   empty = assign(sb, Ity_I1, IRExpr_Binop(Iop_CmpEQ64, slot, mk_u64(0)));
   return assign(sb, Ity_I1, IRExpr_Binop(Iop_And1, origin_filter(sb, rax),
                                          empty));
}

static IRExpr* origin_or(IRSB* sb, IRExpr* a, IRExpr* b)
{
   return a == NULL ? b : assign(sb, Ity_I1, IRExpr_Binop(Iop_Or1, a, b));
}

/* Before a store of data at addr (atoms), executed if guard (NULL:
   always). */
static void origin_store(SpState* st, IRExpr* addr, IRExpr* data,
                         IRExpr* guard)
{
   IRSB* sb = st->sb;
   IRType ty = typeOfIRExpr(sb->tyenv, data);
   Int n = sizeofIRType(ty);
   IRExpr *old, *g, *newv, *mis;
   IRDirty* di;
   Bool store_first;

   SpRel r;
   if (guard != NULL)
      return;   /* StoreG: rare on amd64 (not yet) */
   /* A store into stack that was below SP when the superblock began and
      is part of a frame made in it since (a call's return address, a
      push, a new frame's first stores) overwrites dead words: no
      event is possible there. */
   if (rel_get(st, addr, &r) && r.base == 0 && st->cur_base == 0
       && r.off < 0 && r.off >= st->cur_off)
      return;
   /* The old bytes are loaded before the store: if that load faults
      (a store through a wild pointer), the fault handler must report a
      write, as the store would have faulted there.  It can tell from
      the instruction (the site says so), unless the instruction loaded
      before. */
   store_first = !st->guest_load;
   if (n == 8) {
      IRExpr *og, *ng;
      old = assign(sb, Ity_I64, IRExpr_Load(Iend_LE, Ity_I64, addr));
      g = origin_filter(sb, old);
      if (ty == Ity_I64) {
         /* Not when the new value is in the old one's granule: a
            cursor moving inside its block (the helper tests the rest
            of the block). */
         og = assign(sb, Ity_I64, IRExpr_Binop(Iop_Shr64, old,
                                               IRExpr_Const(IRConst_U8(5))));
         ng = assign(sb, Ity_I64, IRExpr_Binop(Iop_Shr64, data,
                                               IRExpr_Const(IRConst_U8(5))));
         g = assign(sb, Ity_I1, IRExpr_Binop(Iop_And1, g,
                       assign(sb, Ity_I1, IRExpr_Binop(Iop_CmpNE64, og, ng))));
      }
      mis = assign(sb, Ity_I64, IRExpr_Binop(Iop_And64, addr, mk_u64(7)));
      mis = assign(sb, Ity_I1, IRExpr_Binop(Iop_CmpNE64, mis, mk_u64(0)));
      g = origin_or(sb, g, mis);
      if (ty == Ity_I64)
         newv = data;
      else if (ty == Ity_F64)
         newv = assign(sb, Ity_I64, IRExpr_Unop(Iop_ReinterpF64asI64, data));
      else
         newv = mk_u64(0);
      di = unsafeIRDirty_0_N(0, "lk_origin_store8",
                             VG_(fnptr_to_fnentry)(LK_(origin_store8)),
                             mkIRExprVec_4(addr, old, newv,
                                           mk_u64(origin_site(st, store_first))));
   } else if (n == 16 || n == 32) {
      IRExpr* v = assign(sb, ty, IRExpr_Load(Iend_LE, ty, addr));
      g = NULL;
      if (n == 16) {
         g = origin_or(sb, g, origin_filter(sb, assign(sb, Ity_I64,
                          IRExpr_Unop(Iop_V128to64, v))));
         g = origin_or(sb, g, origin_filter(sb, assign(sb, Ity_I64,
                          IRExpr_Unop(Iop_V128HIto64, v))));
      } else {
         static const IROp lane[4] = { Iop_V256to64_0, Iop_V256to64_1,
                                       Iop_V256to64_2, Iop_V256to64_3 };
         Int k;
         for (k = 0; k < 4; k++)
            g = origin_or(sb, g, origin_filter(sb, assign(sb, Ity_I64,
                             IRExpr_Unop(lane[k], v))));
      }
      mis = assign(sb, Ity_I64, IRExpr_Binop(Iop_And64, addr, mk_u64(7)));
      mis = assign(sb, Ity_I1, IRExpr_Binop(Iop_CmpNE64, mis, mk_u64(0)));
      g = origin_or(sb, g, mis);
      di = unsafeIRDirty_0_N(0, "lk_origin_store",
                             VG_(fnptr_to_fnentry)(LK_(origin_store)),
                             mkIRExprVec_4(addr, mk_u64((ULong)n),
                                           mk_u64(origin_site(st, store_first)),
                                           mk_u64(0)));
   } else if (n == 1 || n == 2 || n == 4) {
      /* The bytes themselves first, so that a store through a wild
         pointer faults at its own address; then the aligned word. */
      IRType lty = ty == Ity_F32 ? Ity_I32 : ty;
      IRExpr* exact = assign(sb, lty, IRExpr_Load(Iend_LE, lty, addr));
      IRExpr* a8 = assign(sb, Ity_I64, IRExpr_Binop(Iop_And64, addr,
                                                    mk_u64(~7ULL)));
      IRExpr* end;
      /* A helper argument, so that the load stays. */
      exact = assign(sb, Ity_I64, IRExpr_Unop(n == 1 ? Iop_8Uto64
                                              : n == 2 ? Iop_16Uto64
                                              : Iop_32Uto64, exact));
      old = assign(sb, Ity_I64, IRExpr_Load(Iend_LE, Ity_I64, a8));
      g = origin_filter(sb, old);
      /* Crossing into the next word: (addr & 7) + n > 8. */
      end = assign(sb, Ity_I64, IRExpr_Binop(Iop_And64, addr, mk_u64(7)));
      end = assign(sb, Ity_I1, IRExpr_Binop(Iop_CmpLT64U,
                                            mk_u64((ULong)(8 - n)), end));
      g = origin_or(sb, g, end);
      di = unsafeIRDirty_0_N(0, "lk_origin_store",
                             VG_(fnptr_to_fnentry)(LK_(origin_store)),
                             mkIRExprVec_4(addr, mk_u64((ULong)n),
                                           mk_u64(origin_site(st, store_first)), exact));
   } else {
      return;
   }
   di->guard = g;
   origin_fx(di);
   addStmtToIRSB(sb, IRStmt_Dirty(di));
}

#undef GOFF

/*------------------------------------------------------------*/
/*--- Allocator calls without the scheduler                ---*/
/*------------------------------------------------------------*/

/* The preload's malloc, free, operator new and the rest hand each call
   to the tool with a client request (VALGRIND_NON_SIMD_CALLn), which
   ends the superblock: the thread leaves generated code, the scheduler
   decodes the request and calls the tool's function, and the thread
   re-enters generated code at the next instruction (about 55 ns a round
   trip on the benchmark machine, a million times a second in an
   allocation-heavy program).  For a superblock that ends in a client
   request, the instrumentation adds a call of fast_client_call, which
   does what the scheduler would for the requests it recognises (calls
   of our allocator functions, and from Valgrind 3.22 the preload's
   verify-alignment request, sent before every delete and aligned
   allocation) and writes the result to RDX; only for any other request
   (or in a block that is not ours) does the block still exit to the
   scheduler.  The stack trace the allocator records
   reads RIP, RSP and RBP, which the call declares it reads, so VEX
   stores them first; RIP is set to the address after the request, the
   value the scheduler would see. */

static ULong n_fast_calls, n_sched_requests;
#if LK_VG_AT_LEAST(3, 22)
static ULong n_fast_checks;
#endif

static UWord fast_client_call(VexGuestAMD64State* gs)
{
   static void* const fns[] = {
      (void*)LK_(malloc), (void*)LK_(free), (void*)LK_(__builtin_new),
      (void*)LK_(__builtin_delete), (void*)LK_(__builtin_vec_new),
      (void*)LK_(__builtin_vec_delete), (void*)LK_(calloc),
      (void*)LK_(realloc), (void*)LK_(memalign),
      (void*)LK_(malloc_usable_size), (void*)LK_(__builtin_new_aligned),
      (void*)LK_(__builtin_delete_aligned),
      (void*)LK_(__builtin_vec_new_aligned),
      (void*)LK_(__builtin_vec_delete_aligned),
   };
   const UWord* arg = (const UWord*)gs->guest_RAX;
   const UWord req = arg[0];
   void* const f = (void*)arg[1];
   ThreadId tid;
   UInt i;

#if LK_VG_AT_LEAST(3, 22)
   if (req == _VG_USERREQ__MEMCHECK_VERIFY_ALIGNMENT) {
      /* As LK_(handle_client_request) would (its return value, 0, is
         what the scheduler would put in RDX). */
      n_fast_checks++;
      LK_(verify_alignment)(VG_(get_running_tid)(),
                            (const struct AlignedAllocInfo*)arg[1]);
      gs->guest_RDX = 0;
      return 1;
   }
#endif
   if (req != VG_USERREQ__CLIENT_CALL1 && req != VG_USERREQ__CLIENT_CALL2
       && req != VG_USERREQ__CLIENT_CALL3)
      goto scheduler;
   for (i = 0; i < sizeof fns / sizeof fns[0]; i++)
      if (fns[i] == f)
         break;
   if (i == sizeof fns / sizeof fns[0])
      goto scheduler;

   /* As the scheduler's do_client_request calls them. */
   tid = VG_(get_running_tid)();
   n_fast_calls++;
   if (req == VG_USERREQ__CLIENT_CALL1)
      gs->guest_RDX = ((UWord (*)(ThreadId, UWord))f)(tid, arg[2]);
   else if (req == VG_USERREQ__CLIENT_CALL2)
      gs->guest_RDX = ((UWord (*)(ThreadId, UWord, UWord))f)(tid, arg[2],
                                                             arg[3]);
   else
      gs->guest_RDX = ((UWord (*)(ThreadId, UWord, UWord, UWord))f)(
                         tid, arg[2], arg[3], arg[4]);
   return 1;

scheduler:
   n_sched_requests++;
   return 0;
}

/* sb ends in a client request to next: call fast_client_call first, and
   leave for the scheduler only if it did not handle the request. */
static void add_fast_client_call(IRSB* sb, IRConst* next)
{
#  define GOFF(reg) offsetof(VexGuestAMD64State, guest_##reg)
   /* The request's argument pointer; what the allocator's stack trace
      reads; the result. */
   static const struct { IREffect fx; Int offset; } regs[] = {
      { Ifx_Read, GOFF(RAX) }, { Ifx_Read, GOFF(RIP) },
      { Ifx_Read, GOFF(RSP) }, { Ifx_Read, GOFF(RBP) },
      { Ifx_Modify, GOFF(RDX) },
   };
   IRTemp handled = newIRTemp(sb->tyenv, Ity_I64);
   IRTemp args = newIRTemp(sb->tyenv, Ity_I64);
   IRTemp unhandled = newIRTemp(sb->tyenv, Ity_I1);
   IRDirty* di;
   Int k;

   addStmtToIRSB(sb, IRStmt_Put(GOFF(RIP), IRExpr_Const(next)));
   addStmtToIRSB(sb, IRStmt_WrTmp(args, IRExpr_Get(GOFF(RAX), Ity_I64)));
   di = unsafeIRDirty_1_N(handled, 0, "fast_client_call",
                          VG_(fnptr_to_fnentry)(fast_client_call),
                          mkIRExprVec_1(IRExpr_GSPTR()));
   di->nFxState = sizeof regs / sizeof regs[0];
   for (k = 0; k < di->nFxState; k++) {
      di->fxState[k].fx = regs[k].fx;
      di->fxState[k].offset = regs[k].offset;
      di->fxState[k].size = 8;
      di->fxState[k].nRepeats = 0;
      di->fxState[k].repeatLen = 0;
   }
   /* Reads the request's arguments; the allocator reads and writes
      client memory (realloc's copy, calloc's zeroing). */
   di->mFx = Ifx_Modify;
   di->mAddr = IRExpr_RdTmp(args);
   di->mSize = 6 * sizeof(UWord);
   addStmtToIRSB(sb, IRStmt_Dirty(di));
   addStmtToIRSB(sb, IRStmt_WrTmp(unhandled,
      IRExpr_Binop(Iop_CmpEQ64, IRExpr_RdTmp(handled), mk_u64(0))));
   addStmtToIRSB(sb, IRStmt_Exit(IRExpr_RdTmp(unhandled), Ijk_ClientReq,
                                 next, GOFF(RIP)));
   sb->jumpkind = Ijk_Boring;
#  undef GOFF
}

void LK_(clientcall_print_stats)(void)
{
   VG_(message)(Vg_DebugMsg,
                "leakcheck: client requests: %llu allocator calls in "
                "generated code, %llu via the scheduler\n",
                n_fast_calls, n_sched_requests);
#if LK_VG_AT_LEAST(3, 22)
   VG_(message)(Vg_DebugMsg,
                "leakcheck: client requests: %llu alignment checks in "
                "generated code\n", n_fast_checks);
#endif
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
   const Bool check = LK_(clo_check_accesses);

   if (gWordTy != Ity_I64 || hWordTy != Ity_I64)
      VG_(tool_panic)("leakcheck supports 64-bit guests on 64-bit hosts only");

   st.sb = deepCopyIRSBExceptStmts(sb_in);
   st.offSP = layout->offset_SP;
   st.n_rel = sb_in->tyenv->types_used;
   st.rel = VG_(malloc)("lk.tr.rel", (st.n_rel ? st.n_rel : 1) * sizeof(SpRel));
   for (i = 0; i < st.n_rel; i++) {
      st.rel[i].base = -1;
      st.rel[i].lowered = False;
   }
   st.cur_base = 0;
   st.cur_off = 0;
   st.next_base = 1;
   st.last_delta = 0;
   st.groups = NULL;
   st.stmt_group = NULL;
   st.tls_addr = NULL;
   st.n_tls = 0;
   st.cur_stmt = 0;
   st.origins = LK_(clo_track_leak_origins);
   st.base_sp = NULL;
   st.ret_put = -1;
   st.pend = False;
   st.pend_known = False;
   st.pend_off = 0;
   st.pend_lo = NULL;
   st.n_restored = 0;
   st.ld_off = NULL;
   st.ld_known = NULL;
   st.in_preload = False;
   st.guest_load = False;
   st.cur_ip = 0;
   st.site_ip = 0;
   st.site = (UInt)-1;
   if (check)
      plan_groups(&st, sb_in);
   if (st.origins) {
      /* The SP at entry, and where a return moves SP. */
      IRTemp t = newIRTemp(st.sb->tyenv, Ity_I64);
      addStmtToIRSB(st.sb, IRStmt_WrTmp(t, IRExpr_Get(st.offSP, Ity_I64)));
      st.base_sp = IRExpr_RdTmp(t);
      st.in_preload = origin_no_frames((Addr)vge->base[0]);
      st.ld_off = VG_(malloc)("lk.tr.ldoff",
                              (st.n_rel ? st.n_rel : 1) * sizeof(Long));
      st.ld_known = VG_(calloc)("lk.tr.ldknown", st.n_rel ? st.n_rel : 1,
                                sizeof(Bool));
      if (sb_in->jumpkind == Ijk_Ret) {
         for (i = sb_in->stmts_used - 1; i >= 0; i--) {
            IRStmt* s = sb_in->stmts[i];
            if (s->tag == Ist_Put && s->Ist.Put.offset == st.offSP) {
               st.ret_put = i;
               break;
            }
         }
      }
   }

   for (i = 0; i < sb_in->stmts_used; i++) {
      IRStmt* s = sb_in->stmts[i];
      st.cur_stmt = i;
      switch (s->tag) {
      case Ist_WrTmp:
         note_wrtmp(&st, s->Ist.WrTmp.tmp, s->Ist.WrTmp.data);
         if (s->Ist.WrTmp.data->tag == Iex_Load)
            st.guest_load = True;
         if (s->Ist.WrTmp.data->tag == Iex_Load
             && s->Ist.WrTmp.data->Iex.Load.ty == Ity_I64)
            origin_note_load(&st, s->Ist.WrTmp.tmp,
                             s->Ist.WrTmp.data->Iex.Load.addr);
         if (check && s->Ist.WrTmp.data->tag == Iex_Load)
            instrument_mem_stmt(&st, s);
         else
            addStmtToIRSB(st.sb, s);
         break;
      case Ist_Put:
         if (s->Ist.Put.offset == st.offSP
             && typeOfIRExpr(sb_in->tyenv, s->Ist.Put.data) == Ity_I64) {
            handle_put_sp(&st, s);
         } else {
            origin_note_put(&st, s->Ist.Put.offset, s->Ist.Put.data);
            addStmtToIRSB(st.sb, s);
         }
         break;
      case Ist_AbiHint:
         handle_abi_hint(&st, s);
         break;
      case Ist_Store: case Ist_StoreG: case Ist_LoadG: case Ist_CAS:
      case Ist_LLSC: case Ist_Dirty:
         if (check) {
            instrument_mem_stmt(&st, s);
         } else {
            if (st.origins && s->tag == Ist_Store)
               origin_store(&st, s->Ist.Store.addr, s->Ist.Store.data, NULL);
            addStmtToIRSB(st.sb, s);
         }
         if (s->tag != Ist_Store)
            st.guest_load = True;   /* (conservatively) */
         break;
      case Ist_IMark:
         st.cur_ip = (Addr)(s->Ist.IMark.addr + s->Ist.IMark.delta);
         st.guest_load = False;
         addStmtToIRSB(st.sb, s);
         break;
      case Ist_Exit:
         if (st.origins)
            origin_flush_pending(&st);
         addStmtToIRSB(st.sb, s);
         break;
      default:
         addStmtToIRSB(st.sb, s);
         break;
      }
   }
   if (st.origins)
      origin_flush_pending(&st);
   if (sb_in->jumpkind == Ijk_ClientReq && sb_in->next->tag == Iex_Const)
      add_fast_client_call(st.sb, sb_in->next->Iex.Const.con);
   VG_(free)(st.rel);
   if (st.ld_off) {
      VG_(free)(st.ld_off);
      VG_(free)(st.ld_known);
   }
   if (st.groups) {
      VG_(free)(st.groups);
      VG_(free)(st.stmt_group);
      VG_(free)(st.tls_addr);
   }
   return st.sb;
}

/*--------------------------------------------------------------------*/
/*--- end                                              lk_translate.c ---*/
/*--------------------------------------------------------------------*/
