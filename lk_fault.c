/*--------------------------------------------------------------------*/
/*--- leakcheck: accesses that fault outside the heap (glue).      ---*/
/*---                                                   lk_fault.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   Memcheck's A bits cover all memory, so a load or store through a wild
   pointer is an "Invalid read/write ... Address 0x... is not stack'd,
   malloc'd or (recently) free'd" before it faults; the core then prints
   the fatal-signal text (or delivers the signal to the client's
   handler).  leakcheck's shadow covers the heap and page zero only (the
   rest would cost filter memory for all of the unmapped address space),
   so such an access passes the inline check and faults.

   The fault is where leakcheck sees it.  A host SIGSEGV handler sits in
   front of the core's: when the fault comes from the kernel while
   translated client code runs, it decodes the faulting host instruction
   (lk_decode.cpp; VEX emits a small set of load and store forms) to get
   the access's address, size and direction, checks that the fault lies
   inside it, and, if Memcheck's A bits would call the access
   unaddressable (an address no client mapping holds, or a mapping made
   with no permission at all, and not the stack above the stack
   pointer's red zone), reports it as the inline check's slow path
   would.  Then the core's handler runs as before.  The guest state is
   precise at a memory access (the stack pointer, frame pointer and
   instruction pointer are written back before it), so the error's
   stack is Memcheck's.

   The core reinstalls its own handler when the client's sigaction
   changes what the kernel must be told; leakcheck puts its own back
   after every rt_sigaction.  If anything here cannot be done (no
   decodable instruction, a fault elsewhere), the core's handler simply
   runs alone: the output is then the core's fatal-signal text without
   the error, as before.

   The other direction lives here too: the tool reading client memory
   (the leak search, its heuristics, client-request and monitor scans,
   the unwinder's probes) when a page may have been mprotect'ed or cut
   short behind the address-space manager's back.  LK_(catch_faults)
   is the one place that sets up Valgrind's fault catcher for that;
   LK_(read_client_word) and LK_(for_each_readable_word) are built on
   it.
*/

#include "pub_tool_basics.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcsetjmp.h"
#include "pub_tool_libcsignal.h"
#include "pub_tool_machine.h"
#include "pub_tool_options.h"
#include "pub_tool_signals.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_vki.h"
#include "pub_tool_vkiscnums.h"
#include "lk_include.h"

/* The tool's own code (the linker's symbols). */
extern const char __executable_start[];
extern const char etext[];

typedef void (*HostHandler)(Int, vki_siginfo_t*, struct vki_ucontext*);

/* The core's action for SIGSEGV, which leakcheck's handler chains to. */
static struct vki_sigaction_base core_action;
static Bool installed = False;
static ULong n_faults_seen = 0, n_faults_reported = 0;

#define LK_NSIG_BYTES (sizeof(vki_sigset_t))

/* Decodes the access of the faulting instruction at rip: True and *acc
   if it is a memory access that holds the fault address. */
static Bool decode_fault(const struct vki_sigcontext* sc, Addr fault,
                         LK_InsnAccess* acc)
{
   const UChar* code = (const UChar*)sc->rip;
   const uint64_t regs[16] = {
      sc->rax, sc->rcx, sc->rdx, sc->rbx, sc->rsp, sc->rbp, sc->rsi, sc->rdi,
      sc->r8, sc->r9, sc->r10, sc->r11, sc->r12, sc->r13, sc->r14, sc->r15,
   };
   LK_InsnAccess other;
   UInt k;

   if (!lk_core_decode_access(code, 15, regs, acc))
      return False;
   if (fault < acc->addr || fault - acc->addr >= acc->size)
      return False;
   if (!acc->sse16_move)
      return True;
   /* A guest 32-byte access is two 16-byte host moves from one base
      register, at +0 then at +16 (host_amd64_isel.c), with at most
      the register allocator's spills and reloads in between; two guest
      instructions always have the guest-RIP update and the inline check
      between their accesses. */
   {
      const UChar* next = code + acc->len;
      UInt n;
      for (n = 0; n < 3; n++) {
         if (!lk_core_decode_access(next, 15, regs, &other))
            break;
         if (other.sse16_move && other.is_write == acc->is_write
             && other.addr == acc->addr + 16) {
            acc->size = 32;
            return True;
         }
         /* The register allocator may reload or spill the other half
            in between: a move to or from the spill slots, which are in
            the guest state, at %rbp. */
         if (!other.sse16_move || other.addr - regs[5] >= 0x10000)
            break;
         next += other.len;
      }
   }
   /* The second half: the first one is 1 byte shorter (no disp8), or as
      long when its base needs a disp8 of 0 (rbp, r13). */
   for (k = acc->len - 1; k <= acc->len; k++) {
      if (lk_core_decode_access(code - k, k, regs, &other)
          && other.len == k && other.sse16_move
          && other.is_write == acc->is_write
          && other.addr + 16 == acc->addr) {
         acc->addr -= 16;
         acc->size = 32;
         return True;
      }
   }
   return True;
}

static void report_fault(Int sigNo, const vki_siginfo_t* info,
                         const struct vki_ucontext* uc)
{
   ThreadId tid = VG_(get_running_tid)();
   Addr fault = (Addr)info->_sifields._sigfault._addr;
   LK_InsnAccess acc;
   Addr sp, bad;
   Bool probed = LK_(probe_reported);

   n_faults_seen++;
   LK_(probe_reported) = False;
   if (tid == VG_INVALID_THREADID)
      return;
   /* A fault in the tool's own code is one in a dirty helper (x87
      80-bit loads, fxsave, ...), whose memory LK_(helperc_dirty_access)
      has checked, mappings included, before the call. */
   if (uc->uc_mcontext.rip >= (Addr)&__executable_start
       && uc->uc_mcontext.rip < (Addr)&etext)
      return;
   if (!decode_fault(&uc->uc_mcontext, fault, &acc))
      return;
   /* --track-leak-origins loads the bytes a store overwrites just
      before the store: that load faulting is the store faulting. */
   if (UNLIKELY(LK_(clo_track_leak_origins)) && !acc.is_write
       && LK_(origin_load_is_store)(VG_(get_IP)(tid)))
      acc.is_write = True;
   /* Page zero: the inline check's slow path has reported it already
      (not so for a constant address, which is never checked inline). */
   if (probed && LK_(probe_reported_addr) >= acc.addr
       && LK_(probe_reported_addr) - acc.addr < acc.size)
      return;
   /* The stack from the red zone below the stack pointer up is
      addressable for Memcheck (and such faults are the core's stack
      extension, not errors). */
   sp = VG_(get_SP)(tid);
   if (acc.addr + acc.size > sp - VG_STACK_REDZONE_SZB
       && acc.addr <= VG_(thread_get_stack_max)(tid))
      return;
   if (!LK_(first_unaddressable)(tid, acc.addr, acc.size, &bad))
      return;   /* e.g. a write to read-only memory: addressable */
   n_faults_reported++;
   if (acc.is_write && acc.size > 8) {
      /* Memcheck stores 16 and 32 bytes as 8-byte pieces, and reports
         each bad one (lk_translate.c, emit_store_check). */
      UInt k;
      for (k = 0; k < acc.size; k += 8)
         if (LK_(first_unaddressable)(tid, acc.addr + k, 8, &bad))
            LK_(report_access)(acc.addr + k, 8, True);
      return;
   }
   LK_(report_access)(acc.addr, acc.size, acc.is_write);
}

static void lk_fault_handler(Int sigNo, vki_siginfo_t* info,
                             struct vki_ucontext* uc)
{
   /* si_code > 0: sent by the kernel for a fault, not by kill(). */
   if (sigNo == VKI_SIGSEGV && info != NULL && info->si_code > 0
       && VG_(in_generated_code))
      report_fault(sigNo, info, uc);
   ((HostHandler)(void (*)(void))core_action.ksa_handler)(sigNo, info, uc);
}

/* Puts leakcheck's handler in front of whatever the core has installed
   (its sync_signalhandler), keeping the core's flags, mask and
   restorer. */
static void install(void)
{
   struct vki_sigaction_base cur, mine;
   SysRes r = VG_(do_syscall)(__NR_rt_sigaction, VKI_SIGSEGV, 0, (UWord)&cur,
                              LK_NSIG_BYTES, 0, 0, 0, 0);
   if (sr_isError(r))
      return;
   if (cur.ksa_handler == (__vki_sighandler_t)(void (*)(void))lk_fault_handler)
      return;
   if (cur.ksa_handler == VKI_SIG_DFL || cur.ksa_handler == VKI_SIG_IGN)
      return;   /* the core has not set up yet */
   core_action = cur;
   mine = cur;
   mine.ksa_handler = (__vki_sighandler_t)(void (*)(void))lk_fault_handler;
   r = VG_(do_syscall)(__NR_rt_sigaction, VKI_SIGSEGV, (UWord)&mine, 0,
                       LK_NSIG_BYTES, 0, 0, 0, 0);
   if (!sr_isError(r))
      installed = True;
}

/* From the first client code on (the core sets its handlers up just
   before the client starts). */
void LK_(fault_client_starts)(void)
{
   if (LK_(clo_check_accesses))
      install();
}

/* After every rt_sigaction (lk_events.c): the core may have put its own
   handler back. */
void LK_(fault_after_sigaction)(void)
{
   if (installed)
      install();
}

/*------------------------------------------------------------*/
/*--- Fault-safe reads of client memory                    ---*/
/*------------------------------------------------------------*/

/* One catch per LK_(catch_faults) call, innermost first: the leak
   core's heuristics read words (LK_(read_client_word)) while the mark
   stack is drained under a catch of its own. */
typedef struct _Catch {
   VG_MINIMAL_JMP_BUF(jmpbuf);
   volatile Addr fault_addr;
   const HChar* what;
} Catch;

static Catch* volatile current_catch = NULL;
static UInt catch_depth = 0;
/* The signal mask when the outermost catch began.  A fault handler runs
   with signals blocked, and longjmp-ing out of it skips the kernel's
   restoring of the mask; restoring only the caught signal (as Memcheck
   does) would leave the others blocked, so that a SIGBUS after a
   SIGSEGV (a file mapping past its end after an unreadable page) would
   kill the process.  The whole mask is restored instead. */
static vki_sigset_t catch_sigmask;

static void catch_fault_catcher(Int sigNo, Addr addr)
{
   Catch* c = current_catch;
   VG_(sigprocmask)(VKI_SIG_SETMASK, &catch_sigmask, NULL);
   if (c == NULL)
      return;
   if (sigNo == VKI_SIGSEGV || sigNo == VKI_SIGBUS) {
      c->fault_addr = addr;
      VG_MINIMAL_LONGJMP(c->jmpbuf);
   }
   if (c->what != NULL)
      VG_(umsg)("leakcheck: unexpected signal %d %s\n", sigNo, c->what);
}

Bool LK_(catch_faults)(void (*f)(void*), void* opaque, Addr* fault_addr,
                       const HChar* what)
{
   Catch c;
   Catch* const outer = current_catch;
   /* Called from generated code (an allocator call made by
      fast_client_call, lk_translate.c), a fault would count as the
      client's, and the core will not use a fault catcher then: this is
      the tool's own code, so say so while reading. */
   const Bool in_gc = VG_(in_generated_code);
   fault_catcher_t prev;
   volatile Bool ok = True;
   /* Leaving the signal handler by longjmp skips the kernel's restoring
      of the FPU and SSE control words (a handler starts with the
      defaults), and the dispatcher checks them when a helper returns to
      it ("host state invariant failure"). */
   UShort fcw;
   UInt mxcsr;
   __asm__ volatile("fnstcw %0\n\tstmxcsr %1" : "=m"(fcw), "=m"(mxcsr));
   if (catch_depth == 0)
      VG_(sigprocmask)(VKI_SIG_SETMASK, NULL, &catch_sigmask);
   catch_depth++;
   c.fault_addr = 0;
   c.what = what;
   VG_(in_generated_code) = False;
   prev = VG_(set_fault_catcher)(catch_fault_catcher);
   current_catch = &c;
   if (VG_MINIMAL_SETJMP(c.jmpbuf) == 0) {
      f(opaque);
   } else {
      __asm__ volatile("fldcw %0\n\tldmxcsr %1" : : "m"(fcw), "m"(mxcsr));
      ok = False;
      if (fault_addr != NULL)
         *fault_addr = c.fault_addr;
   }
   current_catch = outer;
   VG_(set_fault_catcher)(prev);
   VG_(in_generated_code) = in_gc;
   catch_depth--;
   return ok;
}

typedef struct { Addr a; UWord w; } WordRead;

static void read_one_word(void* opaque)
{
   WordRead* r = opaque;
   r->w = *(volatile UWord*)r->a;
}

Bool LK_(read_client_word)(Addr a, UWord* out, const HChar* what)
{
   WordRead r;
   if (!VG_(am_is_valid_for_client)(a, sizeof(UWord), VKI_PROT_READ))
      return False;
   r.a = a;
   r.w = 0;
   if (!LK_(catch_faults)(read_one_word, &r, NULL, what))
      return False;
   *out = r.w;
   return True;
}

typedef struct {
   volatile Addr p;   /* the next word: kept in memory for after a fault */
   Addr e;
   void (*f)(Addr, UWord, void*);
   void* opaque;
} WordWalk;

static void walk_words(void* opaque)
{
   WordWalk* w = opaque;
   Bool check_page = True;
   while (w->p < w->e) {
      Addr p = w->p;
      if (check_page || p % VKI_PAGE_SIZE == 0) {
         check_page = False;
         if (!VG_(am_is_valid_for_client)(p, sizeof(UWord), VKI_PROT_READ)) {
            w->p = VG_PGROUNDUP(p + 1);
            check_page = True;
            continue;
         }
      }
      w->f(p, *(volatile UWord*)p, w->opaque);
      w->p = p + sizeof(UWord);
   }
}

void LK_(for_each_readable_word)(Addr start, Addr end,
                                 void (*f)(Addr, UWord, void*), void* opaque)
{
   WordWalk w;
   w.p = VG_ROUNDUP(start, sizeof(UWord));
   w.e = VG_ROUNDDN(end, sizeof(UWord));
   w.f = f;
   w.opaque = opaque;
   while (!LK_(catch_faults)(walk_words, &w, NULL, NULL))
      w.p = w.p + sizeof(UWord);   /* skip the word that faulted */
}

void LK_(fault_print_stats)(void)
{
   VG_(message)(Vg_DebugMsg,
                "leakcheck: faults: %llu seen in client code, %llu reported\n",
                n_faults_seen, n_faults_reported);
}

/*--------------------------------------------------------------------*/
/*--- end                                                 lk_fault.c ---*/
/*--------------------------------------------------------------------*/
