/*--------------------------------------------------------------------*/
/*--- leakcheck: gdbserver monitor commands and xtree reports.     ---*/
/*---                                                 lk_monitor.c ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   Monitor commands
   ----------------
   With --vgdb=yes, "monitor CMD" in gdb (or "vgdb CMD") reaches the
   tool as a client request.  leakcheck answers Memcheck's commands with
   Memcheck's names, arguments and output (docs/client-requests.md):

     leak_check [full*|summary|xtleak] [kinds SET|reachable|possibleleak*
                |definiteleak] [heuristics SET] [increased*|changed|any]
                [unlimited*|limited N]
     block_list LR|FROM..TO [unlimited*|limited N] [heuristics SET]
     who_points_at ADDR [LEN]
     check_memory [addressable|defined] ADDR [LEN]
     make_memory [noaccess|undefined|defined|Definedifaddressable] ADDR [LEN]
     xtmemory [FILE]
     help

   get_vbits and xb are recognised (so that abbreviations resolve as in
   Memcheck) and answer that leakcheck has no definedness bits.

   xtree reports
   -------------
   --xtree-leak=yes and "leak_check xtleak" write the loss records as an
   xtree in callgrind format (Memcheck's events RB, PB, IB, DB, DIB, ...,
   with increase and decrease variants); --xtree-memory=allocs|full and
   "xtmemory" write the heap profile through the core's xtmemory module.
*/

#include "pub_tool_basics.h"
#include "pub_tool_aspacemgr.h"
#include "pub_tool_debuginfo.h"
#include "pub_tool_execontext.h"
#include "pub_tool_xarray.h"
#include "pub_tool_addrinfo.h"
#include "pub_tool_gdbserver.h"
#include "pub_tool_hashtable.h"
#include "pub_tool_libcassert.h"
#include "pub_tool_libcbase.h"
#include "pub_tool_libcprint.h"
#include "pub_tool_libcsignal.h"
#include "pub_tool_machine.h"
#include "pub_tool_mallocfree.h"
#include "pub_tool_options.h"
#include "pub_tool_signals.h"
#include "pub_tool_threadstate.h"
#include "pub_tool_tooliface.h"
#include "pub_tool_vki.h"
#include "pub_tool_xtree.h"
#include "pub_tool_xtmemory.h"
#include "lk_include.h"

/*------------------------------------------------------------*/
/*--- xtree leak report                                    ---*/
/*------------------------------------------------------------*/

/* Per allocation stack: for each state, the value, increase and
   decrease of (bytes, indirect bytes, blocks). */
typedef struct { ULong szB, indirect_szB, num_blocks; } XT_BIBK;
enum { XT_Value = 0, XT_Increase = 1, XT_Decrease = 2 };
typedef struct { XT_BIBK vid[3]; } XT_lr;
typedef struct { XT_lr xt_lr[4]; } XT_Leak;   /* by LK_State */

static XTree* leak_xt = NULL;

static void xt_leak_init(void* xtl)
{
   VG_(memset)(xtl, 0, sizeof(XT_Leak));
}

static void xt_leak_add(void* to, const void* from)
{
   XT_Leak* t = to;
   const XT_Leak* f = from;
   Int r, d;
   for (r = 0; r < 4; r++)
      for (d = 0; d < 3; d++) {
         t->xt_lr[r].vid[d].szB += f->xt_lr[r].vid[d].szB;
         t->xt_lr[r].vid[d].indirect_szB += f->xt_lr[r].vid[d].indirect_szB;
         t->xt_lr[r].vid[d].num_blocks += f->xt_lr[r].vid[d].num_blocks;
      }
}

static void xt_leak_sub(void* from, const void* xtleak)
{
   tl_assert(0);   /* never called */
}

/* The values in the order of the events below: per (value, increase,
   decrease): total bytes of R P I D, indirect bytes of D, blocks of
   R P I D. */
static const HChar* xt_leak_img(const void* xtleak)
{
   static const XT_Leak zero;
   static HChar buf[600];
   const XT_Leak* x = xtleak;
   UInt off = 0, d, r;
   if (VG_(memcmp)(x, &zero, sizeof zero) == 0)
      return NULL;
   for (d = XT_Value; d <= XT_Decrease; d++) {
      for (r = 0; r < 4; r++)
         off += VG_(sprintf)(buf + off, " %llu",
                             x->xt_lr[r].vid[d].szB
                             + x->xt_lr[r].vid[d].indirect_szB);
      off += VG_(sprintf)(buf + off, " %llu",
                          x->xt_lr[LK_Unreached].vid[d].indirect_szB);
      for (r = 0; r < 4; r++)
         off += VG_(sprintf)(buf + off, " %llu",
                             x->xt_lr[r].vid[d].num_blocks);
   }
   return buf + 1;
}

/* Memcheck's event names, so that existing kcachegrind setups work. */
static const HChar* xt_leak_events =
   "RB : Reachable Bytes,"
   "PB : Possibly lost Bytes,"
   "IB : Indirectly lost Bytes,"
   "DB : Definitely lost Bytes (direct plus indirect),"
   "DIB : Definitely Indirectly lost Bytes (subset of DB),"
   "RBk : reachable Blocks,"
   "PBk : Possibly lost Blocks,"
   "IBk : Indirectly lost Blocks,"
   "DBk : Definitely lost Blocks,"
   "iRB : increase Reachable Bytes,"
   "iPB : increase Possibly lost Bytes,"
   "iIB : increase Indirectly lost Bytes,"
   "iDB : increase Definitely lost Bytes,"
   "iDIB : increase Definitely Indirectly lost Bytes,"
   "iRBk : increase reachable Blocks,"
   "iPBk : increase Possibly lost Blocks,"
   "iIBk : increase Indirectly lost Blocks,"
   "iDBk : increase Definitely lost Blocks,"
   "dRB : decrease Reachable Bytes,"
   "dPB : decrease Possibly lost Bytes,"
   "dIB : decrease Indirectly lost Bytes,"
   "dDB : decrease Definitely lost Bytes,"
   "dDIB : decrease Definitely Indirectly lost Bytes,"
   "dRBk : decrease reachable Blocks,"
   "dPBk : decrease Possibly lost Blocks,"
   "dIBk : decrease Indirectly lost Blocks,"
   "dDBk : decrease Definitely lost Blocks";

void LK_(xtleak_begin)(void)
{
   tl_assert(leak_xt == NULL);
   leak_xt = VG_(XT_create)(VG_(malloc), "lk.mon.leak_xt", VG_(free),
                            sizeof(XT_Leak), xt_leak_init, xt_leak_add,
                            xt_leak_sub, VG_(XT_filter_maybe_below_main));
}

static void set_delta(XT_BIBK* inc, XT_BIBK* dec, ULong now, ULong old,
                      ULong* inc_f, ULong* dec_f)
{
   if (now > old) *inc_f = now - old; else *dec_f = old - now;
}

void LK_(xtleak_add)(const LK_LossRecord* lr)
{
   XT_Leak x;
   XT_lr* l = &x.xt_lr[lr->state];
   xt_leak_init(&x);
   l->vid[XT_Value].szB = lr->szB;
   l->vid[XT_Value].indirect_szB = lr->indirect_szB;
   l->vid[XT_Value].num_blocks = lr->n_blocks;
   set_delta(&l->vid[XT_Increase], &l->vid[XT_Decrease], lr->szB,
             lr->old_szB, &l->vid[XT_Increase].szB,
             &l->vid[XT_Decrease].szB);
   set_delta(&l->vid[XT_Increase], &l->vid[XT_Decrease], lr->indirect_szB,
             lr->old_indirect_szB, &l->vid[XT_Increase].indirect_szB,
             &l->vid[XT_Decrease].indirect_szB);
   set_delta(&l->vid[XT_Increase], &l->vid[XT_Decrease], lr->n_blocks,
             lr->old_n_blocks, &l->vid[XT_Increase].num_blocks,
             &l->vid[XT_Decrease].num_blocks);
   VG_(XT_add_to_ec)(leak_xt, (ExeContext*)(Addr)lr->alloc_at, &x);
}

void LK_(xtleak_end)(const HChar* filename, Bool by_monitor)
{
   VG_(XT_callgrind_print)(leak_xt, filename, xt_leak_events, xt_leak_img);
   if (VG_(clo_verbosity) >= 1 || by_monitor)
      VG_(umsg)("xtree leak report: %s\n", filename);
   VG_(XT_delete)(leak_xt);
   leak_xt = NULL;
}

/*------------------------------------------------------------*/
/*--- xtree memory report                                  ---*/
/*------------------------------------------------------------*/

static void xtmemory_next_block(XT_Allocs* xta, ExeContext** ec_alloc)
{
   LK_Chunk* ch = LK_(live_iter_next)();
   if (ch) {
      xta->nbytes = ch->szB;
      xta->nblocks = 1;
      *ec_alloc = LK_(allocated_at)(ch);
   } else {
      xta->nblocks = 0;
   }
}

void LK_(xtmemory_report)(const HChar* filename, Bool fini)
{
   /* What VG_(XTMemory_report) does first: without --xtree-memory, the
      report at exit is nothing, and the block table, whose insertions
      wait until something reads it (lk_heap.c), is not built for it. */
   if (fini && VG_(clo_xtree_memory) == Vg_XTMemory_None)
      return;
   LK_(live_iter_start)();
   VG_(XTMemory_report)(filename, fini, xtmemory_next_block,
                        VG_(XT_filter_1top_and_maybe_below_main));
}

/*------------------------------------------------------------*/
/*--- block_list                                           ---*/
/*------------------------------------------------------------*/

static void pp_loss_record(LK_Leak* lc, SizeT i, SizeT n_records,
                           LK_Delta delta)
{
   HChar buf[512];
   const LK_LossRecord* lr = lk_leak_record(lc, i);
   lk_fmt_loss_record(buf, sizeof buf, lr, i + 1, n_records, delta,
                      LK_VG_VERSION);
   VG_(umsg)("%s", buf);
   VG_(pp_ExeContext)((ExeContext*)(Addr)lr->alloc_at);
   if (LK_(clo_track_leak_origins))
      LK_(origin_pp)(lk_leak_record_origin(lc, i),
                     (ExeContext*)(Addr)lr->alloc_at);
}

/* The blocks found (in the clique pass) from block 'clique', and
   recursively theirs, indented two spaces per level. */
static void print_clique(LK_Leak* lc, SizeT n_blocks, SizeT clique,
                         UInt level, UInt* remaining)
{
   SizeT ind;
   for (ind = 0; ind < n_blocks && *remaining > 0; ind++) {
      LK_BlockResult b;
      UInt i;
      lk_leak_block(lc, ind, &b);
      if (b.state != LK_IndirectLeak || b.clique != (Long)clique)
         continue;
      for (i = 0; i < level; i++)
         VG_(umsg)("  ");
      VG_(umsg)("%p[%lu] indirect loss record %u\n", (void*)(Addr)b.start,
                (SizeT)b.szB, (UInt)b.record + 1);
      (*remaining)--;
      print_clique(lc, n_blocks, ind, level + 1, remaining);
   }
}

/* from and to are 0-based.  False: invalid record number. */
static Bool print_block_list(UInt from, UInt to, UInt max_blocks,
                             UInt heuristics)
{
   SizeT n_records, n_frees_then, n_blocks, i;
   LK_Delta delta;
   UInt nr, remaining = max_blocks;
   LK_Leak* lc = LK_(last_leak_search)(&n_records, &delta, &n_frees_then);

   if (lc == NULL) {
      VG_(umsg)("Can't print block list : no valid leak search result\n");
      return False;
   }
   if (n_frees_then != LK_(get_n_frees)()) {
      VG_(umsg)("Can't print obsolete block list : redo a leak search first\n");
      return False;
   }
   if (from >= n_records)
      return False;
   if (to >= n_records)
      to = n_records - 1;
   n_blocks = lk_leak_n_blocks(lc);

   for (nr = from; nr <= to && remaining > 0; nr++) {
      /* A single record is printed even without blocks to show; in a
         range, only records with blocks shown. */
      Bool printed = False;
      if (from == to) {
         pp_loss_record(lc, nr, n_records, delta);
         printed = True;
      }
      for (i = 0; i < n_blocks && remaining > 0; i++) {
         LK_BlockResult b;
         lk_leak_block(lc, i, &b);
         if (b.record != nr)
            continue;
         if (heuristics != 0 && !(heuristics & LK_HEUR_BIT(b.heuristic)))
            continue;
         if (!printed) {
            pp_loss_record(lc, nr, n_records, delta);
            printed = True;
         }
         if (b.heuristic != LK_HeurNone)
            VG_(umsg)("%p[%lu] (found via heuristic %s)\n",
                      (void*)(Addr)b.start, (SizeT)b.szB,
                      lk_heuristic_name(b.heuristic));
         else
            VG_(umsg)("%p[%lu]\n", (void*)(Addr)b.start, (SizeT)b.szB);
         if (LK_(clo_track_leak_origins) && b.state == LK_Unreached
             && lk_leak_record(lc, nr)->n_blocks > 1) {
            /* Each definitely lost block's own origin (the record's
               names only its most recent loss). */
            LK_RecordOrigin o;
            lk_leak_block_origin(lc, i, &o);
            LK_(origin_pp)(&o, (ExeContext*)(Addr)b.alloc_at);
         }
         remaining--;
         if (b.state != LK_Reachable)
            print_clique(lc, n_blocks, i, 1, &remaining);
      }
   }
   return True;
}

/*------------------------------------------------------------*/
/*--- who_points_at                                        ---*/
/*------------------------------------------------------------*/

static Addr  wpa_addr;
static SizeT wpa_szB;
static LK_Leak* wpa_lc;

static void report_pointer(Addr loc, Addr val)
{
   const DiEpoch ep = VG_(current_DiEpoch)();
   if (val == wpa_addr) {
      VG_(umsg)("*%#lx points at %#lx\n", loc, wpa_addr);
      LK_(pp_describe_addr)(ep, loc);
      return;
   }
   VG_(umsg)("*%#lx interior points at %lu bytes inside %#lx\n",
             loc, (SizeT)(val - wpa_addr), wpa_addr);
   LK_(pp_describe_addr)(ep, loc);
   /* Which heuristics would accept it, whatever the options. */
   if (wpa_lc != NULL
       && VG_(am_is_valid_for_client)(val, 1, VKI_PROT_READ)) {
      size_t i;
      if (lk_leak_find(wpa_lc, val, &i)) {
         LK_BlockResult b;
         Int h;
         lk_leak_block(wpa_lc, i, &b);
         for (h = LK_HeurStdString; h < LK_N_HEURISTICS; h++)
            if (lk_leak_heuristic_accepts(wpa_lc, i, val, (LK_Heuristic)h))
               VG_(umsg)("block at %#lx considered reachable "
                         "by ptr %#lx using %s heuristic\n",
                         (Addr)b.start, val,
                         lk_heuristic_name((LK_Heuristic)h));
      }
   }
}

/* A word of a scanned range: reported if it points into
   [wpa_addr, wpa_addr + wpa_szB). */
static void wpa_word(Addr a, UWord w, void* opaque)
{
   if (w >= wpa_addr && w - wpa_addr < wpa_szB)
      report_pointer(a, w);
}

/* Scans the aligned words of [start, end) that can be read. */
static void wpa_scan(Addr start, Addr end, void* opaque)
{
   LK_(for_each_readable_word)(start, end, wpa_word, NULL);
}

typedef struct { Addr* start; SizeT* szB; UInt n, cap; } BlockList;

static void collect_block(LK_Chunk* ch, unsigned flags, void* opaque)
{
   BlockList* bl = opaque;
   if (bl->n == bl->cap) {
      bl->cap = bl->cap ? 2 * bl->cap : 256;
      bl->start = VG_(realloc)("lk.mon.wpa", bl->start, bl->cap * sizeof(Addr));
      bl->szB = VG_(realloc)("lk.mon.wpa", bl->szB, bl->cap * sizeof(SizeT));
   }
   bl->start[bl->n] = ch->data;
   bl->szB[bl->n] = ch->szB;
   bl->n++;
}

static void search_in_register(ThreadId tid, const HChar* regname, UWord val)
{
   if (val >= wpa_addr && val - wpa_addr < wpa_szB) {
      if (val == wpa_addr)
         VG_(umsg)("tid %u register %s pointing at %#lx\n",
                   tid, regname, wpa_addr);
      else
         VG_(umsg)("tid %u register %s interior pointing %lu bytes "
                   "inside %#lx\n", tid, regname,
                   (SizeT)(val - wpa_addr), wpa_addr);
   }
}

static void who_points_at(Addr address, SizeT szB)
{
   SizeT n_records, n_frees_then;
   LK_Delta delta;
   BlockList bl = { NULL, NULL, 0, 0 };
   UInt i;

   if (szB == 1)
      VG_(umsg)("Searching for pointers to %#lx\n", address);
   else
      VG_(umsg)("Searching for pointers pointing in %lu bytes from %#lx\n",
                szB, address);
   wpa_addr = address;
   wpa_szB = szB;
   /* Heuristic lines are about the blocks of the last search. */
   wpa_lc = LK_(last_leak_search)(&n_records, &delta, &n_frees_then);

   LK_(for_each_leak_block)(collect_block, &bl);
   /* Roots (this also computes the excluded ranges used below). */
   LK_(for_each_root_range)(wpa_scan, NULL);
   for (i = 0; i < bl.n; i++)
      LK_(for_each_scannable)(bl.start[i], bl.start[i] + bl.szB[i],
                              wpa_scan, NULL);
   VG_(free)(bl.start);
   VG_(free)(bl.szB);
   VG_(apply_to_GP_regs)(search_in_register);
}

/*------------------------------------------------------------*/
/*--- The commands                                         ---*/
/*------------------------------------------------------------*/

static void print_monitor_help(void)
{
   VG_(gdb_printf)(
"\n"
"leakcheck monitor commands (Memcheck's):\n"
"  make_memory [noaccess|undefined\n"
"                     |defined|Definedifaddressable] <addr> [<len>]\n"
"        mark <len> (or 1) bytes at <addr> with the given accessibility\n"
"  check_memory [addressable|defined] <addr> [<len>]\n"
"        check that <len> (or 1) bytes at <addr> have the given accessibility\n"
"            and outputs a description of <addr>\n"
"  leak_check [full*|summary|xtleak]\n"
"                [kinds kind1,kind2,...|reachable|possibleleak*|definiteleak]\n"
"                [heuristics heur1,heur2,...]\n"
"                [increased*|changed|any|new]\n"
"                [unlimited*|limited <max_loss_records_output>]\n"
"            * = defaults\n"
"         new shows only the loss records absent from the previous search\n"
"         xtleak produces an xtree full leak result in xtleak.kcg.%%p.%%n\n"
"       where kind is one of:\n"
"         definite indirect possible reachable all none\n"
"       where heur is one of:\n"
"         stdstring length64 newarray multipleinheritance all none*\n"
"       Examples: leak_check\n"
"                 leak_check summary any\n"
"                 leak_check full kinds indirect,possible\n"
"                 leak_check full reachable any limited 100\n"
"  block_list <loss_record_nr>|<loss_record_nr_from>..<loss_record_nr_to>\n"
"                [unlimited*|limited <max_blocks>]\n"
"                [heuristics heur1,heur2,...]\n"
"        after a leak search, shows the list of blocks of <loss_record_nr>\n"
"        (or of the range <loss_record_nr_from>..<loss_record_nr_to>).\n"
"        With heuristics, only shows the blocks found via heur1,heur2,...\n"
"            * = defaults\n"
"  who_points_at <addr> [<len>]\n"
"        shows places pointing inside <len> (default 1) bytes at <addr>\n"
"        (with len 1, only shows \"start pointers\" pointing exactly to <addr>,\n"
"         with len > 1, will also show \"interior pointers\")\n"
"  xtmemory [<filename>]\n"
"        dump xtree memory profile in <filename> (default xtmemory.kcg.%%p.%%n)\n"
"  (get_vbits and xb need definedness bits, which leakcheck does not track)\n"
"\n");
}

static HChar* next_non_space(HChar* s)
{
   while (*s && *s == ' ')
      s++;
   return s;
}

/* <integer>[..<integer>] (Memcheck's parse_slice). */
static Bool parse_slice(HChar** saveptr, UInt* from, UInt* to)
{
   HChar* endptr = NULL;
   HChar* wl = VG_(strtok_r)(NULL, " ", saveptr);
   if (wl == NULL) {
      VG_(gdb_printf)("expecting integer or slice <from>..<to>\n");
      return False;
   }
   *from = VG_(strtoull10)(wl, &endptr);
   if (endptr == wl) {
      VG_(gdb_printf)("invalid integer or slice <from>..<to>\n");
      return False;
   }
   if (*endptr == '\0' && *next_non_space(*saveptr) != '.') {
      *to = *from;
      return True;
   }
   if (*endptr == '\0') {
      wl = VG_(strtok_r)(NULL, " .", saveptr);
   } else {
      if (*endptr != '.' && *(endptr + 1) != '.') {
         VG_(gdb_printf)("expecting slice <from>..<to>\n");
         return False;
      }
      if (*(endptr + 2) == ' ')
         wl = VG_(strtok_r)(NULL, " .", saveptr);
      else
         wl = endptr + 2;
   }
   if (wl == NULL) {
      VG_(gdb_printf)("missing/wrong 'to' of slice <from>..<to>\n");
      return False;
   }
   *to = VG_(strtoull10)(wl, &endptr);
   if (*endptr != '\0') {
      VG_(gdb_printf)("missing/wrong 'to' of slice <from>..<to>\n");
      return False;
   }
   if (*from > *to) {
      VG_(gdb_printf)("<from> cannot be bigger than <to> "
                      "in slice <from>..<to>\n");
      return False;
   }
   return True;
}

static void cmd_leak_check(ThreadId tid, HChar** ssaveptr)
{
   Int err = 0;
   LK_LeakParams lcp;
   HChar* xt_filename = NULL;
   HChar* kw;
   HChar* wcmd;

   lcp.mode = LK_LeakFull;
   lcp.show_kinds = LK_KIND_BIT(LK_Possible) | LK_KIND_BIT(LK_Unreached);
   lcp.error_kinds = 0;         /* interactive searches count no errors */
   lcp.heuristics = 0;
   lcp.delta = LK_DeltaIncreased;
   lcp.max_records = 999999999;
   lcp.by_monitor = 1;
   lcp.vg_version = LK_VG_VERSION;

   for (kw = VG_(strtok_r)(NULL, " ", ssaveptr); kw != NULL;
        kw = VG_(strtok_r)(NULL, " ", ssaveptr)) {
      switch (VG_(keyword_id)("full summary xtleak "
                              "kinds reachable possibleleak definiteleak "
                              "heuristics "
                              "increased changed any "
                              "unlimited limited new ",
                              kw, kwd_report_all)) {
      case -2: err++; break;
      case -1: err++; break;
      case 0: lcp.mode = LK_LeakFull; break;
      case 1: lcp.mode = LK_LeakSummary; break;
      case 2: /* xtleak */
         lcp.mode = LK_LeakFull;
         if (xt_filename == NULL)
            xt_filename = VG_(expand_file_name)("--xtleak-mc_main.c",
                                                "xtleak.kcg.%p.%n");
         break;
      case 3: { /* kinds */
         unsigned set;
         wcmd = VG_(strtok_r)(NULL, " ", ssaveptr);
         if (wcmd == NULL || !lk_parse_kinds(wcmd, &set)) {
            VG_(gdb_printf)("missing or malformed leak kinds set\n");
            err++;
         } else {
            lcp.show_kinds = set;
         }
         break;
      }
      case 4: lcp.show_kinds = LK_KINDS_ALL; break;   /* reachable */
      case 5: /* possibleleak: as Memcheck 3.19, indirect included */
         lcp.show_kinds = LK_KIND_BIT(LK_Possible)
                          | LK_KIND_BIT(LK_IndirectLeak)
                          | LK_KIND_BIT(LK_Unreached);
         break;
      case 6: lcp.show_kinds = LK_KIND_BIT(LK_Unreached); break;
      case 7: { /* heuristics */
         unsigned set;
         wcmd = VG_(strtok_r)(NULL, " ", ssaveptr);
         if (wcmd == NULL || !lk_parse_heuristics(wcmd, &set)) {
            VG_(gdb_printf)("missing or malformed heuristics set\n");
            err++;
         } else {
            lcp.heuristics = set;
         }
         break;
      }
      case 8: lcp.delta = LK_DeltaIncreased; break;
      case 9: lcp.delta = LK_DeltaChanged; break;
      case 10: lcp.delta = LK_DeltaAny; break;
      case 11: lcp.max_records = 999999999; break;
      case 12: { /* limited */
         Int int_value;
         const HChar* endptr;
         wcmd = VG_(strtok_r)(NULL, " ", ssaveptr);
         if (wcmd == NULL) {
            int_value = 0;
            endptr = "empty";
         } else {
            HChar* the_end;
            int_value = VG_(strtoll10)(wcmd, &the_end);
            endptr = the_end;
         }
         if (*endptr != '\0')
            VG_(gdb_printf)("missing or malformed integer value\n");
         else if (int_value > 0)
            lcp.max_records = (UInt)int_value;
         else
            VG_(gdb_printf)("max_loss_records_output must be >= 1,"
                            " got %d\n", int_value);
         break;
      }
      case 13: /* new: records absent from the previous search
                  (Valgrind >= 3.21) */
         lcp.delta = LK_DeltaNew;
         break;
      default:
         tl_assert(0);
      }
   }
   if (!err)
      LK_(detect_memory_leaks)(tid, &lcp, xt_filename);
   if (xt_filename != NULL)
      VG_(free)(xt_filename);
}

static void cmd_block_list(HChar** ssaveptr)
{
   UInt from = 0, to = 0;
   HChar* wl;
   HChar* wcmd;
   UInt limit_blocks = 999999999;
   UInt heuristics = 0;

   if (!parse_slice(ssaveptr, &from, &to))
      return;
   for (wl = VG_(strtok_r)(NULL, " ", ssaveptr); wl != NULL;
        wl = VG_(strtok_r)(NULL, " ", ssaveptr)) {
      switch (VG_(keyword_id)("unlimited limited heuristics ", wl,
                              kwd_report_all)) {
      case -2: return;
      case -1: return;
      case 0: limit_blocks = 999999999; break;
      case 1: {
         HChar* the_end;
         Int int_value;
         wcmd = VG_(strtok_r)(NULL, " ", ssaveptr);
         if (wcmd == NULL) {
            VG_(gdb_printf)("missing integer value\n");
            return;
         }
         int_value = VG_(strtoll10)(wcmd, &the_end);
         if (*the_end != '\0') {
            VG_(gdb_printf)("malformed integer value\n");
            return;
         }
         if (int_value <= 0) {
            VG_(gdb_printf)("max_blocks must be >= 1, got %d\n", int_value);
            return;
         }
         limit_blocks = (UInt)int_value;
         break;
      }
      case 2: {
         unsigned set;
         wcmd = VG_(strtok_r)(NULL, " ", ssaveptr);
         if (wcmd == NULL || !lk_parse_heuristics(wcmd, &set)) {
            VG_(gdb_printf)("missing or malformed heuristics set\n");
            return;
         }
         heuristics = set;
         break;
      }
      default:
         tl_assert(0);
      }
   }
   /* The user numbers records from 1. */
   if (from == 0 || !print_block_list(from - 1, to - 1, limit_blocks,
                                      heuristics))
      VG_(gdb_printf)("invalid loss record nr\n");
}

static void cmd_check_memory(HChar** ssaveptr)
{
   Addr address, bad_addr;
   SizeT szB = 1;
   Int kwdid = VG_(keyword_id)("addressable defined",
                               VG_(strtok_r)(NULL, " ", ssaveptr),
                               kwd_report_all);
   if (!VG_(strtok_get_address_and_size)(&address, &szB, ssaveptr))
      return;
   if (kwdid < 0)
      return;
   if (!LK_(check_mem_is_addressable)(address, szB, &bad_addr)) {
      VG_(printf)("Address %p len %lu not addressable:\nbad address %p\n",
                  (void*)address, szB, (void*)bad_addr);
   } else if (kwdid == 0) {
      VG_(printf)("Address %p len %lu addressable\n", (void*)address, szB);
   } else {
      /* No definedness bits: addressable memory is taken as defined. */
      VG_(printf)("Address %p len %lu defined\n", (void*)address, szB);
   }
   LK_(pp_describe_addr)(VG_(current_DiEpoch)(), address);
}

static void cmd_make_memory(HChar** ssaveptr)
{
   Addr address;
   SizeT szB = 1;
   Int kwdid = VG_(keyword_id)("noaccess undefined defined "
                               "Definedifaddressable",
                               VG_(strtok_r)(NULL, " ", ssaveptr),
                               kwd_report_all);
   if (!VG_(strtok_get_address_and_size)(&address, &szB, ssaveptr))
      return;
   if (kwdid >= 0)
      LK_(make_mem)(kwdid, address, szB);
}

Bool LK_(handle_gdb_monitor_command)(ThreadId tid, HChar* req)
{
   HChar* wcmd;
   HChar s[VG_(strlen)(req) + 1];   /* a copy for strtok_r */
   HChar* ssaveptr;

   VG_(strcpy)(s, req);
   wcmd = VG_(strtok_r)(s, " ", &ssaveptr);
   switch (VG_(keyword_id)("help get_vbits leak_check make_memory "
                           "check_memory block_list who_points_at xb "
                           "xtmemory", wcmd, kwd_report_duplicated_matches)) {
   case -2:
      return True;
   case -1:
      return False;
   case 0:
      print_monitor_help();
      return True;
   case 1: /* get_vbits */
   case 7: /* xb */
      VG_(gdb_printf)("leakcheck does not track definedness: "
                      "no validity bits to show\n");
      return True;
   case 2:
      cmd_leak_check(tid, &ssaveptr);
      return True;
   case 3:
      cmd_make_memory(&ssaveptr);
      return True;
   case 4:
      cmd_check_memory(&ssaveptr);
      return True;
   case 5:
      cmd_block_list(&ssaveptr);
      return True;
   case 6: { /* who_points_at */
      Addr address;
      SizeT szB = 1;
      if (!VG_(strtok_get_address_and_size)(&address, &szB, &ssaveptr))
         return True;
      if (address == 0) {
         VG_(gdb_printf)("Cannot search who points at 0x0\n");
         return True;
      }
      who_points_at(address, szB);
      return True;
   }
   case 8: /* xtmemory */
      LK_(xtmemory_report)(VG_(strtok_r)(NULL, " ", &ssaveptr), False);
      return True;
   default:
      tl_assert(0);
      return False;
   }
}

/*--------------------------------------------------------------------*/
/*--- end                                               lk_monitor.c ---*/
/*--------------------------------------------------------------------*/
