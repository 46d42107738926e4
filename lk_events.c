/*--------------------------------------------------------------------*/
/*--- leakcheck: the core's events, and who hears of them (glue).  ---*/
/*---                                                  lk_events.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   Every tracker leakcheck registers with the core (VG_(track_*)) and
   its system-call wrapper are here, and so is the fan-out of each event
   to the modules that must hear of it.  A module has one entry point
   per kind of event, named after the module:

     memory mapped anew or unmapped (mmap, munmap, brk, mremap):
       LK_(scan_mem_mapped)       lk_scan.c      dead and parked stacks
       LK_(clientreq_mem_mapped)  lk_clientreq.c client marks (only if
                                                 LK_(have_client_marks))
       LK_(shadow_mem_mapped)     lk_access.c    the shadow, heap ranges
     permissions of mappings (mmap, munmap, mremap, mprotect, start-up):
       LK_(shadow_mem_perms)      lk_access.c    no-permission mappings
     pointers in memory die (munmap, system-call writes):
       LK_(origin_mem_dies)       lk_origin.c    (--track-leak-origins)
     system-call memory checks (pre_mem_read/_asciiz/_write, post_mem_write):
       LK_(shadow_pre_mem_*), LK_(shadow_post_mem_write)  lk_access.c
     a new heap block (from lk_heap.c, LK_(event_heap_block_new) in
     lk_include.h): LK_(clientreq_mem_mapped), as Memcheck re-marks it.

   The fan-out for each event is the same as before this file existed
   (what Memcheck's trackers do, for the parts leakcheck keeps).
*/

#include "pub_tool_basics.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_vki.h"
#include "pub_tool_vkiscnums.h"
#include "lk_include.h"

/*------------------------------------------------------------*/
/*--- Threads and the client's start                       ---*/
/*------------------------------------------------------------*/

/* The first time client code is about to run: the core has read the
   suppressions files by now (after post_clo_init), and no error has
   been recorded yet. */
static Bool lk_client_started = False;
static void lk_start_client_code(ThreadId tid, ULong bbs_done)
{
   if (LIKELY(lk_client_started))
      return;
   lk_client_started = True;
   LK_(load_leakcheck_suppressions)();
   LK_(fault_client_starts)();
}

static void lk_pre_thread_ll_exit(ThreadId tid)
{
   LK_(thread_exiting)(tid);
}

/*------------------------------------------------------------*/
/*--- Mappings                                             ---*/
/*------------------------------------------------------------*/

/* [a, a+len) mapped anew or unmapped: what was known of it goes. */
static void mem_mapped(Addr a, SizeT len)
{
   LK_(scan_mem_mapped)(a, len);
   if (UNLIKELY(LK_(have_client_marks)))
      LK_(clientreq_mem_mapped)(a, len);
   LK_(shadow_mem_mapped)(a, len);
}

static void lk_new_mem_mmap(Addr a, SizeT len, Bool rr, Bool ww, Bool xx,
                            ULong di_handle)
{
   mem_mapped(a, len);
   LK_(shadow_mem_perms)(a, len, rr || ww || xx);
}

static void lk_die_mem_munmap(Addr a, SizeT len)
{
   mem_mapped(a, len);
   LK_(shadow_mem_perms)(a, len, True);
}

static void lk_new_mem_brk(Addr a, SizeT len, ThreadId tid)
{
   LK_(shadow_mem_mapped)(a, len);
}

static void lk_copy_mem_remap(Addr from, Addr to, SizeT len)
{
   /* Before the new range's permissions change: the old range's. */
   Bool any_perm = LK_(shadow_mem_any_perm)(from, len);
   LK_(shadow_mem_mapped)(to, len);
   LK_(shadow_mem_perms)(to, len, any_perm);
}

static void lk_change_mem_mprotect(Addr a, SizeT len, Bool rr, Bool ww, Bool xx)
{
   /* mprotect(PROT_NONE) of accessible memory changes nothing. */
   if (rr || ww || xx)
      LK_(shadow_mem_perms)(a, len, True);
}

static void lk_new_mem_startup(Addr a, SizeT len, Bool rr, Bool ww, Bool xx,
                               ULong di_handle)
{
   if (!(rr || ww || xx))
      LK_(shadow_mem_perms)(a, len, False);
}

/*------------------------------------------------------------*/
/*--- System calls                                         ---*/
/*------------------------------------------------------------*/

/* A system call is about to write [base, base+size): leak origins see
   the pointers there die (then the usual check). */
static void lk_pre_mem_write(CorePart part, ThreadId tid, const HChar* s,
                             Addr base, SizeT size)
{
   if (UNLIKELY(LK_(clo_track_leak_origins)) && part == Vg_CoreSysCall)
      LK_(origin_mem_dies)(tid, base, size, False);
   LK_(shadow_pre_mem_read)(part, tid, s, base, size);
}

static void lk_pre_syscall(ThreadId tid, UInt sysno, UWord* args, UInt nArgs)
{
   /* Leak origins: the pointers in memory about to be unmapped die. */
   if (UNLIKELY(LK_(clo_track_leak_origins)) && sysno == __NR_munmap
       && nArgs >= 2)
      LK_(origin_mem_dies)(tid, args[0], args[1], True);
   /* The client's exit status, for the SARIF log. */
   if (UNLIKELY(LK_(sarif_on)))
      LK_(sarif_pre_syscall)(sysno, args, nArgs);
}

static void lk_post_syscall(ThreadId tid, UInt sysno, UWord* args, UInt nArgs,
                            SysRes res)
{
   if (UNLIKELY(sysno == __NR_rt_sigaction))
      LK_(fault_after_sigaction)();
}

/*------------------------------------------------------------*/
/*--- Registration                                         ---*/
/*------------------------------------------------------------*/

void LK_(events_init)(void)
{
   VG_(track_pre_thread_ll_exit)  (lk_pre_thread_ll_exit);
   VG_(track_start_client_code)   (lk_start_client_code);

   VG_(track_new_mem_mmap)        (lk_new_mem_mmap);
   VG_(track_die_mem_munmap)      (lk_die_mem_munmap);
   VG_(track_new_mem_brk)         (lk_new_mem_brk);
   VG_(track_copy_mem_remap)      (lk_copy_mem_remap);
   VG_(track_change_mem_mprotect) (lk_change_mem_mprotect);
   VG_(track_new_mem_startup)     (lk_new_mem_startup);

   VG_(track_pre_mem_read)        (LK_(shadow_pre_mem_read));
   VG_(track_pre_mem_read_asciiz) (LK_(shadow_pre_mem_read_asciiz));
   VG_(track_pre_mem_write)       (lk_pre_mem_write);
   VG_(track_post_mem_write)      (LK_(shadow_post_mem_write));

   VG_(needs_syscall_wrapper)     (lk_pre_syscall, lk_post_syscall);
}

/*--------------------------------------------------------------------*/
/*--- end                                                lk_events.c ---*/
/*--------------------------------------------------------------------*/
