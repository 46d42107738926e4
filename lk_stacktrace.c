/*--------------------------------------------------------------------*/
/*--- leakcheck: allocation stack traces, memoised unwinding.      ---*/
/*---                                               lk_stacktrace.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   Every malloc and free records a stack trace (--num-callers frames,
   12 by default), as under Memcheck.  Valgrind's unwinder
   (VG_(get_StackTrace)) takes each frame's CFI rule from its cache and
   interprets it: about 10 ns a frame on the benchmark machine, a quarter
   of an allocation-heavy run (cxx-churn: 0.8 s of 3.3 s go to frames 2
   to 12).  The rule of a code address does not change while the debug
   info does not, so LK_(record_alloc_stack) memoises, per address, what
   VG_(use_CF_info) does there, in a form that is a few loads and adds:

      new SP = base + sp_k             (base = SP or BP, as the CFA is)
      new IP = *(base + ra_k)          (the return address)
      new BP = BP | *(base + bp_k) | base + bp_k

   The memo is not read from Valgrind's CFI tables (their layout is
   private to the core); it is learnt by asking VG_(use_CF_info) itself
   to unwind three made-up frames on a probe stack whose every word holds
   its own offset: what it read, and from where, shows in what it
   returns.  An address is memoised only when the three answers agree
   with one rule of the form above (lk_unwind.cpp fits it, in the core,
   unit-tested in tests/unit/test_unwind.cpp).  Where VG_(use_CF_info) fails
   whatever the registers hold (no CFI; no rule for the return address,
   as at _start and in clone), the core's own next steps are taken (the
   frame-pointer chain, then the word at SP).  For any other address
   (CFI expressions that read memory, frames beyond the probe stack) and
   for anything unusual on the way (a read outside the stack bounds the
   unwinder would refuse, --merge-recursive-frames), the whole trace is
   taken by VG_(get_StackTrace) as before.  The loop is
   VG_(get_StackTrace_wrk)'s for amd64 with the same bounds and stopping
   rules, so the traces are the same: --fast-stack-traces=verify computes
   both for every allocation and free and stops the run at the first
   difference (tests/regtest/fast-stacks*; every workload of bench/ was
   run so).
   The memo is dropped whenever the debug info changes (dlopen, dlclose,
   munmap of code).
   A trace cache in front of the memo (see "The trace cache") gives a
   repeated trace back without walking the stack again, after checking
   that the stack words the walk read still hold what it read.
*/

#include "pub_tool_basics.h"
#include "pub_tool_execontext.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcsignal.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_signals.h"
#include "pub_tool_machine.h"
#include "pub_tool_options.h"
#include "pub_tool_stacktrace.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_vki.h"
#include "lk_include.h"


Int LK_(clo_fast_stack_traces) = LK_FAST_STACKS_YES;

/*------------------------------------------------------------*/
/*--- The memo                                             ---*/
/*------------------------------------------------------------*/

/* RULE_OK: memoised; RULE_FAILS: VG_(use_CF_info) always fails here, so
   the core's frame-pointer and last-ditch steps apply; RULE_NONE:
   anything else, the core unwinds the whole trace. */
enum { RULE_EMPTY = 0, RULE_OK, RULE_FAILS, RULE_NONE };
typedef struct {
   Addr  ip;
   UChar state;              /* RULE_* */
   LK_UnwindRule u;          /* for RULE_OK (lk_unwind.cpp) */
} Rule;

/* Open addressing, linear probing, at most half full; cleared when the
   debug info changes. */
static Rule* rules = NULL;
static UInt  rules_mask = 0;     /* capacity - 1 */
static UInt  rules_used = 0;
static UInt  rules_generation = 0;
static ULong n_fast, n_slow, n_probes;
static ULong n_learnt[RULE_NONE + 1], n_probe_faults;

static inline UInt rule_hash(Addr ip)
{
   return (UInt)((ip * 0x9E3779B97F4A7C15ULL) >> 40);
}

static void rules_init(UInt capacity)
{
   rules = VG_(calloc)("lk.stacktrace.rules", capacity, sizeof(Rule));
   rules_mask = capacity - 1;
   rules_used = 0;
}

static void rules_grow(void)
{
   Rule* old = rules;
   UInt old_cap = rules_mask + 1, i;
   rules_init(2 * old_cap);
   for (i = 0; i < old_cap; i++) {
      if (old[i].state != RULE_EMPTY) {
         UInt j = rule_hash(old[i].ip) & rules_mask;
         while (rules[j].state != RULE_EMPTY)
            j = (j + 1) & rules_mask;
         rules[j] = old[i];
         rules_used++;
      }
   }
   VG_(free)(old);
}

/* The probe stack: word i holds PROBE_TAG | (8 * i). */
#define PROBE_WORDS 8192
#define PROBE_TAG   0x5AC3000000000000ULL
static UWord probe_stack[PROBE_WORDS];
static Bool probe_ready = False;

static void init_probe_stack(void)
{
   UInt i;
   for (i = 0; i < PROBE_WORDS; i++)
      probe_stack[i] = PROBE_TAG | (8ULL * i);
   probe_ready = True;
}

/* Whether VG_(use_CF_info) fails at ip even with no bounds on what it
   may read.  It reads nothing before it fails for want of CFI, of a
   rule for the return address (_start, a thread's first frame: DWARF
   "undefined") or of a register an expression uses: then it fails
   whatever the registers and the stack hold.  A failure for a read out
   of the probe stack would show as a success or a fault here (a CFA
   expression that dereferences a probe word reads at its tag). */
typedef struct { LK_D3UnwindRegs u; Bool fails; } Probe;

static void probe_unbounded(void* opaque)
{
   Probe* p = opaque;
   p->fails = !VG_(use_CF_info)(&p->u, 0, ~(Addr)0);
}

static Bool fails_unbounded(Addr ip, Addr sp, Addr bp)
{
   Probe p;
   p.u.xip = ip;
   p.u.xsp = sp;
   p.u.xbp = bp;
   p.fails = False;
   /* Called from generated code too (an allocator call made by
      fast_client_call, lk_translate.c): LK_(catch_faults) takes care
      of that and of the FPU state a fault leaves. */
   if (!LK_(catch_faults)(probe_unbounded, &p, NULL, NULL)) {
      n_probe_faults++;
      return False;
   }
   return p.fails;
}

/* Learns the rule at ip from three probes. */
static void learn(Rule* r, Addr ip)
{
   const Addr lo = (Addr)probe_stack;
   const Addr max = lo + sizeof probe_stack - 8;
   /* Three made-up frames: SP and BP moved on their own. */
   LK_UnwindProbe p[3] = {
      { lo + 0x4000, lo + 0x8000, 0, 0, 0 },
      { lo + 0x4000, lo + 0xC000, 0, 0, 0 },
      { lo + 0x6000, lo + 0x8000, 0, 0, 0 },
   };
   Int j, n_failed = 0;
   if (!probe_ready)
      init_probe_stack();
   n_probes++;
   r->ip = ip;
   r->state = RULE_NONE;
   for (j = 0; j < 3; j++) {
      LK_D3UnwindRegs u = { ip, p[j].sp, p[j].bp };
      if (!VG_(use_CF_info)(&u, lo, max))
         n_failed++;
      p[j].out_ip = u.xip;
      p[j].out_sp = u.xsp;
      p[j].out_bp = u.xbp;
   }
   if (n_failed == 0) {
      if (lk_unwind_fit(p, 3, lo, lo + sizeof probe_stack, PROBE_TAG,
                        &r->u))
         r->state = RULE_OK;
   } else if (n_failed == 3 && fails_unbounded(ip, p[0].sp, p[0].bp)) {
      r->state = RULE_FAILS;
   }
   n_learnt[r->state]++;
}

static inline const Rule* rule_at(Addr ip)
{
   UInt j = rule_hash(ip) & rules_mask;
   while (rules[j].state != RULE_EMPTY) {
      if (rules[j].ip == ip)
         return &rules[j];
      j = (j + 1) & rules_mask;
   }
   learn(&rules[j], ip);
   if (++rules_used > rules_mask / 2) {
      rules_grow();
      return rule_at(ip);
   }
   return &rules[j];
}

/*------------------------------------------------------------*/
/*--- The unwinding loop                                   ---*/
/*------------------------------------------------------------*/

/* Where a trace starts: the registers and the stack bounds, as
   VG_(get_StackTrace_with_deltas) and _wrk take them. */
typedef struct {
   Addr ip, sp, bp, fp_min, fp_max;
} TraceStart;

/* False if the core must take the trace (bounds too close). */
static Bool trace_start(ThreadId tid, TraceStart* t)
{
   Addr lowest = 0, highest = VG_(thread_get_stack_max)(tid);
   t->ip = VG_(get_IP)(tid);
   t->sp = VG_(get_SP)(tid);
   t->bp = VG_(get_FP)(tid);
   VG_(stack_limits)(t->sp, &lowest, &highest);
   t->fp_max = VG_PGROUNDUP(highest);
   if (t->fp_max >= sizeof(Addr))
      t->fp_max -= sizeof(Addr);
   t->fp_min = t->sp - VG_STACK_REDZONE_SZB;
   return t->fp_min + 256 < t->fp_max;
}

/* What a trace read: the stack words (address and value, in order) and
   whether the starting BP was used.  The walk is a function of the
   start, these and the memo, so replaying the reads decides whether a
   cached trace still holds (see "The trace cache" below). */
#define LK_TRACE_MAX_READS 24
typedef struct {
   UInt  n;
   Bool  overflow;
   Bool  used_bp;
   Addr  addr[LK_TRACE_MAX_READS];
   UWord val[LK_TRACE_MAX_READS];
} TraceReads;

static inline UWord read_word(TraceReads* rd, Addr a)
{
   UWord v = *(const UWord*)a;
   if (rd->n < LK_TRACE_MAX_READS) {
      rd->addr[rd->n] = a;
      rd->val[rd->n] = v;
      rd->n++;
   } else {
      rd->overflow = True;
   }
   return v;
}

/* VG_(get_StackTrace)(tid, ips, max, NULL, NULL, 0) for amd64 when every
   frame has a memoised rule; 0 when the caller must ask the core. */
static UInt fast_trace(const TraceStart* t, Addr* ips, UInt max_n_ips,
                       TraceReads* rd)
{
   Addr ip = t->ip, sp = t->sp, bp = t->bp;
   const Addr fp_min = t->fp_min, fp_max = t->fp_max;
   /* Where bp came from: the start (bp_initial), or a stack word not yet
      recorded (bp_pending: a saved BP restored by a frame's rule counts
      only if a later frame uses BP; most frames never do, and the saved
      value differs from call to call when BP is a general register). */
   Bool bp_initial = True, bp_pending = False;
   Addr bp_addr = 0;
   UInt i;
#  define USE_BP()                                    \
      do {                                            \
         if (bp_initial)                              \
            rd->used_bp = True;                       \
         else if (bp_pending)                         \
            (void)read_word(rd, bp_addr);             \
         bp_pending = False;                          \
      } while (0)

   rd->n = 0;
   rd->overflow = False;
   rd->used_bp = False;
   ips[0] = ip;
   i = 1;
   while (i < max_n_ips) {
      const Rule* r = rule_at(ip);
      Addr base, a, nip, nsp, nbp;
      if (r->state == RULE_FAILS) {
         /* VG_(get_StackTrace_wrk)'s steps after VG_(use_CF_info)
            fails: follow the frame-pointer chain if BP looks sane, else
            take the word at SP as a return address, else stop. */
         USE_BP();
         if (fp_min <= bp && bp <= fp_max - sizeof(Addr)) {
            nip = read_word(rd, bp + sizeof(Addr));
            if (nip == 0 || nip == 1)
               break;
            nsp = bp + 2 * sizeof(Addr);
            if (sp >= nsp)
               break;
            bp_addr = bp;
            bp = *(const UWord*)bp_addr;
            bp_initial = False;
            bp_pending = True;
            ips[i++] = nip - 1;
            ip = nip - 1;
            sp = nsp;
            continue;
         }
         if (fp_min <= sp && sp < fp_max) {
            nip = read_word(rd, sp);
            if (nip == 0 || nip == 1)
               break;
            ips[i++] = nip - 1;
            ip = nip - 1;
            sp += sizeof(Addr);
            continue;
         }
         break;
      }
      if (r->state != RULE_OK)
         return 0;
      if (r->u.bp_based)
         USE_BP();
      base = r->u.bp_based ? bp : sp;
      /* A CFA of 0 makes VG_(use_CF_info) fail; the CFA is within a
         probe stack's size of base. */
      if (base < 0x100000 || base > (Addr)-0x100000)
         return 0;
      a = base + (Long)r->u.ra_k;
      if (a < fp_min || a > fp_max - sizeof(Addr))
         return 0;
      nip = read_word(rd, a);
      nsp = base + (Long)r->u.sp_k;
      switch (r->u.bp_how) {
      case LK_BP_MEM:
         a = base + (Long)r->u.bp_k;
         if (a < fp_min || a > fp_max - sizeof(Addr))
            return 0;
         nbp = *(const Addr*)a;
         break;
      case LK_BP_CFAREL:
         nbp = base + (Long)r->u.bp_k;
         break;
      default:
         nbp = bp;
         break;
      }
      if (nip == 0 || nip == 1)
         break;
      if (sp >= nsp)
         break;
      ips[i++] = nip - 1;   /* the calling instruction, not the RA */
      ip = nip - 1;
      sp = nsp;
      if (r->u.bp_how == LK_BP_MEM) {
         bp_initial = False;
         bp_pending = True;
         bp_addr = base + (Long)r->u.bp_k;
      } else if (r->u.bp_how == LK_BP_CFAREL) {
         /* base + k: from SP (recorded start) or a used BP. */
         bp_initial = False;
         bp_pending = False;
      }
      bp = nbp;
   }
#  undef USE_BP
   return i;
}

static void report_mismatch(ThreadId tid, const Addr* a, UInt na,
                            const Addr* b, UInt nb)
{
   UInt i;
   VG_(umsg)("leakcheck: --fast-stack-traces=verify: traces differ "
             "(thread %u)\n", tid);
   VG_(umsg)("  core's (%u frames):\n", na);
   for (i = 0; i < na; i++)
      VG_(umsg)("    #%u 0x%lx\n", i, a[i]);
   VG_(umsg)("  memoised (%u frames):\n", nb);
   for (i = 0; i < nb; i++)
      VG_(umsg)("    #%u 0x%lx\n", i, b[i]);
   VG_(tool_panic)("--fast-stack-traces=verify: stack traces differ");
}

/*------------------------------------------------------------*/
/*--- The trace cache                                      ---*/
/*------------------------------------------------------------*/

/* Allocations and frees come again and again from the same call paths
   at the same stack depth.  A trace is a function of its start (IP, SP,
   BP if used, the stack bounds), of the stack words it read and of the
   memo (constant until the debug info changes); so a cached trace holds
   if its start is the same and every word it read still holds the value
   it read: then the walk would go the same way.  Checking that is a
   load and a compare a word (two words a frame at most) and gives the
   ExeContext at once, without the memo lookups and the ExeContext
   table's hashing.  16-way sets indexed by IP, SP and the first return
   address (tc_set), round-robin replacement. */
#define TC_SETS 256
#define TC_WAYS 16
typedef struct {
   ExeContext* ec;           /* NULL: empty */
   Addr        ip, sp, bp, fp_max;
   UInt        max_n_ips;
   Bool        used_bp;
   UInt        n_reads;
   UInt        off[LK_TRACE_MAX_READS];   /* address - fp_min */
   UWord       val[LK_TRACE_MAX_READS];
} CachedTrace;

/* Way-major, in the bss: ways and pages never used are never touched
   (most sets use one or two ways). */
static CachedTrace tcache[TC_WAYS][TC_SETS];
static UChar tc_next[TC_SETS];       /* the way to replace next */
static ULong n_cache_hits;

/* The set: by IP, SP and the first return address (where the
   allocator was called from), so that the many paths reaching malloc at
   one depth spread over the sets. */
static UInt tc_set(const TraceStart* t)
{
   const Rule* r = rule_at(t->ip);
   Addr ra = 0, a;
   if (r->state == RULE_OK && !r->u.bp_based) {
      a = t->sp + (Long)r->u.ra_k;
      if (a >= t->fp_min && a <= t->fp_max - sizeof(Addr))
         ra = *(const Addr*)a;
   }
   return (UInt)((((t->ip ^ ra) + t->sp * 0x9E3779B97F4A7C15ULL) >> 32)
                 & (TC_SETS - 1));
}

static ExeContext* tc_lookup(const TraceStart* t, UInt set, UInt max_n_ips)
{
   UInt w, k;
   for (w = 0; w < TC_WAYS; w++) {
      const CachedTrace* e = &tcache[w][set];
      if (e->ec == NULL)
         break;   /* ways fill in order */
      if (e->ip != t->ip || e->sp != t->sp
          || e->fp_max != t->fp_max || e->max_n_ips != max_n_ips
          || (e->used_bp && e->bp != t->bp))
         continue;
      for (k = 0; k < e->n_reads; k++)
         if (*(const UWord*)(t->fp_min + e->off[k]) != e->val[k])
            break;
      if (k == e->n_reads)
         return e->ec;
   }
   return NULL;
}

static void tc_insert(const TraceStart* t, UInt set, UInt max_n_ips,
                      const TraceReads* rd, ExeContext* ec)
{
   CachedTrace* e = &tcache[tc_next[set]][set];
   UInt k;
   for (k = 0; k < rd->n; k++)
      if (rd->addr[k] - t->fp_min > 0xFFFFFFFFUL)
         return;   /* a huge stack: not cached */
   tc_next[set] = (UChar)((tc_next[set] + 1) % TC_WAYS);
   e->ec = ec;
   e->ip = t->ip;
   e->sp = t->sp;
   e->bp = t->bp;
   e->fp_max = t->fp_max;
   e->max_n_ips = max_n_ips;
   e->used_bp = rd->used_bp;
   e->n_reads = rd->n;
   for (k = 0; k < rd->n; k++) {
      e->off[k] = (UInt)(rd->addr[k] - t->fp_min);
      e->val[k] = rd->val[k];
   }
}

static void verify_trace(ThreadId tid, const Addr* ips, UInt n, UInt max)
{
   Addr core[max];
   UInt nc = VG_(get_StackTrace)(tid, core, max, NULL, NULL, 0);
   if (nc != n || VG_(memcmp)(core, ips, n * sizeof(Addr)) != 0)
      report_mismatch(tid, core, nc, ips, n);
}

/* The rule memo and the trace cache, made (first use) or emptied when
   debug information was loaded or discarded since they were filled. */
static void rules_current(void)
{
   if (UNLIKELY(rules == NULL)) {
      rules_init(4096);
      rules_generation = VG_(debuginfo_generation)();
   } else if (UNLIKELY(rules_generation != VG_(debuginfo_generation)())) {
      rules_generation = VG_(debuginfo_generation)();
      VG_(memset)(rules, 0, (rules_mask + 1) * sizeof(Rule));
      rules_used = 0;
      VG_(memset)(tcache, 0, sizeof tcache);
      VG_(memset)(tc_next, 0, sizeof tc_next);   /* ways fill from 0 */
   }
}

ExeContext* LK_(record_alloc_stack)(ThreadId tid)
{
   const UInt max = VG_(clo_backtrace_size);
   Addr ips[max];
   UInt n;
   TraceStart t;
   TraceReads rd;
   ExeContext* ec;
   UInt set;

   if (LK_(clo_fast_stack_traces) == LK_FAST_STACKS_NO
       || VG_(clo_merge_recursive_frames) != 0
       || VG_(inner_threads) != NULL)
      return VG_(record_ExeContext)(tid, 0);

   rules_current();
   if (!trace_start(tid, &t)) {
      n_slow++;
      return VG_(record_ExeContext)(tid, 0);
   }
   set = tc_set(&t);
   ec = tc_lookup(&t, set, max);
   if (ec != NULL) {
      n_fast++;
      n_cache_hits++;
      if (LK_(clo_fast_stack_traces) == LK_FAST_STACKS_VERIFY) {
         /* The walk again, checked against the core's; ExeContexts are
            unique per trace, so the same trace gives the same one. */
         n = fast_trace(&t, ips, max, &rd);
         if (n == 0)
            n = VG_(get_StackTrace)(tid, ips, max, NULL, NULL, 0);
         else
            verify_trace(tid, ips, n, max);
         if (VG_(make_ExeContext_from_StackTrace)(ips, n) != ec)
            VG_(tool_panic)("--fast-stack-traces=verify: the trace cache "
                            "gave another stack");
      }
      return ec;
   }
   n = fast_trace(&t, ips, max, &rd);
   if (n == 0) {
      n_slow++;
      return VG_(record_ExeContext)(tid, 0);
   }
   n_fast++;
   if (LK_(clo_fast_stack_traces) == LK_FAST_STACKS_VERIFY)
      verify_trace(tid, ips, n, max);
   ec = VG_(make_ExeContext_from_StackTrace)(ips, n);
   if (!rd.overflow)
      tc_insert(&t, set, max, &rd, ec);
   return ec;
}

/*------------------------------------------------------------*/
/*--- Stacks by number                                     ---*/
/*------------------------------------------------------------*/

/* Block records and leak-origin slots keep a stack as its ExeContext's
   unique number (ECU, 4 bytes).  Valgrind numbers ExeContexts 4, 8,
   12, ... as it creates them, and VG_(get_ExeContext_from_ECU) finds
   one by walking its whole table; this array, indexed by ECU / 4, holds
   every one LK_(stack_ref) was given, and grows with the number of
   distinct stacks, not with the blocks. */
static ExeContext** ecu_map = NULL;
static UInt         ecu_map_n = 0;

UInt LK_(stack_ref)(ExeContext* ec)
{
   UInt ecu, i;
   if (ec == NULL)
      return 0;
   ecu = VG_(get_ECU_from_ExeContext)(ec);
   i = ecu >> 2;
   if (UNLIKELY(i >= ecu_map_n)) {
      UInt n = ecu_map_n ? ecu_map_n : 1024;
      while (n <= i)
         n *= 2;
      ecu_map = VG_(realloc)("lk.stack.ecu_map", ecu_map,
                             n * sizeof(ExeContext*));
      VG_(memset)(ecu_map + ecu_map_n, 0,
                  (n - ecu_map_n) * sizeof(ExeContext*));
      ecu_map_n = n;
   }
   ecu_map[i] = ec;
   return ecu;
}

ExeContext* LK_(stack_of)(UInt ecu)
{
   return ecu ? ecu_map[ecu >> 2] : NULL;
}

/* For the two-frame stacks of leak-origin events (lk_origin.c): where
   the memo's rule at ip finds the return address (*ra_k from SP, or from
   BP if *bp_based); False if it has no such rule.  *gen: the debug-info
   generation the answer holds for. */
Bool LK_(unwind_ra_rule)(Addr ip, Long* ra_k, Bool* bp_based, UInt* gen)
{
   const Rule* r;
   rules_current();
   *gen = rules_generation;
   r = rule_at(ip);
   if (r->state != RULE_OK)
      return False;
   *ra_k = r->u.ra_k;
   *bp_based = r->u.bp_based;
   return True;
}

void LK_(stacktrace_print_stats)(void)
{
   VG_(message)(Vg_DebugMsg,
                "leakcheck: stack traces: %llu memoised (%llu from the "
                "trace cache), %llu by the core, %llu code addresses "
                "learnt\n",
                n_fast, n_cache_hits, n_slow, n_probes);
   VG_(message)(Vg_DebugMsg,
                "leakcheck: stack traces: code addresses: %llu with a rule, "
                "%llu with no CFI to use, %llu left to the core "
                "(%llu probes faulted)\n",
                n_learnt[RULE_OK], n_learnt[RULE_FAILS], n_learnt[RULE_NONE],
                n_probe_faults);

}

/*--------------------------------------------------------------------*/
/*--- end                                           lk_stacktrace.c ---*/
/*--------------------------------------------------------------------*/
