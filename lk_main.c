/*--------------------------------------------------------------------*/
/*--- leakcheck: a Valgrind tool for memory leaks and heap errors. ---*/
/*---                                                    lk_main.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck, a Valgrind tool that finds memory
   leaks and heap errors in unmodified C and C++ programs and reports
   them as Memcheck does.

   SPDX-License-Identifier: GPL-2.0-or-later

   This program is free software; you can redistribute it and/or modify
   it under the terms of the GNU General Public License as published by
   the Free Software Foundation; either version 2 of the License, or (at
   your option) any later version.

   This file is the tool's front door: registration with the core (the
   needs and callbacks it declares) and setup and finalisation; the
   core events it tracks are in lk_events.c.  The other glue files each own one concern
   (README, "Layout": lk_heap.c blocks, lk_errors.c errors and
   suppressions, lk_clientreq.c client requests, lk_monitor.c monitor
   commands, lk_scan.c the leak search, lk_translate.c the
   instrumentation, lk_options.c the options, lk_vgcore.h what depends
   on the Valgrind version); the algorithms live in the C++ core behind
   lk_core.h.
*/

#include "pub_tool_basics.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_clientstate.h"
#include "pub_tool_errormgr.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcproc.h"
#include "pub_tool_machine.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "pub_tool_replacemalloc.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_xarray.h"
#include "lk_include.h"
#include "memcheck.h"

/* Memcheck's default redzone (MC_MALLOC_DEFAULT_REDZONE_SZB). */
#define LK_MALLOC_DEFAULT_REDZONE_SZB 16

/*------------------------------------------------------------*/
/*--- The tool's name in XML and option prefixes          ---*/
/*------------------------------------------------------------*/

/* XML consumers (Qt Creator, cargo-valgrind, valparse, ...) read only
   documents whose <protocoltool> is "memcheck": the protocol says that
   name selects the grammar of <error>, and leakcheck's errors are in
   Memcheck's grammar.  The core prints <protocoltool> and <tool> from
   VG_(clo_toolname), the --tool= name, in the preamble, i.e. after the
   options are parsed and before post_clo_init; nothing of the tool runs
   in between.  So the name is chosen here, in pre_clo_init, from the
   command line (which the core has already split into
   VG_(args_for_valgrind), .valgrindrc and VALGRIND_OPTS included):
   "memcheck" unless --xml-protocoltool=leakcheck is given.

   What else reads VG_(clo_toolname) after pre_clo_init (Valgrind 3.19):
   only the --NAME:option prefix rule in m_main.c, which would now apply
   --memcheck:opt and silently skip --leakcheck:opt.  To keep
   --leakcheck:opt working, such arguments are rewritten to
   --memcheck:opt (a new string: children started with
   --trace-children=yes get the rewritten argument and treat it the same
   way).  --memcheck:opt then applies to leakcheck as it does to
   Memcheck.  The preload library path and the inline-info default were
   computed from --tool= before pre_clo_init and are unaffected; so is
   the preamble's first line ("Leakcheck, ..."), which comes from the
   details name.  docs/xml.md has the user-visible summary. */

static const HChar* ptool_opt = "--xml-protocoltool=";
static const HChar* ptool_opt_lk = "--leakcheck:xml-protocoltool=";

static void lk_choose_core_tool_name(void)
{
   Int i, n = VG_(sizeXA)(VG_(args_for_valgrind));
   Int name = LK_NameMemcheck;
   for (i = 0; i < n; i++) {
      const HChar* arg = *(HChar**)VG_(indexXA)(VG_(args_for_valgrind), i);
      const HChar* val = NULL;
      if (VG_STREQN(VG_(strlen)(ptool_opt), arg, ptool_opt))
         val = arg + VG_(strlen)(ptool_opt);
      else if (VG_STREQN(VG_(strlen)(ptool_opt_lk), arg, ptool_opt_lk))
         val = arg + VG_(strlen)(ptool_opt_lk);
      if (val)   /* a bad value is reported by the option parser */
         name = VG_STREQ(val, "leakcheck") ? LK_NameLeakcheck
                                           : LK_NameMemcheck;
   }
   LK_(clo_xml_protocoltool) = name;
   if (name == LK_NameLeakcheck)
      return;

   VG_(clo_toolname) = "memcheck";
   for (i = 0; i < n; i++) {
      HChar** argp = (HChar**)VG_(indexXA)(VG_(args_for_valgrind), i);
      if (VG_STREQN(12, *argp, "--leakcheck:")) {
         HChar* re = VG_(malloc)("lk.toolname.1", VG_(strlen)(*argp) + 1);
         VG_(sprintf)(re, "--memcheck:%s", *argp + 12);
         *argp = re;   /* never freed, as the core's own copies */
      }
   }
}

/* After option parsing: the value must be the one pre_clo_init saw.  It
   differs only if it came through a --memcheck: prefix. */
static void lk_check_core_tool_name(void)
{
   Int used = VG_STREQ(VG_(clo_toolname), "memcheck") ? LK_NameMemcheck
                                                       : LK_NameLeakcheck;
   if (LK_(clo_xml_protocoltool) == used)
      return;
   /* Option parsing is over, so the core's bad-option message no longer
      exits by itself; close the XML document as the core does on its
      own fatal errors after the preamble. */
   if (VG_(clo_xml))
      VG_(printf_xml)("</valgrindoutput>\n");
   VG_(fmsg_bad_option)("--memcheck:xml-protocoltool=leakcheck",
      "give it as --xml-protocoltool=leakcheck or "
      "--leakcheck:xml-protocoltool=leakcheck\n");
   VG_(exit)(1);
}

/* VALGRIND_GET_TOOLNAME (valgrind.h of Valgrind 3.27 on) is answered by
   the core, from VG_(clo_toolname): without more, a client asking which
   tool runs it would be told "memcheck".  It is told "leakcheck", the
   --tool= it was started with (docs/client-requests.md says why), while
   the XML keeps "memcheck": the name goes back to "leakcheck" once the
   preamble is printed (post_clo_init), except while a forked child
   prints its own preamble.  That happens in the core's atfork child
   handler (VG_(logging_atfork_child), when --xml-file or --log-file has
   %p), which the core registers while parsing options, before ours: so
   the name is "memcheck" from our pre-fork handler on, and "leakcheck"
   again in our parent and child handlers, which run after the core's.
   Other readers of the name after the preamble (3.27's m_main.c,
   m_redir.c, m_scheduler): the --NAME:option prefix rule of options
   changed at run time (monitor v.clo, VALGRIND_CLO_CHANGE), which then
   applies --leakcheck:opt as for any tool, and a check for "callgrind". */
#if LK_VG_AT_LEAST(3, 27)
static void lk_toolname_for_xml(ThreadId tid)
{
   VG_(clo_toolname) = "memcheck";
}

static void lk_toolname_for_clients(ThreadId tid)
{
   VG_(clo_toolname) = "leakcheck";
}
#endif

static void lk_name_the_tool_to_clients(void)
{
#if LK_VG_AT_LEAST(3, 27)
   if (LK_(clo_xml_protocoltool) != LK_NameMemcheck)
      return;                    /* the core's name is "leakcheck" already */
   lk_toolname_for_clients(0);
   VG_(atfork)(lk_toolname_for_xml, lk_toolname_for_clients,
               lk_toolname_for_clients);
#endif
}

/*------------------------------------------------------------*/
/*--- Setup and finalisation                               ---*/
/*------------------------------------------------------------*/

static void lk_post_clo_init(void)
{
   lk_check_core_tool_name();
   lk_name_the_tool_to_clients();
   if (VG_(clo_xml)) {
      /* XML consumers get every leak, as with Memcheck. */
      LK_(clo_leak_check) = LK_LeakFull;
   }
   if (LK_(clo_freelist_big_blocks) >= LK_(clo_freelist_vol)
       && VG_(clo_verbosity) == 1 && !VG_(clo_xml)) {
      VG_(message)(Vg_UserMsg,
                   "Warning: --freelist-big-blocks value %lld has no effect\n"
                   "as it is >= to --freelist-vol value %lld\n",
                   LK_(clo_freelist_big_blocks), LK_(clo_freelist_vol));
   }
   LK_(print_option_notes)();
   LK_(heap_post_clo_init)();
   LK_(clientreq_post_clo_init)();
   LK_(origin_post_clo_init)();
   LK_(sarif_post_clo_init)();

   /* The preamble has been printed with leakcheck's own name.  From now
      on the tool answers to "Memcheck" in suppression files: entries
      written "Memcheck:Leak", "Memcheck:Addr8", ... (Valgrind's
      default.supp, GLib, Qt, Python, and every user's own file) then
      apply unchanged, and --gen-suppressions writes entries that both
      tools accept.  See docs/compatibility.md. */
   VG_(details_name)("Memcheck");
}

static void lk_fini(Int exitcode)
{
   LK_(xtmemory_report)(VG_(clo_xtree_memory_file), True);
   if (VG_(clo_stats)) {
      LK_(shadow_print_stats)();
      LK_(heap_print_stats)();
      LK_(fault_print_stats)();
      LK_(stack_print_stats)();
      LK_(clientcall_print_stats)();
      LK_(stacktrace_print_stats)();
      if (LK_(clo_track_leak_origins))
         LK_(origin_print_stats)();
   }
   LK_(print_heap_summary)();

   if (LK_(clo_leak_check) != LK_LeakOff) {
      LK_LeakParams lcp;
      HChar* xt_filename = NULL;
      lcp.mode = LK_(clo_leak_check);
      lcp.show_kinds = LK_(clo_show_leak_kinds);
      lcp.error_kinds = LK_(clo_error_for_leak_kinds);
      lcp.heuristics = LK_(clo_leak_check_heuristics);
      lcp.delta = LK_DeltaAny;
      lcp.max_records = 999999999;
      lcp.by_monitor = 0;
      lcp.vg_version = LK_VG_VERSION;
      if (LK_(clo_xtree_leak)) {
         /* As Memcheck: a full search of every kind, into the file. */
         xt_filename = VG_(expand_file_name)("--xtree-leak-file",
                                             LK_(clo_xtree_leak_file));
         lcp.mode = LK_LeakFull;
         lcp.show_kinds = LK_KINDS_ALL;
      }
      /* The client is done: its heap's shadow makes room for the
         search (lk_access.c). */
      LK_(shadow_drop_heap)();
      LK_(detect_memory_leaks)(1 /* as Memcheck: a bogus ThreadId */, &lcp,
                               xt_filename);
      if (xt_filename)
         VG_(free)(xt_filename);
   } else if (VG_(clo_verbosity) == 1 && !VG_(clo_xml)) {
      VG_(umsg)("For a detailed leak analysis, rerun with: "
                "--leak-check=full\n\n");
   }

   LK_(clientreq_fini)();
   LK_(sarif_fini)();
}

static void lk_pre_clo_init(void)
{
   VG_(details_name)            ("Leakcheck");
   VG_(details_version)         (NULL);
   VG_(details_description)     ("a memory leak and heap error detector");
   VG_(details_copyright_author)(
      "Copyright (C) 2026, the leakcheck authors; GNU GPL'd.");
   VG_(details_bug_reports_to)  (VG_BUGS_TO);
   VG_(details_avg_translation_sizeB)(400);

   /* Before the core parses the options and prints the preamble. */
   lk_choose_core_tool_name();

   VG_(basic_tool_funcs)        (lk_post_clo_init, LK_(instrument), lk_fini);

#if LK_VG_AT_LEAST(3, 23)
   VG_(needs_core_errors)       (True);   /* --track-fds errors, as Memcheck */
#else
   VG_(needs_core_errors)       ();
#endif
   VG_(needs_tool_errors)       (LK_(eq_Error),
                                 LK_(before_pp_Error),
                                 LK_(pp_Error),
                                 True, /* show thread ids for errors */
                                 LK_(update_Error_extra),
                                 LK_(is_recognised_suppression),
                                 LK_(read_extra_suppression_info),
                                 LK_(error_matches_suppression),
                                 LK_(get_error_name),
                                 LK_(get_extra_suppression_info),
                                 LK_(print_extra_suppression_use),
                                 LK_(update_extra_suppression_use));
   /* Run glibc's and libstdc++'s freeres hooks before the exit search,
      so library pools do not show up as leaks (as with Memcheck). */
   VG_(needs_libc_freeres)      ();
   VG_(needs_cxx_freeres)       ();
   VG_(needs_command_line_options)(LK_(process_cmd_line_option),
                                   LK_(print_usage),
                                   LK_(print_debug_usage));
   VG_(needs_client_requests)   (LK_(handle_client_request));
   VG_(needs_malloc_replacement)(LK_(malloc),
                                 LK_(__builtin_new),
                                 LK_(__builtin_new_aligned),
                                 LK_(__builtin_vec_new),
                                 LK_(__builtin_vec_new_aligned),
                                 LK_(memalign),
                                 LK_(calloc),
                                 LK_(free),
                                 LK_(__builtin_delete),
                                 LK_(__builtin_delete_aligned),
                                 LK_(__builtin_vec_delete),
                                 LK_(__builtin_vec_delete_aligned),
                                 LK_(realloc),
                                 LK_(malloc_usable_size),
                                 LK_MALLOC_DEFAULT_REDZONE_SZB);
   LK_(Malloc_Redzone_SzB) = VG_(malloc_effective_client_redzone_size)();
   VG_(needs_xml_output)        ();

   /* The core's events: every tracker is registered there. */
   LK_(events_init)();

   /* Inline frames in stacks by default, as for Memcheck (the core sets
      this default only for the tools it knows by name). */
   VG_(clo_read_inline_info) = True;

   LK_(heap_init)();
   LK_(scan_init)();
   LK_(clientreq_init)();
   LK_(shadow_init)();
}

VG_DETERMINE_INTERFACE_VERSION(lk_pre_clo_init)

/*--------------------------------------------------------------------*/
/*--- end                                                    lk_main.c ---*/
/*--------------------------------------------------------------------*/
