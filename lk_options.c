/*--------------------------------------------------------------------*/
/*--- leakcheck: command-line options.                             ---*/
/*---                                                lk_options.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   One table describes every option leakcheck understands: its name,
   type, default, help text and variable.  The parser, --help and the
   option list in docs/manual.md all follow it.  Names, defaults and
   value syntax are Memcheck's wherever Memcheck has the option, and a
   bad value is rejected with the same wording Valgrind uses for its
   own options (VG_(fmsg_bad_option)).

   Memcheck options that only make sense with definedness tracking
   (--undef-value-errors, --track-origins,
   --expensive-definedness-checks) are accepted, checked for a valid
   value, and answered with a one-line note: CTest, Test::Valgrind and
   many CI scripts pass them by habit, and refusing them would stop
   those users at startup.
*/

#include "pub_tool_basics.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_options.h"
#include "pub_tool_replacemalloc.h"
#include "lk_include.h"

/*------------------------------------------------------------*/
/*--- The option variables and their defaults              ---*/
/*------------------------------------------------------------*/

LK_LeakMode LK_(clo_leak_check)            = LK_LeakSummary;
VgRes       LK_(clo_leak_resolution)       = Vg_HighRes;
UInt        LK_(clo_show_leak_kinds)       = LK_KINDS_DEFAULT;
UInt        LK_(clo_error_for_leak_kinds)  = LK_KINDS_DEFAULT;
UInt        LK_(clo_leak_check_heuristics) = LK_HEURS_ALL;
Long        LK_(clo_freelist_vol)          = 20 * 1000 * 1000LL;
Long        LK_(clo_freelist_big_blocks)   = 1 * 1000 * 1000LL;
LK_KeepStacktraces LK_(clo_keep_stacktraces) = KS_alloc_and_free;
Int         LK_(clo_malloc_fill)           = -1;
Int         LK_(clo_free_fill)             = -1;
Bool        LK_(clo_show_mismatched_frees) = True;
Bool        LK_(clo_show_realloc_size_zero) = True;
Bool        LK_(clo_check_accesses)        = True;
Bool        LK_(clo_size_classes)          = False;
Bool        LK_(clo_partial_loads_ok)      = True;
Bool        LK_(clo_xtree_leak)            = False;
const HChar* LK_(clo_xtree_leak_file)      = "xtleak.kcg.%p";
Int         LK_(clo_xml_protocoltool)     = LK_NameMemcheck;
const HChar* LK_(clo_sarif_file)           = NULL;
const HChar* LK_(clo_sarif_srcroot)        = NULL;

/* Memcheck-only options: remembered only to print the note. */
static Bool clo_undef_value_errors = True;
static Bool clo_track_origins = False;
static Int  clo_expensive_definedness_checks = 1;   /* auto */
static Bool clo_workaround_gcc296_bugs = False;

/* Which notes to print in post_clo_init (bit per option above). */
static UInt notes_due = 0;

/*------------------------------------------------------------*/
/*--- The table                                            ---*/
/*------------------------------------------------------------*/

typedef enum {
   OPT_BOOL,        /* yes|no -> Bool */
   OPT_CHOICE,      /* one of 'values' (|-separated) -> Int from choice_vals */
   OPT_KINDS,       /* leak kind set -> UInt */
   OPT_HEURS,       /* heuristic set -> UInt */
   OPT_INT,         /* decimal in [lo, hi] -> Long */
   OPT_HEX,         /* hexadecimal in [lo, hi] -> Int */
   OPT_STR,         /* any string -> const HChar* */
   OPT_SHOW_REACHABLE,   /* yes|no, edits --show-leak-kinds */
   OPT_SHOW_POSSIBLY,    /* yes|no, edits --show-leak-kinds */
} OptType;

typedef struct {
   const HChar* name;         /* "--leak-check" */
   OptType      type;
   Clo_Mode     modes;        /* cloP, or cloPD if changeable at run time */
   const HChar* values;       /* what --help shows after '=' */
   const HChar* deflt;        /* default shown by --help, NULL for none */
   const HChar* help;
   void*        var;
   Long         lo, hi;       /* OPT_INT / OPT_HEX bounds */
   const Int*   choice_vals;  /* OPT_CHOICE: value of each alternative */
   Int          note;         /* >0: Memcheck-only, note number */
} OptDesc;

static const Int leak_check_vals[]  = { LK_LeakOff, LK_LeakSummary,
                                        LK_LeakFull, LK_LeakFull };
static const Int resolution_vals[]  = { Vg_LowRes, Vg_MedRes, Vg_HighRes };
static const Int keep_stack_vals[]  = { KS_alloc, KS_free, KS_alloc_and_free,
                                        KS_alloc_then_free, KS_none };
static const Int edc_vals[]         = { 0, 1, 2 };
static const Int ptool_vals[]       = { LK_NameMemcheck, LK_NameLeakcheck };
static const Int fast_stack_vals[]  = { LK_FAST_STACKS_YES, LK_FAST_STACKS_NO,
                                        LK_FAST_STACKS_VERIFY };

enum { NOTE_NONE = 0, NOTE_UNDEF = 1, NOTE_ORIGINS, NOTE_PLO, NOTE_EDC,
       NOTE_GCC296, NOTE_BELOW_SP };

static const OptDesc options[] = {
   { "--leak-check", OPT_CHOICE, cloPD, "no|summary|full|yes", "summary",
     "search for memory leaks at exit?",
     &LK_(clo_leak_check), 0, 0, leak_check_vals, 0 },
   { "--leak-resolution", OPT_CHOICE, cloP, "low|med|high", "high",
     "differentiation of leak stack traces",
     &LK_(clo_leak_resolution), 0, 0, resolution_vals, 0 },
   { "--show-leak-kinds", OPT_KINDS, cloPD, "kind1,kind2,..",
     "definite,possible", "which leak kinds to show?",
     &LK_(clo_show_leak_kinds), 0, 0, NULL, 0 },
   { "--errors-for-leak-kinds", OPT_KINDS, cloPD, "kind1,kind2,..",
     "definite,possible", "which leak kinds are errors?",
     &LK_(clo_error_for_leak_kinds), 0, 0, NULL, 0 },
   { "--leak-check-heuristics", OPT_HEURS, cloPD, "heur1,heur2,..", "all",
     "which heuristics to use for improving leak search false positive",
     &LK_(clo_leak_check_heuristics), 0, 0, NULL, 0 },
   { "--show-reachable", OPT_SHOW_REACHABLE, cloPD, "yes|no", NULL,
     "yes: same as --show-leak-kinds=all; no: removes reachable",
     NULL, 0, 0, NULL, 0 },
   { "--show-possibly-lost", OPT_SHOW_POSSIBLY, cloPD, "yes|no", NULL,
     "adds possible to (yes) or removes it from (no) --show-leak-kinds",
     NULL, 0, 0, NULL, 0 },
   { "--xtree-leak", OPT_BOOL, cloP, "no|yes", "no",
     "output leak result in xtree format?",
     &LK_(clo_xtree_leak), 0, 0, NULL, 0 },
   { "--xtree-leak-file", OPT_STR, cloP, "<file>", "xtleak.kcg.%p",
     "xtree leak report file",
     &LK_(clo_xtree_leak_file), 0, 0, NULL, 0 },
   { "--check-accesses", OPT_BOOL, cloP, "yes|no", "yes",
     "check heap loads and stores (no: leak checking only, fastest)",
     &LK_(clo_check_accesses), 0, 0, NULL, 0 },
   { "--size-classes", OPT_BOOL, cloP, "no|yes", "no",
     "leakcheck only: serve small blocks from size-class runs (faster; "
     "block addresses differ from Memcheck's)",
     &LK_(clo_size_classes), 0, 0, NULL, 0 },
   { "--partial-loads-ok", OPT_BOOL, cloP, "no|yes", "yes",
     "aligned word and vector loads partly in a block are no error?",
     &LK_(clo_partial_loads_ok), 0, 0, NULL, 0 },
   { "--freelist-vol", OPT_INT, cloPD, "<number>", "20000000",
     "volume of freed blocks queue",
     &LK_(clo_freelist_vol), 0, 10*1000*1000*1000LL, NULL, 0 },
   { "--freelist-big-blocks", OPT_INT, cloPD, "<number>", "1000000",
     "releases first blocks with size>=",
     &LK_(clo_freelist_big_blocks), 0, 10*1000*1000*1000LL, NULL, 0 },
   { "--keep-stacktraces",  OPT_CHOICE, cloP,
     "alloc|free|alloc-and-free|alloc-then-free|none", "alloc-and-free",
     "stack trace(s) to keep for malloc'd/free'd areas",
     &LK_(clo_keep_stacktraces), 0, 0, keep_stack_vals, 0 },
   { "--malloc-fill", OPT_HEX, cloP, "<hexnumber>", NULL,
     "fill malloc'd areas with given value",
     &LK_(clo_malloc_fill), 0x00, 0xFF, NULL, 0 },
   { "--free-fill", OPT_HEX, cloP, "<hexnumber>", NULL,
     "fill free'd areas with given value",
     &LK_(clo_free_fill), 0x00, 0xFF, NULL, 0 },
   { "--fast-stack-traces", OPT_CHOICE, cloP, "yes|no|verify", "yes",
     "memoise the unwinding of allocation and free stacks (verify: "
     "compare with Valgrind's unwinder, stop at a difference)",
     &LK_(clo_fast_stack_traces), 0, 0, fast_stack_vals, 0 },
   { "--track-leak-origins", OPT_BOOL, cloP, "no|yes", "no",
     "leakcheck only: say where the last pointer to each lost block was "
     "lost (slower)",
     &LK_(clo_track_leak_origins), 0, 0, NULL, 0 },
   { "--show-mismatched-frees", OPT_BOOL, cloPD, "no|yes", "yes",
     "show frees that don't match the allocator?",
     &LK_(clo_show_mismatched_frees), 0, 0, NULL, 0 },
#if LK_VG_AT_LEAST(3, 21)
   /* Memcheck's from 3.21, when the preload started passing realloc(p, 0)
      on (lk_heap.c); its help text lost a typo by 3.27. */
   { "--show-realloc-size-zero", OPT_BOOL, cloPD, "no|yes", "yes",
#  if LK_VG_AT_LEAST(3, 27)
     "show reallocs with a size of zero?",
#  else
     "show realocs with a size of zero?",
#  endif
     &LK_(clo_show_realloc_size_zero), 0, 0, NULL, 0 },
#endif
   /* Read from the command line in pre_clo_init already (lk_main.c), as
      the core prints it before the options reach the tool; this entry
      validates it and lists it in --help. */
   { "--xml-protocoltool", OPT_CHOICE, cloP, "memcheck|leakcheck", "memcheck",
     "tool name in XML <protocoltool> and <tool> (memcheck: the name XML "
     "consumers accept)",
     &LK_(clo_xml_protocoltool), 0, 0, ptool_vals, 0 },
   /* leakcheck only: the SARIF log (lk_sarif_glue.c, docs/sarif.md). */
   { "--sarif-file", OPT_STR, cloP, "<file>", NULL,
     "leakcheck only: also write the errors and loss records as a "
     "SARIF 2.1.0 log to <file> (%p, %q{VAR} as for --xml-file)",
     &LK_(clo_sarif_file), 0, 0, NULL, 0 },
   { "--sarif-srcroot", OPT_STR, cloP, "<dir>", NULL,
     "leakcheck only: SARIF source paths under <dir> relative to it",
     &LK_(clo_sarif_srcroot), 0, 0, NULL, 0 },
   /* Accepted for Memcheck compatibility; leakcheck tracks no
      definedness, so these change nothing. */
   { "--undef-value-errors", OPT_BOOL, cloP, "no|yes", "yes",
     "Memcheck only: accepted, no effect",
     &clo_undef_value_errors, 0, 0, NULL, NOTE_UNDEF },
   { "--track-origins", OPT_BOOL, cloP, "no|yes", "no",
     "Memcheck only: accepted, no effect",
     &clo_track_origins, 0, 0, NULL, NOTE_ORIGINS },
   { "--expensive-definedness-checks", OPT_CHOICE, cloP, "no|auto|yes",
     "auto", "Memcheck only: accepted, no effect",
     &clo_expensive_definedness_checks, 0, 0, edc_vals, NOTE_EDC },
   { "--workaround-gcc296-bugs", OPT_BOOL, cloP, "no|yes", "no",
     "Memcheck only, deprecated: accepted, no effect",
     &clo_workaround_gcc296_bugs, 0, 0, NULL, NOTE_GCC296 },
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

/*------------------------------------------------------------*/
/*--- Parsing                                              ---*/
/*------------------------------------------------------------*/

/* Index of 'val' among the '|'-separated 'alts', or -1. */
static Int choice_index(const HChar* alts, const HChar* val)
{
   Int idx = 0;
   const HChar* p = alts;
   SizeT vlen = VG_(strlen)(val);
   while (*p) {
      const HChar* q = p;
      while (*q && *q != '|') q++;
      if ((SizeT)(q - p) == vlen && VG_(strncmp)(p, val, vlen) == 0)
         return idx;
      idx++;
      p = *q ? q + 1 : q;
   }
   return -1;
}

/* "a, b or c" from "a|b|c", for error messages. */
static void alts_for_message(const HChar* alts, HChar* buf, SizeT n)
{
   SizeT o = 0, n_alts = 1, k = 0;
   const HChar* p;
   for (p = alts; *p; p++) if (*p == '|') n_alts++;
   for (p = alts; *p && o + 6 < n; p++) {
      if (*p == '|') {
         k++;
         const HChar* sep = (k == n_alts - 1) ? " or " : ", ";
         while (*sep && o + 1 < n) buf[o++] = *sep++;
      } else {
         buf[o++] = *p;
      }
   }
   buf[o] = '\0';
}

static Bool parse_one(const OptDesc* d, const HChar* arg, const HChar* val)
{
   switch (d->type) {
   case OPT_BOOL:
   case OPT_SHOW_REACHABLE:
   case OPT_SHOW_POSSIBLY: {
      Bool b;
      if (VG_STREQ(val, "yes")) b = True;
      else if (VG_STREQ(val, "no")) b = False;
      else {
         VG_(fmsg_bad_option)(arg, "Invalid boolean value '%s'"
                              " (should be 'yes' or 'no')\n", val);
         return False;
      }
      if (d->type == OPT_BOOL) {
         *(Bool*)d->var = b;
      } else if (d->type == OPT_SHOW_REACHABLE) {
         if (b) LK_(clo_show_leak_kinds) = LK_KINDS_ALL;
         else   LK_(clo_show_leak_kinds) &= ~LK_KIND_BIT(LK_Reachable);
      } else {
         if (b) LK_(clo_show_leak_kinds) |= LK_KIND_BIT(LK_Possible);
         else   LK_(clo_show_leak_kinds) &= ~LK_KIND_BIT(LK_Possible);
      }
      return True;
   }
   case OPT_CHOICE: {
      Int i = choice_index(d->values, val);
      if (i < 0) {
         HChar alts[200];
         alts_for_message(d->values, alts, sizeof alts);
         VG_(fmsg_bad_option)(arg, "Invalid value '%s' (should be %s)\n",
                              val, alts);
         return False;
      }
      *(Int*)d->var = d->choice_vals[i];
      return True;
   }
   case OPT_KINDS:
   case OPT_HEURS: {
      unsigned set;
      int ok = d->type == OPT_KINDS ? lk_parse_kinds(val, &set)
                                    : lk_parse_heuristics(val, &set);
      if (!ok) {
         VG_(fmsg_bad_option)(arg, "%s is an invalid %s set\n",
                              val, d->name + 2);
         return False;
      }
      *(UInt*)d->var = set;
      return True;
   }
   case OPT_INT:
   case OPT_HEX: {
      HChar* end;
      Long n = d->type == OPT_INT ? VG_(strtoll10)(val, &end)
                                  : VG_(strtoll16)(val, &end);
      if (*val == '\0' || *end != '\0') {
         VG_(fmsg_bad_option)(arg, "Invalid integer value '%s'\n", val);
         return False;
      }
      if (n < d->lo || n > d->hi) {
         VG_(fmsg_bad_option)(arg,
            "'%s' argument must be between %lld and %lld\n",
            d->name, d->lo, d->hi);
         return False;
      }
      if (d->type == OPT_INT) *(Long*)d->var = n;
      else                    *(Int*)d->var = (Int)n;
      return True;
   }
   case OPT_STR:
      *(const HChar**)d->var = val;
      return True;
   }
   return False;
}

/* --ignore-range-below-sp=FIRST-LAST: Memcheck reports no error for
   accesses in [SP-FIRST, SP-LAST].  leakcheck does not check accesses
   below the stack pointer at all (docs/compatibility.md), so there is
   nothing to exempt; the option is validated with Memcheck's rules and
   messages, so that a command line Memcheck takes (or refuses) is taken
   (or refused) alike, and answered with a note. */
static Bool process_ignore_range_below_sp(const HChar* arg, Bool* ok)
{
   const HChar* spec = NULL;   /* not "val": VG_STR_CLOM declares one */
   UInt first = 0, last = 0;
   if (!VG_STR_CLOM(cloP, arg, "--ignore-range-below-sp", spec))
      return False;
   *ok = False;
   Bool parsed = VG_(parse_UInt)(&spec, &first) && *spec == '-';
   if (parsed) {
      spec++;
      parsed = VG_(parse_UInt)(&spec, &last) && *spec == '\0';
   }
   if (!parsed) {
      VG_(message)(Vg_DebugMsg, "ERROR: --ignore-range-below-sp: invalid "
                   "syntax.  Expected \"...=decimalnumber-decimalnumber\".\n");
      return True;
   }
   if (first > 1000 * 1000 || last > 1000 * 1000) {
      VG_(message)(Vg_DebugMsg, "ERROR: --ignore-range-below-sp: "
                   "suspiciously large offset(s): %u and %u\n", first, last);
      return True;
   }
   if (first <= last) {
      VG_(message)(Vg_DebugMsg, "ERROR: --ignore-range-below-sp: invalid "
                   "offsets (the first must be larger): %u and %u\n",
                   first, last);
      return True;
   }
   if (first - last > 4096) {
      VG_(message)(Vg_DebugMsg, "ERROR: --ignore-range-below-sp: "
                   "suspiciously large range: %u-%u (size %u)\n",
                   first, last, first - last);
      return True;
   }
   notes_due |= 1u << NOTE_BELOW_SP;
   *ok = True;
   return True;
}

Bool LK_(process_cmd_line_option)(const HChar* arg)
{
   UInt i;
   Bool ok;
   /* --ignore-ranges=0xPP-0xQQ[,...] (lk_clientreq.c). */
   if (LK_(process_ignore_ranges_option)(arg, &ok))
      return ok;
   if (process_ignore_range_below_sp(arg, &ok))
      return ok;
   for (i = 0; i < N_OPTIONS; i++) {
      const OptDesc* d = &options[i];
      SizeT len = VG_(strlen)(d->name);
      Bool recognised = VG_STREQN(len, arg, d->name)
                        && (arg[len] == '=' || arg[len] == '\0');
      if (!recognised)
         continue;
      /* check_clom marks the option as recognised, and says whether it
         may be handled in the current mode (startup or VALGRIND_CLO_CHANGE). */
      if (!VG_(check_clom)(d->modes, arg, d->name, True))
         return True;
      if (arg[len] != '=') {
         VG_(fmsg_bad_option)(arg, "Missing value (expected %s=%s)\n",
                              d->name, d->values);
         return False;
      }
      if (!parse_one(d, arg, arg + len + 1))
         return False;
      if (d->note != NOTE_NONE)
         notes_due |= 1u << d->note;
      return True;
   }
   /* --alignment, --trace-malloc, --xtree-memory and friends. */
   return VG_(replacement_malloc_process_cmd_line_option)(arg);
}

/*------------------------------------------------------------*/
/*--- --help                                               ---*/
/*------------------------------------------------------------*/

void LK_(print_usage)(void)
{
   UInt i;
   for (i = 0; i < N_OPTIONS; i++) {
      const OptDesc* d = &options[i];
      HChar left[128];
      VG_(snprintf)(left, sizeof left, "%s=%s", d->name, d->values);
      if (VG_(strlen)(left) <= 32)
         VG_(printf)("    %-32s %s", left, d->help);
      else
         VG_(printf)("    %s\n%37s%s", left, "", d->help);
      if (d->deflt)
         VG_(printf)(" [%s]", d->deflt);
      VG_(printf)("\n");
   }
   VG_(printf)(
"    --ignore-ranges=0xPP-0xQQ[,0xRR-0xSS]   assume given addresses are OK\n"
"    --ignore-range-below-sp=<number>-<number>  do not report errors for\n"
"                                     accesses at the given offsets below SP\n"
"                                     (Memcheck only: leakcheck reports none)\n");
   VG_(printf)(
"        leak kinds: definite indirect possible reachable all none\n"
"        heuristics: stdstring length64 newarray multipleinheritance all none\n");
}

void LK_(print_debug_usage)(void)
{
   VG_(printf)("    (none)\n");
}

/*------------------------------------------------------------*/
/*--- Notes for accepted Memcheck-only options             ---*/
/*------------------------------------------------------------*/

void LK_(print_option_notes)(void)
{
   UInt i;
   if (VG_(clo_verbosity) < 1)
      return;
   if (notes_due & (1u << NOTE_BELOW_SP))
      VG_(umsg)("Note: --ignore-range-below-sp is a Memcheck option about "
                "stack accesses; leakcheck reports no access below the "
                "stack pointer, so it changes nothing.\n");
   for (i = 0; i < N_OPTIONS; i++) {
      const OptDesc* d = &options[i];
      if (d->note == NOTE_NONE || !(notes_due & (1u << d->note)))
         continue;
      VG_(umsg)("Note: %s is a Memcheck option about %s; leakcheck "
                "accepts it and ignores it.\n", d->name,
                d->note == NOTE_GCC296 ? "stack accesses"
                                       : "undefined values");
   }
}

/*--------------------------------------------------------------------*/
/*--- end                                                lk_options.c ---*/
/*--------------------------------------------------------------------*/
