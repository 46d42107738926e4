/*--------------------------------------------------------------------*/
/*--- leakcheck: the Valgrind version, and the core's private      ---*/
/*--- symbols leakcheck uses.                         lk_vgcore.h ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck, a Valgrind tool that finds memory
   leaks and heap errors.  SPDX-License-Identifier: GPL-2.0-or-later

   Two things that depend on the Valgrind leakcheck is built against:

   1. LK_VG_VERSION, the version of Valgrind's headers (valgrind.h's
      __VALGRIND_MAJOR__ and __VALGRIND_MINOR__ as MAJOR * 100 + MINOR:
      319 for 3.19, 327 for 3.27), and LK_VG_AT_LEAST(3, 22) to test it.
      configure accepts 3.19 to 3.27 (docs/compatibility.md, "Valgrind
      versions", says what changes between them).

   2. The core's private symbols.  leakcheck links Valgrind's core
      statically and uses a few of its functions and variables that only
      the core's uninstalled headers (pub_core_*.h) declare.  They are
      declared here and nowhere else, in the order and with the names of
      tools/check-core-symbols, which configure runs against the core's
      library (tests/unit/check-core-symbols.sh checks that this header
      and that list agree line for line, and that the list is exactly
      what the built objects use).  Their declarations are the same in
      every Valgrind from 3.19 to 3.27 (checked against the headers of
      3.19.0, 3.24.0 and 3.27.1); where a version changes one, declare it
      here under LK_VG_AT_LEAST.
*/

#ifndef LK_VGCORE_H
#define LK_VGCORE_H

#include "pub_tool_basics.h"
#include "pub_tool_xarray.h"
#include "valgrind.h"

#if !defined(__VALGRIND_MAJOR__) || !defined(__VALGRIND_MINOR__)
#  error "valgrind.h does not say its version (__VALGRIND_MAJOR__)"
#endif
#define LK_VG_VERSION (__VALGRIND_MAJOR__ * 100 + __VALGRIND_MINOR__)
#define LK_VG_AT_LEAST(major, minor) (LK_VG_VERSION >= (major) * 100 + (minor))

/* VG_(am_shadow_alloc) (pub_tool_aspacemgr.h) returns a void* (NULL on
   failure) in 3.19 and a SysRes in 3.24 and 3.27; the version in
   between that changed it is not known here, so the declaration's type
   chooses: LK_SHADOW_ALLOC(size) is the address, or NULL. */
static inline void* lk_shadow_res_ptr(void* p) { return p; }
static inline void* lk_shadow_res_sysres(SysRes r)
{
   return sr_isError(r) ? NULL : (void*)sr_Res(r);
}
#define LK_SHADOW_ALLOC(size)                                         \
   _Generic(&VG_(am_shadow_alloc), SysRes (*)(SizeT): lk_shadow_res_sysres, \
            default: lk_shadow_res_ptr)(VG_(am_shadow_alloc)(size))

/* The register set VG_(use_CF_info) unwinds (pub_core_debuginfo.h's
   D3UnwindRegs on amd64). */
typedef struct { Addr xip; Addr xsp; Addr xbp; } LK_D3UnwindRegs;

/* Each line: symbol -- private header -- what leakcheck uses it for. */

/* pub_core_errormgr.h -- appends a suppressions file to the list and,
   once the core has loaded the list, reads it at once with the tool's
   current details name (lk_errors.c: entries naming Leakcheck). */
extern void VG_(add_suppression_file)(const HChar* filename);
/* pub_core_options.h -- the largest SP change treated as a frame
   (lk_translate.c). */
extern Word VG_(clo_max_stackframe);
/* pub_core_options.h -- --merge-recursive-frames (lk_stacktrace.c). */
extern Int VG_(clo_merge_recursive_frames);
/* pub_core_options.h -- the core turns inline-frame reading on by
   default only for tools it knows by name; leakcheck sets it in
   pre_clo_init, before the user's --read-inline-info is parsed, to
   match Memcheck (lk_main.c). */
extern Bool VG_(clo_read_inline_info);
/* pub_core_options.h -- the --suppressions files, default.supp last
   (lk_errors.c). */
extern XArray* VG_(clo_suppressions);
/* pub_core_options.h -- the --tool= name.  The core prints it in XML's
   <protocoltool> and <tool>, and matches --NAME:option prefixes against
   it; leakcheck sets it in pre_clo_init (lk_main.c, docs/xml.md). */
extern const HChar* VG_(clo_toolname);
/* pub_core_debuginfo.h -- bumped whenever debug info is loaded or
   dropped: the unwinding memo is flushed then (lk_stacktrace.c). */
extern UInt VG_(debuginfo_generation)(void);
/* pub_core_syscall.h -- raw system calls (lk_fault.c, lk_heap.c). */
extern SysRes VG_(do_syscall)(UWord sysno, RegWord, RegWord, RegWord,
                              RegWord, RegWord, RegWord, RegWord, RegWord);
/* pub_core_machine.h -- a thread's frame pointer (lk_stacktrace.c). */
extern Addr VG_(get_FP)(ThreadId tid);
/* pub_core_scheduler.h -- True while translated client code runs: a
   SIGSEGV then comes from the client (lk_fault.c), and the unwinder
   must not be entered with it set (lk_stacktrace.c). */
extern Bool VG_(in_generated_code);
/* pub_core_threadstate.h -- non-NULL only in an outer Valgrind running
   an inner one; the memoised unwinding then stands aside
   (lk_stacktrace.c).  A ThreadState* in the core; only compared. */
extern void* VG_(inner_threads);
/* pub_core_transtab.h -- True while the tool handles a client request,
   the only time it may discard translations (lk_access.c). */
extern Bool VG_(ok_to_discard_translations);
/* pub_core_libcfile.h -- moves a descriptor the tool opens into the
   core's reserved range, out of the client's way (lk_access.c). */
extern Int VG_(safe_fd)(Int oldfd);
/* pub_core_stacks.h -- the registered stack holding SP (lk_stacktrace.c). */
extern void VG_(stack_limits)(Addr SP, Addr* start, Addr* end);
/* pub_core_stacks.h -- the core's handling of an SP change it cannot
   classify (stack-switch detection and the "client switching stacks?"
   warning); with no stack events tracked it changes nothing else
   (lk_translate.c). */
extern VG_REGPARM(2) void VG_(unknown_SP_update)(Addr old_SP, Addr new_SP);
/* pub_core_debuginfo.h -- one step of CFI unwinding (lk_stacktrace.c). */
extern Bool VG_(use_CF_info)(LK_D3UnwindRegs* uregs, Addr min_accessible,
                             Addr max_accessible);

#endif /* LK_VGCORE_H */

/*--------------------------------------------------------------------*/
/*--- end                                              lk_vgcore.h ---*/
/*--------------------------------------------------------------------*/
