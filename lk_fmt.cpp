/*--------------------------------------------------------------------*/
/*--- leakcheck: the words users read (text and XML).              ---*/
/*---                                                    lk_fmt.cpp ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   Every user-visible word about leaks is produced here, from one table
   of kinds, so that the text and XML forms stay side by side.  The
   layouts are Memcheck's (pp_LossRecord in mc_errors.c, print_results
   and MC_(detect_memory_leaks) in mc_leakcheck.c, MC_(print_malloc_stats)
   in mc_malloc_wrappers.c) of the Valgrind version the glue names
   (vg_version, lk_core.h): 3.19's, plus the "new loss record" marker of
   3.21 and the XML summaries of 3.26; docs/manual.md ("Output") shows
   them.  Numbers in text use thousands separators (Valgrind's %'lu); in
   XML the <leakedbytes> and <leakedblocks> of a leak never do, while the
   <text> of an XML leak and every number of the XML summaries (printed
   by Memcheck with %'lu) keep them.
*/

#include "lk_core_util.hpp"

/*------------------------------------------------------------*/
/*--- Kinds and heuristics                                 ---*/
/*------------------------------------------------------------*/

namespace {

struct KindWords {
   const char* text;      /* loss record line */
   const char* xml;       /* <kind> */
   const char* keyword;   /* --show-leak-kinds, match-leak-kinds: */
};

/* Indexed by LK_State. */
const KindWords kKinds[4] = {
   { "still reachable", "Leak_StillReachable", "reachable" },
   { "possibly lost",   "Leak_PossiblyLost",   "possible"  },
   { "indirectly lost", "Leak_IndirectlyLost", "indirect"  },
   { "definitely lost", "Leak_DefinitelyLost", "definite"  },
};

/* Indexed by LK_Heuristic. */
const char* const kHeuristics[LK_N_HEURISTICS] = {
   "none", "stdstring", "length64", "newarray", "multipleinheritance",
};

} // namespace

extern "C" const char* lk_state_text(LK_State s)    { return kKinds[s & 3].text; }
extern "C" const char* lk_state_xml_kind(LK_State s) { return kKinds[s & 3].xml; }
extern "C" const char* lk_state_keyword(LK_State s) { return kKinds[s & 3].keyword; }
extern "C" const char* lk_heuristic_name(LK_Heuristic h) {
   return (unsigned)h < LK_N_HEURISTICS ? kHeuristics[h] : "???invalid heuristic???";
}

/*------------------------------------------------------------*/
/*--- Numbers                                              ---*/
/*------------------------------------------------------------*/

namespace lk {

void Out::udec(uint64_t v) {
   char tmp[24];
   int n = 0;
   do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
   while (n) ch(tmp[--n]);
}

void Out::udec_sep(uint64_t v) {
   char tmp[32];
   int n = 0, digits = 0;
   do {
      if (digits && digits % 3 == 0) tmp[n++] = ',';
      tmp[n++] = (char)('0' + v % 10);
      v /= 10;
      digits++;
   } while (v);
   while (n) ch(tmp[--n]);
}

} // namespace lk

extern "C" size_t lk_fmt_ulong_sep(char* buf, size_t bufsz, uint64_t v) {
   lk::Out o;
   o.init(buf, bufsz);
   o.udec_sep(v);
   return o.finish();
}

namespace {

/* Memcheck's MC_(snprintf_delta): nothing for "any" searches, else
   " (+d)" or " (-d)", with separators, zero included. */
void delta(lk::Out& o, uint64_t now, uint64_t old, LK_Delta mode) {
   if (mode == LK_DeltaAny) return;
   if (now >= old) { o.str(" (+"); o.udec_sep(now - old); }
   else            { o.str(" (-"); o.udec_sep(old - now); }
   o.ch(')');
}

void num_delta(lk::Out& o, uint64_t now, uint64_t old, LK_Delta mode) {
   o.udec_sep(now);
   delta(o, now, old, mode);
}

/* The part of the loss-record line shared by text and XML.  A delta
   search marks a record that had no blocks in the previous one as new
   (Memcheck >= 3.21; a record is dropped once it has no blocks, so "no
   blocks before" means it did not exist). */
void record_words(lk::Out& o, const LK_LossRecord* r, size_t nr,
                  size_t n_records, LK_Delta mode, unsigned vg_version) {
   if (r->indirect_szB > 0) {
      num_delta(o, r->szB + r->indirect_szB,
                r->old_szB + r->old_indirect_szB, mode);
      o.str(" (");
      num_delta(o, r->szB, r->old_szB, mode);
      o.str(" direct, ");
      num_delta(o, r->indirect_szB, r->old_indirect_szB, mode);
      o.str(" indirect) bytes in ");
   } else {
      num_delta(o, r->szB, r->old_szB, mode);
      o.str(" bytes in ");
   }
   num_delta(o, r->n_blocks, r->old_n_blocks, mode);
   o.str(" blocks are ");
   o.str(lk_state_text(r->state));
   if (vg_version >= LK_VG_NEW_MARKER && mode != LK_DeltaAny
       && r->old_n_blocks == 0)
      o.str(" in new loss record ");
   else
      o.str(" in loss record ");
   o.udec_sep(nr);
   o.str(" of ");
   o.udec_sep(n_records);
}

} // namespace

/*------------------------------------------------------------*/
/*--- Loss records                                         ---*/
/*------------------------------------------------------------*/

extern "C" size_t lk_fmt_loss_record(char* buf, size_t bufsz,
                                     const LK_LossRecord* r, size_t nr,
                                     size_t n_records, LK_Delta mode,
                                     unsigned vg_version) {
   lk::Out o;
   o.init(buf, bufsz);
   record_words(o, r, nr, n_records, mode, vg_version);
   o.ch('\n');
   return o.finish();
}

extern "C" size_t lk_fmt_loss_record_xml(char* buf, size_t bufsz,
                                         const LK_LossRecord* r, size_t nr,
                                         size_t n_records, LK_Delta mode,
                                         unsigned vg_version) {
   lk::Out o;
   o.init(buf, bufsz);
   o.str("  <kind>");
   o.str(lk_state_xml_kind(r->state));
   o.str("</kind>\n  <xwhat>\n    <text>");
   record_words(o, r, nr, n_records, mode, vg_version);
   o.str("</text>\n    <leakedbytes>");
   o.udec(r->szB + r->indirect_szB);
   o.str("</leakedbytes>\n    <leakedblocks>");
   o.udec(r->n_blocks);
   o.str("</leakedblocks>\n  </xwhat>\n");
   return o.finish();
}

/*------------------------------------------------------------*/
/*--- Leak origins                                         ---*/
/*------------------------------------------------------------*/

namespace {

/* What removed the last pointer, after "was" / "were" (indexed by
   LK_OriginKind; NONE, INDIRECT and RETURNED have their own forms). */
struct OriginWords {
   const char* one;
   const char* many;
};
const OriginWords kOrigin[LK_ORIG_N] = {
   { nullptr, nullptr },
   { "was overwritten at:", "were overwritten at:" },
   { "was inside a block freed at:", "were inside blocks freed at:" },
   { "was on the stack of a function that returned at:",
     "were on the stack of a function that returned at:" },
   { "was in memory unmapped at:", "were in memory unmapped at:" },
   { "was on the stack of a thread that exited; the thread was created at:",
     "were on the stack of a thread that exited; the thread was created at:" },
   { nullptr, nullptr },
   { nullptr, nullptr },
};

/* "this block", "these 3 blocks", "2 of these 3 blocks". */
void which_blocks(lk::Out& o, const LK_RecordOrigin* r) {
   if (r->n_blocks <= 1) {
      o.str("this block");
   } else if (r->n_same >= r->n_blocks) {
      o.str("these ");
      o.udec_sep(r->n_blocks);
      o.str(" blocks");
   } else {
      o.udec_sep(r->n_same);
      o.str(" of these ");
      o.udec_sep(r->n_blocks);
      o.str(" blocks");
   }
}

} // namespace

extern "C" size_t lk_fmt_origin(char* buf, size_t bufsz,
                                const LK_RecordOrigin* r, int* has_stack) {
   lk::Out o;
   o.init(buf, bufsz);
   const bool one = r->n_blocks <= 1 || r->n_same <= 1;
   *has_stack = 0;
   switch (r->kind) {
   case LK_ORIG_NONE:
      return 0;
   case LK_ORIG_INDIRECT:
      o.str(one ? "The last pointer to " : "The last pointers to ");
      which_blocks(o, r);
      o.str(one ? " is in a block lost with loss record "
                : " are in blocks lost with loss record ");
      o.udec_sep((uint64_t)r->head_record + 1);
      return o.finish();
   case LK_ORIG_RETURNED:
      o.str(one ? "The pointer to " : "The pointers to ");
      which_blocks(o, r);
      o.str(one ? " was never stored in memory; it was returned by:"
                : " were never stored in memory; they were returned by:");
      *has_stack = 1;
      return o.finish();
   default:
      break;
   }
   if ((unsigned)r->kind >= LK_ORIG_N || kOrigin[r->kind].one == nullptr)
      return 0;
   if (r->cycle) {
      if (r->n_blocks <= 1) {
         o.str("The last pointer into the cycle of this block ");
      } else {
         o.str(one ? "The last pointer into the cycle of "
                   : "The last pointers into the cycles of ");
         which_blocks(o, r);
         o.ch(' ');
      }
   } else {
      o.str(one ? "The last pointer to " : "The last pointers to ");
      which_blocks(o, r);
      o.ch(' ');
   }
   o.str(one ? kOrigin[r->kind].one : kOrigin[r->kind].many);
   *has_stack = 1;
   return o.finish();
}

/*------------------------------------------------------------*/
/*--- LEAK SUMMARY and HEAP SUMMARY                        ---*/
/*------------------------------------------------------------*/

namespace {

void summary_line(lk::Out& o, const char* label, uint64_t bytes,
                  uint64_t old_bytes, uint64_t blocks, uint64_t old_blocks,
                  LK_Delta mode) {
   o.str(label);
   num_delta(o, bytes, old_bytes, mode);
   o.str(" bytes in ");
   num_delta(o, blocks, old_blocks, mode);
   o.str(" blocks\n");
}

} // namespace

extern "C" size_t lk_fmt_leak_summary(char* buf, size_t bufsz,
                                      const LK_LeakTotals* t,
                                      const LK_LeakTotals* old,
                                      const LK_LeakParams* p) {
   lk::Out o;
   o.init(buf, bufsz);
   LK_Delta d = p->delta;
   o.str("LEAK SUMMARY:\n");
   summary_line(o, "   definitely lost: ", t->bytes[LK_Unreached],
                old->bytes[LK_Unreached], t->blocks[LK_Unreached],
                old->blocks[LK_Unreached], d);
   summary_line(o, "   indirectly lost: ", t->bytes[LK_IndirectLeak],
                old->bytes[LK_IndirectLeak], t->blocks[LK_IndirectLeak],
                old->blocks[LK_IndirectLeak], d);
   summary_line(o, "     possibly lost: ", t->bytes[LK_Possible],
                old->bytes[LK_Possible], t->blocks[LK_Possible],
                old->blocks[LK_Possible], d);
   summary_line(o, "   still reachable: ", t->bytes[LK_Reachable],
                old->bytes[LK_Reachable], t->blocks[LK_Reachable],
                old->blocks[LK_Reachable], d);
   bool any_heur = false;
   for (int h = 0; h < LK_N_HEURISTICS; h++)
      if (old->heur_blocks[h] > 0 || t->heur_blocks[h] > 0) any_heur = true;
   if (any_heur) {
      o.str("                      of which reachable via heuristic:\n");
      for (int h = 0; h < LK_N_HEURISTICS; h++) {
         if (old->heur_blocks[h] == 0 && t->heur_blocks[h] == 0) continue;
         o.str("                        ");
         o.pad_right(lk_heuristic_name((LK_Heuristic)h), 19);
         summary_line(o, ": ", t->heur_bytes[h], old->heur_bytes[h],
                      t->heur_blocks[h], old->heur_blocks[h], d);
      }
   }
   summary_line(o, "        suppressed: ", t->bytes_suppressed,
                old->bytes_suppressed, t->blocks_suppressed,
                old->blocks_suppressed, d);
   uint64_t shown_blocks = t->blocks[0] + t->blocks[1] + t->blocks[2] + t->blocks[3];
   if (p->mode != LK_LeakFull && shown_blocks > 0) {
      if (p->by_monitor)
         o.str("To see details of leaked memory, give 'full' arg to leak_check\n");
      else
         o.str("Rerun with --leak-check=full to see details of leaked memory\n");
   }
   if (p->mode == LK_LeakFull && t->blocks[LK_Reachable] > 0
       && !(p->show_kinds & LK_KIND_BIT(LK_Reachable))) {
      o.str("Reachable blocks (those to which a pointer was found) are not shown.\n");
      if (p->by_monitor)
         o.str("To see them, add 'reachable any' args to leak_check\n");
      else
         o.str("To see them, rerun with: --leak-check=full --show-leak-kinds=all\n");
   }
   o.ch('\n');
   return o.finish();
}

/* <leak_summary> of Memcheck >= 3.26: one element per kind with <bytes>
   and <blocks> (Valgrind's description of protocol 6 says <in_blocks>;
   Memcheck writes <blocks>, see docs/xml.md), the heuristic counts
   inside <still_reachable>, the hint lines left out.  The numbers are
   formatted as in the text. */
namespace {

void xml_count(lk::Out& o, const char* indent, const char* tag,
               uint64_t now, uint64_t old, LK_Delta d) {
   o.str(indent); o.ch('<'); o.str(tag); o.ch('>');
   num_delta(o, now, old, d);
   o.str("</"); o.str(tag); o.str(">\n");
}

void xml_kind(lk::Out& o, const char* tag, uint64_t bytes, uint64_t old_bytes,
              uint64_t blocks, uint64_t old_blocks, LK_Delta d, bool close) {
   o.str("  <"); o.str(tag); o.str(">\n");
   xml_count(o, "    ", "bytes", bytes, old_bytes, d);
   xml_count(o, "    ", "blocks", blocks, old_blocks, d);
   if (close) { o.str("  </"); o.str(tag); o.str(">\n"); }
}

} // namespace

extern "C" size_t lk_fmt_leak_summary_xml(char* buf, size_t bufsz,
                                          const LK_LeakTotals* t,
                                          const LK_LeakTotals* old,
                                          const LK_LeakParams* p) {
   lk::Out o;
   o.init(buf, bufsz);
   if (p->vg_version < LK_VG_XML_SUMMARIES)
      return o.finish();
   LK_Delta d = p->delta;
   o.str("<leak_summary>\n");
   xml_kind(o, "definitely_lost", t->bytes[LK_Unreached],
            old->bytes[LK_Unreached], t->blocks[LK_Unreached],
            old->blocks[LK_Unreached], d, true);
   xml_kind(o, "indirectly_lost", t->bytes[LK_IndirectLeak],
            old->bytes[LK_IndirectLeak], t->blocks[LK_IndirectLeak],
            old->blocks[LK_IndirectLeak], d, true);
   xml_kind(o, "possibly_lost", t->bytes[LK_Possible],
            old->bytes[LK_Possible], t->blocks[LK_Possible],
            old->blocks[LK_Possible], d, true);
   /* Closed after the heuristics, whatever the numbers (Memcheck 3.26.0
      leaves it open in some documents, a bug 3.27 fixed: see
      docs/xml.md). */
   xml_kind(o, "still_reachable", t->bytes[LK_Reachable],
            old->bytes[LK_Reachable], t->blocks[LK_Reachable],
            old->blocks[LK_Reachable], d, false);
   for (int h = 0; h < LK_N_HEURISTICS; h++) {
      if (old->heur_blocks[h] == 0 && t->heur_blocks[h] == 0) continue;
      o.str("    <reachable_heuristic>\n      <kind>");
      o.str(lk_heuristic_name((LK_Heuristic)h));
      o.str("</kind>\n");
      xml_count(o, "      ", "bytes", t->heur_bytes[h], old->heur_bytes[h], d);
      xml_count(o, "      ", "blocks", t->heur_blocks[h], old->heur_blocks[h], d);
      o.str("    </reachable_heuristic>\n");
   }
   o.str("  </still_reachable>\n");
   xml_kind(o, "suppressed", t->bytes_suppressed, old->bytes_suppressed,
            t->blocks_suppressed, old->blocks_suppressed, d, true);
   o.str("</leak_summary>\n\n");
   return o.finish();
}

extern "C" size_t lk_fmt_heap_summary(char* buf, size_t bufsz,
                                      uint64_t in_use_szB, uint64_t in_use_blocks,
                                      uint64_t n_allocs, uint64_t n_frees,
                                      uint64_t szB_allocated) {
   lk::Out o;
   o.init(buf, bufsz);
   o.str("HEAP SUMMARY:\n    in use at exit: ");
   o.udec_sep(in_use_szB);
   o.str(" bytes in ");
   o.udec_sep(in_use_blocks);
   o.str(" blocks\n  total heap usage: ");
   o.udec_sep(n_allocs);
   o.str(" allocs, ");
   o.udec_sep(n_frees);
   o.str(" frees, ");
   o.udec_sep(szB_allocated);
   o.str(" bytes allocated\n\n");
   return o.finish();
}

extern "C" size_t lk_fmt_heap_summary_xml(char* buf, size_t bufsz,
                                          uint64_t in_use_szB,
                                          uint64_t in_use_blocks,
                                          uint64_t n_allocs, uint64_t n_frees,
                                          uint64_t szB_allocated,
                                          unsigned vg_version) {
   lk::Out o;
   o.init(buf, bufsz);
   if (vg_version < LK_VG_XML_SUMMARIES)
      return o.finish();
   o.str("<heap_summary>\n  <memory_in_use_at_exit>\n    <bytes>");
   o.udec_sep(in_use_szB);
   o.str("</bytes>\n    <blocks>");
   o.udec_sep(in_use_blocks);
   o.str("</blocks>\n  </memory_in_use_at_exit>\n  <total_heap_usage>\n"
         "    <allocs>");
   o.udec_sep(n_allocs);
   o.str("</allocs>\n    <frees>");
   o.udec_sep(n_frees);
   o.str("</frees>\n    <bytes_allocated>");
   o.udec_sep(szB_allocated);
   o.str("</bytes_allocated>\n  </total_heap_usage>\n</heap_summary>\n\n");
   return o.finish();
}

extern "C" size_t lk_fmt_all_freed_xml(char* buf, size_t bufsz, int all_freed,
                                       unsigned vg_version) {
   lk::Out o;
   o.init(buf, bufsz);
   if (vg_version < LK_VG_XML_SUMMARIES)
      return o.finish();
   o.str("<all_heap_blocks_freed>");
   o.str(all_freed ? "true" : "false");
   o.str("</all_heap_blocks_freed>\n\n");
   return o.finish();
}

/*------------------------------------------------------------*/
/*--- Parsing kind and heuristic sets                      ---*/
/*------------------------------------------------------------*/

namespace {

/* Valgrind's VG_(parse_enum_set): a comma list of tokens (empty items
   skipped), or "all", or "none", never mixed with tokens; tokens[i]
   gives bit i. */
int parse_set(const char* s, const char* const* tokens, unsigned n_tokens,
              unsigned* out) {
   unsigned set = 0, all = (1u << n_tokens) - 1;
   bool seen_all = false, seen_none = false;
   const char* p = s;
   for (;;) {
      const char* w = p;
      while (*p && *p != ',') p++;
      size_t len = (size_t)(p - w);
      if (len > 0) {
         auto is = [&](const char* kw) {
            size_t k = 0;
            while (kw[k] && k < len && kw[k] == w[k]) k++;
            return k == len && kw[k] == '\0';
         };
         if (is("all")) seen_all = true;
         else if (is("none")) seen_none = true;
         else {
            bool found = false;
            for (unsigned t = 0; t < n_tokens; t++)
               if (is(tokens[t])) { set |= 1u << t; found = true; }
            if (!found) return 0;
         }
      }
      if (*p == '\0') break;
      p++;
   }
   if (seen_all) {
      if (seen_none || set) return 0;   /* "all" mixed with other words */
      set = all;
   } else if (seen_none) {
      if (set) return 0;                /* "none" mixed with other words */
   } else if (set == 0) {
      return 0;                         /* nothing at all */
   }
   *out = set;
   return 1;
}

} // namespace

extern "C" int lk_parse_kinds(const char* s, unsigned* out) {
   /* Bit order = LK_State order, as Memcheck's
      "reachable,possible,indirect,definite". */
   static const char* const tokens[4] = { "reachable", "possible",
                                          "indirect", "definite" };
   return parse_set(s, tokens, 4, out);
}

extern "C" int lk_parse_heuristics(const char* s, unsigned* out) {
   /* Bit 0 is LK_HeurNone, which is not a word users write. */
   static const char* const tokens[4] = { "stdstring", "length64", "newarray",
                                          "multipleinheritance" };
   unsigned set;
   if (!parse_set(s, tokens, 4, &set)) return 0;
   *out = set << 1;
   return 1;
}

/*--------------------------------------------------------------------*/
/*--- end                                                lk_fmt.cpp ---*/
/*--------------------------------------------------------------------*/
