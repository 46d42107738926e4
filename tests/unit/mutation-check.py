#!/usr/bin/env python3
# mutation-check.py -- can the unit tests fail?  SPDX-License-Identifier: GPL-2.0-or-later
#
# A developer tool (not run by make check or tests/run-all): applies one
# small, deliberate bug at a time to a copy of a core file (lk_leak.cpp,
# lk_report.cpp, lk_fmt.cpp), links tests/unit/lk_unit against it and runs
# it.  Every mutant should be "killed" (some test fails, crashes or times
# out); a surviving mutant means a behaviour no test pins down, unless it
# is marked equivalent (no observable difference through lk_core.h).
#
# Needs a built tree (make check): it reuses the objects of lk_unit.
# Usage: tests/unit/mutation-check.py [index ...]     (default: all)
# Exit status: 0 if every non-equivalent mutant was killed, 1 otherwise.
import os, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get('TOP_SRCDIR', os.path.normpath(os.path.join(HERE, '..', '..')))
BUILD = os.environ.get('BUILDDIR', TOP)
CXX = os.environ.get('CXX', 'g++')
SAN = ['-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer']

# Mutants whose change cannot be observed through lk_core.h.
EQUIVALENT = {
   'length64 size>0',          # size 0 means a block of 8 bytes: B+8 is past its end
   'bucket bsearch tighter',   # any bound > 0 finds the same block
   'MI page0',                 # no mapping can hold a vtable in page 0
   'register uses context',    # registers come right after the roots (prior definite)
   'begin prior false',   # lk_leak_set_root_context resets it
}

muts = [
 ('lk_leak.cpp','inline uint64_t eff_size(uint64_t szB) { return szB == 0 ? 1 : szB; }','inline uint64_t eff_size(uint64_t szB) { return szB; }', 'zero-size covers 0'),
 ('lk_leak.cpp','      ex.state = LK_Reachable;\n      push(lc, i);          /* (re)scan so its children are upgraded */','      bool was_possible = ex.state == LK_Possible;\n      ex.state = LK_Reachable;\n      if (!was_possible) push(lc, i);', 'no rescan on upgrade'),
 ('lk_leak.cpp','      leader.ind_or_clique += ex.ind_or_clique;   /* a former leader\'s */','', 'no merge of former leader'),
 ('lk_leak.cpp','      if (ex.heuristic != LK_HeurNone && ptr == b.start)\n         ex.heuristic = LK_HeurNone;','', 'tag never cleared'),
 ('lk_leak.cpp','   if (ex.state == LK_Unreached && found != clique) {','   if (ex.state == LK_Unreached) {', 'leader joins own clique'),
 ('lk_leak.cpp','      lc->prior_definite = ex.state != LK_Possible;','      lc->prior_definite = true;', 'possible source definite'),
 ('lk_leak.cpp','         if (length <= capacity) return LK_HeurStdString;','         return LK_HeurStdString;', 'stdstring no length check'),
 ('lk_leak.cpp','         if (size > 0 && b.szB - 8 == size) return LK_HeurLength64;','         if (b.szB - 8 == size) return LK_HeurLength64;', 'length64 size>0'),
 ('lk_leak.cpp','  if (heur_set & LK_HEUR_BIT(LK_HeurLength64)) {','  if (heur_set & LK_HEUR_BIT(LK_HeurNewArray) && 0) {', 'length64 wrong bit'),
 ('lk_leak.cpp','   if (scan_max > seg.end - kWord) scan_max = seg.end - kWord;','   if (scan_max > seg.end - 7) scan_max = seg.end - 7;', 'vtable window end'),
 ('lk_leak.cpp','      if (++nr_fn_ptrs == 2) return true;','      if (++nr_fn_ptrs == 1) return true;', 'one fn ptr enough'),
 ('lk_leak.cpp','const uint64_t kVtableMaxCheck = 20;','const uint64_t kVtableMaxCheck = 21;', 'vtable max 21'),
 ('lk_leak.cpp','         erase_block(lc, i + 1);   /* custom block i hides malloc block i+1 */','         erase_block(lc, i);', 'erase wrong block'),
 ('lk_leak.cpp','         lc->has_overlap = true;','', 'no bsearch on overlap'),
 ('lk_leak.cpp','      if (ptr >= eff_end(b)) { lo = mid + 1; continue; }','      if (ptr > eff_end(b)) { lo = mid + 1; continue; }', 'bsearch off by one'),
 ('lk_leak.cpp','   while (j - i > 8) {','   while (j - i > 1) {', 'bucket bsearch tighter'),
 ('lk_leak.cpp','   if (i < n && blocks[i].start <= ptr) return (int64_t)i;','   if (i < n && blocks[i].start <= ptr + 1) return (int64_t)i;', 'lookup before start'),
 ('lk_leak.cpp','   uint64_t e = end & ~(uint64_t)7;','   uint64_t e = (end + 7) & ~(uint64_t)7;', 'scan partial last word'),
 ('lk_leak.cpp','   lc->scanned_szB += e - p;','   lc->scanned_szB += end - start;', 'scanned bytes unaligned'),
 ('lk_leak.cpp','      ex.ind_or_clique = (uint64_t)cur_clique;','      ex.ind_or_clique = (uint64_t)clique;', 'clique = leader not cur'),
 ('lk_leak.cpp','      if (nr_elts > 0 && (b.szB - kWord) % nr_elts == 0)','      if (nr_elts > 0 && (b.szB) % nr_elts == 0)', 'newarray modulus'),
 ('lk_leak.cpp','   } else if (ex.state == LK_Unreached) {\n      ex.state = LK_Possible;','   } else {\n      ex.state = LK_Possible;', 'downgrade reachable'),
 ('lk_report.cpp','   if (a.r.state != b.r.state) return a.r.state < b.r.state ? -1 : 1;','   if (a.r.state != b.r.state) return a.r.state > b.r.state ? -1 : 1;', 'state order reversed'),
 ('lk_report.cpp','   if (a.r.n_blocks != b.r.n_blocks) return a.r.n_blocks < b.r.n_blocks ? -1 : 1;','', 'no block count tiebreak'),
 ('lk_report.cpp','   if (a.r.alloc_at != b.r.alloc_at) return a.r.alloc_at < b.r.alloc_at ? -1 : 1;','', 'no alloc_at tiebreak'),
 ('lk_report.cpp','   uint64_t ta = a.r.szB + a.r.indirect_szB;','   uint64_t ta = a.r.szB;', 'sort by direct only'),
 ('lk_report.cpp','      if (rec.r.n_blocks == 0) continue;','', 'zero records never dropped'),
 ('lk_report.cpp','      if (ex.state == LK_Unreached) lr.indirect_szB += ex.ind_or_clique;','      lr.indirect_szB += ex.ind_or_clique;', 'indirect for all states'),
 ('lk_report.cpp','      if (ex.heuristic != LK_HeurNone) {','      if (ex.heuristic != LK_HeurNone && ex.state == LK_Reachable) {', 'heur only reachable'),
 ('lk_report.cpp','      considered = r.n_blocks > 0 && r.old_n_blocks == 0;','      considered = r.n_blocks > 0;', 'new = any'),
 ('lk_report.cpp','      considered = r.szB > r.old_szB || r.indirect_szB > r.old_indirect_szB\n                   || r.n_blocks > r.old_n_blocks;','      considered = r.szB > r.old_szB || r.indirect_szB > r.old_indirect_szB;', 'increased ignores blocks'),
 ('lk_report.cpp','   *count_as_error = full && considered && (p->error_kinds & LK_KIND_BIT(r.state));','   *count_as_error = considered && (p->error_kinds & LK_KIND_BIT(r.state));', 'summary counts errors'),
 ('lk_report.cpp','   for (size_t i = first_record; i < lc->records.size(); i++) {','   for (size_t i = 0; i < lc->records.size(); i++) {', 'first_record ignored'),
 ('lk_report.cpp','         t.bytes_suppressed += rec.r.szB;','         t.bytes_suppressed += rec.r.szB + rec.r.indirect_szB;', 'suppressed with indirect'),
 ('lk_report.cpp','   lc->old_totals = lc->totals;','', 'no old totals'),
 ('lk_report.cpp','      rec.suppressed = 0;\n      lc->records[kept++] = rec;','      lc->records[kept++] = rec;', 'suppression sticks'),
 ('lk_report.cpp','   lc->records.clear();\n   lc->rec_hash.clear();','   lc->rec_hash.clear();', 'forget keeps records'),
 ('lk_report.cpp','   rec.r.alloc_at = alloc_at;','   rec.r.alloc_at = group;', 'record alloc_at = group'),
 ('lk_fmt.cpp','      if (digits && digits % 3 == 0) tmp[n++] = \',\';','      if (digits && digits % 3 == 0 && v > 999) tmp[n++] = \',\';', 'separator bug'),
 ('lk_fmt.cpp','   if (mode == LK_DeltaAny) return;','   if (mode == LK_DeltaAny || now == old) return;', 'zero delta omitted'),
 ('lk_fmt.cpp','         o.pad_right(lk_heuristic_name((LK_Heuristic)h), 19);','         o.pad_right(lk_heuristic_name((LK_Heuristic)h), 18);', 'pad 18'),
 ('lk_fmt.cpp','   if (p->mode != LK_LeakFull && shown_blocks > 0) {','   if (p->mode != LK_LeakFull) {', 'hint always'),
 ('lk_fmt.cpp','   o.udec(r->n_blocks);','   o.udec_sep(r->n_blocks);', 'xml blocks separators'),
 ('lk_fmt.cpp','      if (seen_none || set) return 0;   /* "all" mixed with other words */','      if (seen_none) return 0;', 'all mixed ok'),
 ('lk_fmt.cpp','      return 0;                         /* nothing at all */','      ;', 'empty ok'),
 ('lk_fmt.cpp','            if (!found) return 0;','            ;', 'unknown ok'),
 ('lk_fmt.cpp','   *out = set << 1;','   *out = set;', 'heur bits unshifted'),
 ('lk_fmt.cpp','   if (r->indirect_szB > 0) {','   if (r->indirect_szB > 0 || r->state == LK_Unreached) {', 'direct/indirect always for definite'),
 ('lk_fmt.cpp','   if (p->mode == LK_LeakFull && t->blocks[LK_Reachable] > 0','   if (p->mode == LK_LeakFull && t->bytes[LK_Reachable] > 0', 'reachable hint bytes'),
 ('lk_fmt.cpp','      if (old->heur_blocks[h] > 0 || t->heur_blocks[h] > 0) any_heur = true;','      if (t->heur_blocks[h] > 0) any_heur = true;', 'heur header ignores old'),
]

muts += [
 ('lk_leak.cpp','      if (ptr == data + 3 * kWord && read_word(data + kWord, &capacity)) {','      if (ptr == data + 2 * kWord && read_word(data + kWord, &capacity)) {', 'stdstring offset'),
 ('lk_leak.cpp','      if ((ptr % kWord) == 0 && read_word(ptr, &inner_addr)) {','      if (read_word(ptr & ~7ull, &inner_addr)) {', 'MI unaligned ptr'),
 ('lk_leak.cpp','         if ((inner_addr % kWord) == 0 && inner_addr >= kPage','         if ((inner_addr % kWord) == 0','MI page0'),
 ('lk_leak.cpp','      if (!(fseg.flags & LK_SEG_FILE) || !(fseg.flags & LK_SEG_T)) return false;','      if (!(fseg.flags & LK_SEG_FILE)) return false;', 'MI no T check'),
 ('lk_leak.cpp','   if (!(seg.flags & LK_SEG_FILE) || !(seg.flags & LK_SEG_R)) return false;','   if (!(seg.flags & LK_SEG_R)) return false;', 'MI vtable not file'),
 ('lk_leak.cpp','      if (pot_fn == 0) continue;   /* NULL entries happen in vtables */','      if (pot_fn == 0) return false;', 'MI NULL stops'),
 ('lk_leak.cpp','                && is_vtable_addr(inner_addr) && is_vtable_addr(first_addr))','                && is_vtable_addr(inner_addr))', 'MI first not checked'),
 ('lk_leak.cpp','            if ((meta1 && (b2.start < b1.start || end2 > end1))','            if ((meta1 && (b2.start < b1.start))', 'meta end check'),
 ('lk_leak.cpp','      } else if (b2.start >= b1.start && end2 <= end1 && custom2 && !custom1) {','      } else if (b2.start >= b1.start && end2 <= end1 && custom2) {', 'custom in custom hides'),
 ('lk_leak.cpp','      lc->cur_clique = top;','', 'cur_clique not updated'),
 ('lk_leak.cpp','      leader.ind_or_clique += lc->blocks[(size_t)found].szB;','', 'indirect size not added'),
 ('lk_leak.cpp','   push_without_clique(lc, value, /*prior_definite*/ true);','   push_without_clique(lc, value, lc->prior_definite);', 'register uses context'),
 ('lk_leak.cpp','   lc->prior_definite = true;\n   lc->clique_cursor = 0;','   lc->prior_definite = false;\n   lc->clique_cursor = 0;', 'begin prior false'),
 ('lk_report.cpp','      lr.n_blocks++;','      lr.n_blocks = 1;', 'n_blocks not summed'),
 ('lk_report.cpp','   *print_record = full && considered && (p->show_kinds & LK_KIND_BIT(r.state));','   *print_record = full && considered && (p->error_kinds & LK_KIND_BIT(r.state));', 'print uses error kinds'),
 ('lk_report.cpp','      rec.r.old_indirect_szB = rec.r.indirect_szB;','', 'old indirect not aged'),
 ('lk_report.cpp','         t.blocks_suppressed += rec.r.n_blocks;','', 'suppressed blocks'),
 ('lk_fmt.cpp','   o.udec(r->szB + r->indirect_szB);','   o.udec(r->szB);', 'xml leakedbytes direct'),
 ('lk_fmt.cpp','      if (seen_none || set) return 0;   /* "all" mixed with other words */','      if (set) return 0;', 'all,none ok'),
 ('lk_fmt.cpp','         o.str("To see details of leaked memory, give \'full\' arg to leak_check\\n");','         o.str("Rerun with --leak-check=full to see details of leaked memory\\n");', 'monitor wording'),
 ('lk_fmt.cpp','   num_delta(o, r->n_blocks, r->old_n_blocks, mode);','   o.udec_sep(r->n_blocks);', 'no block delta'),
 ('lk_fmt.cpp','   o.udec_sep(nr);','   o.udec(nr);', 'record nr no sep'),
 ('lk_fmt.cpp','   o.str(" bytes allocated\\n\\n");','   o.str(" bytes allocated\\n");', 'heap summary blank'),
 ('lk_fmt.cpp','   if (now >= old) { o.str(" (+"); o.udec_sep(now - old); }','   if (now > old) { o.str(" (+"); o.udec_sep(now - old); }', 'zero delta sign'),
]

def main():
   sel = sys.argv[1:]
   tmp = tempfile.mkdtemp(prefix='lk-mutants.')
   survivors = 0
   for i, (f, old, new, desc) in enumerate(muts):
      if sel and str(i) not in sel:
         continue
      text = open(os.path.join(TOP, f)).read()
      if text.count(old) != 1:
         print('[%d] %s: pattern not found (core changed?)' % (i, desc))
         continue
      mf = os.path.join(tmp, f)
      open(mf, 'w').write(text.replace(old, new))
      objs = []
      for c in ('lk_leak', 'lk_report', 'lk_fmt'):
         if c + '.cpp' == f:
            o = os.path.join(tmp, c + '.o')
            subprocess.run([CXX, '-std=c++17', '-O1', '-g'] + SAN +
                           ['-I' + TOP, '-I' + os.path.join(TOP, 'tests', 'unit'), '-c', mf, '-o', o],
                           check=True)
            objs.append(o)
         else:
            objs.append(os.path.join(BUILD, 'tests_unit_lk_unit-%s.o' % c))
      tests = sorted(os.path.join(BUILD, 'tests', 'unit', x)
                     for x in os.listdir(os.path.join(BUILD, 'tests', 'unit'))
                     if x.startswith('lk_unit-') and x.endswith('.o'))
      exe = os.path.join(tmp, 'lk_unit')
      subprocess.run([CXX] + SAN + ['-o', exe] + objs + tests, check=True)
      try:
         r = subprocess.run([exe], capture_output=True, text=True, timeout=120)
         killed = r.returncode != 0
         how = 'exit %d' % r.returncode
      except subprocess.TimeoutExpired:
         killed, how = True, 'timeout'
      eq = desc in EQUIVALENT
      if not killed and not eq:
         survivors += 1
      print('[%d] %s: %s (%s)' % (i, desc, 'killed' if killed else
                                  ('survived, equivalent' if eq else 'SURVIVED'), how))
      sys.stdout.flush()
   return 1 if survivors else 0

if __name__ == '__main__':
   sys.exit(main())
