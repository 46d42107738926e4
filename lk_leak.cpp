/*--------------------------------------------------------------------*/
/*--- leakcheck: the leak search (marking, cliques).               ---*/
/*---                                                   lk_leak.cpp ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   The big picture
   ---------------
   The heap is a graph: nodes are the live heap blocks, edges are aligned
   8-byte words inside one block whose value points into another.  The
   root set is every word of the client's readable+writable mappings
   other than the heap itself (data, bss, mmaps, thread stacks above
   SP-128) plus every thread's general-purpose registers.  The glue
   enumerates the roots; this file decides what each block is.

   A word P "points into" block B when B.start <= P < B.start + B.size
   (zero-sized blocks count as one byte).  P == B.start is a
   start-pointer; anything else is an interior pointer.  An interior
   pointer may still count as a start-pointer when one of the four
   heuristics of Memcheck accepts it (std::string, length64, new[]
   cookie, multiple inheritance); see heuristic_reachedness().

   Marking (Memcheck's lc_push_without_clique_if_a_chunk_ptr):
     - a start-pointer (or heuristic match) from a definite source (a root
       or a Reachable block) makes B Reachable;
     - any other pointer makes an Unreached B Possible;
     - a block whose state changes is (re)scanned; a Possible block's
       pointers are never definite, so what it reaches is at most
       Possible; a Possible block later upgraded to Reachable is
       rescanned, so its children are upgraded too.
   All roots are scanned before the mark stack is drained, and the mark
   stack is LIFO, exactly as in Memcheck: the final states do not depend
   on the order, but the heuristic tags (and so the "reachable via
   heuristic" lines) can, and we want the same lines.

   Cliques (Memcheck's lc_push_with_clique_if_a_chunk_ptr): after
   marking, blocks are visited in address order; each still Unreached
   block becomes a clique leader, and every Unreached block reachable
   from it (through start or interior pointers alike) becomes
   IndirectLeak and adds its size to the leader's indirect bytes.  A
   previous leader reached this way joins the new clique with its whole
   indirect size.  So in a lost cycle the lowest-addressed block leads;
   a block reachable from two lost blocks belongs to the first clique
   only.  Possible and Reachable blocks never carry indirect bytes.

   The nine pointer-chain cases of memcheck/tests/leak-cases.c then come
   out as Memcheck reports them:

      root -> A -> B          A: Reachable/start   B: as the A->B pointer says
      case  root->A    A->B     A                  B
        1   start      -        reachable          -
        2   interior   -        possible           -
        3   start      start    reachable          reachable
        4   start      inter.   reachable          possible
        5   inter.     start    possible           possible
        6   inter.     inter.   possible           possible
        7   -          start    definite (leader)  indirect
        8   -          inter.   definite (leader)  indirect
        9   -          -        definite           -

   Fault safety: lk_leak_scan() reads client memory directly.  The glue
   runs it under a fault catcher and longjmps out on SIGSEGV/SIGBUS; to
   make that safe every effect of a word is committed to memory (compiler
   barrier) before the next word is read, and the only state kept in
   registers across a read is the loop position, which the glue restarts
   from the faulting address.  Heuristic reads go through the host's
   fault-safe read_word() instead.  Nothing here holds resources that
   would need unwinding.

   Start tags (lk_leak_tags_begin): optionally, before marking, 16 bytes
   below each malloc'd block (its redzone, which the glue hands over)
   name the block, so a start-pointer is recognised from the block's own
   cache line instead of the bucket table and range arrays.  They change
   only how a block is found, never which: see find() and the tests
   tagged [tags].

   Known weaknesses / XXX
   - Without definedness bits every readable word is a candidate pointer.
     The glue compensates by clearing stack below SP and fresh heap blocks
     (see lk_translate.c and lk_heap.c); words written with garbage still
     count, where Memcheck would skip undefined ones.
   - Heuristic "validity" cannot test definedness either (Memcheck's
     is_valid_aligned_word): any readable word is valid here.
*/

#include "lk_leak.hpp"

/*------------------------------------------------------------*/
/*--- Core initialisation                                  ---*/
/*------------------------------------------------------------*/

namespace lk {

const LK_Host* g_host = nullptr;

void assert_fail(const char* expr, const char* file, int line) {
   g_host->assert_fail(expr, file, line);
   for (;;) { }
}

inline void compiler_barrier() { __asm__ __volatile__("" ::: "memory"); }

/* Zero-sized blocks count as one byte, as in Memcheck's find_chunk_for,
   so that a pointer to them reaches them. */
inline uint64_t eff_size(uint64_t szB) { return szB == 0 ? 1 : szB; }
inline uint64_t eff_end(const Block& b) { return b.start + eff_size(b.size()); }

} // namespace lk

extern "C" void lk_core_init(const LK_Host* host) {
   lk::g_host = host;
}

/*------------------------------------------------------------*/
/*--- The block set                                        ---*/
/*------------------------------------------------------------*/

using lk::Block;

extern "C" LK_Leak* lk_leak_new(void) {
   LK_Leak* lc = static_cast<LK_Leak*>(lk::host_alloc("lk.leak.1", sizeof(LK_Leak)));
   unsigned char* raw = reinterpret_cast<unsigned char*>(lc);
   for (size_t i = 0; i < sizeof(LK_Leak); i++) raw[i] = 0;
   lc->blocks.init("lk.leak.blocks");
   lc->sidx16.init("lk.leak.sidx16");
   lc->sidx.init("lk.leak.sidx");
   lc->stacks.init("lk.leak.stacks");
   lc->stack_hash.init("lk.leak.stackhash");
   lc->alloc.init("lk.leak.alloc");
   lc->groups.init("lk.leak.groups");
   lc->st.init("lk.leak.state");
   lc->ind.init("lk.leak.ind");
   lc->unr_bits.init("lk.leak.unrbits");
   lc->unr_rank.init("lk.leak.unrrank");
   lc->markstack.init("lk.leak.mark");
   lc->bucket_first.init("lk.leak.buckets");
   lc->rng.init("lk.leak.rng");
   lc->records.init("lk.leak.records");
   lc->rec_hash.init("lk.leak.rechash");
   lc->tag_pages.init("lk.leak.tagpages");
   lc->borig.init("lk.leak.borig");
   lc->rorig.init("lk.leak.rorig");
   lc->clique = -1;
   lc->cur_clique = -1;
   return lc;
}

extern "C" void lk_leak_begin(LK_Leak* lc, size_t n_blocks_hint,
                              unsigned heuristics) {
   lc->blocks.clear();
   lc->blocks.reserve(n_blocks_hint);
   /* 2 bytes a block until a 65,537th stack is seen (bench/run-leakscan:
      a 4-byte index was 3.8 MiB of the search's 21 MiB). */
   lc->sidx16.clear();
   lc->sidx16.reserve(n_blocks_hint);
   lc->sidx.release();
   lc->narrow = true;
   lc->stacks.clear();
   lc->stack_hash.resize_uninit(16);
   for (size_t i = 0; i < 16; i++) lc->stack_hash[i] = 0;
   lc->last_sidx = lk::kNoStack;
   lc->wide_alloc = false;
   lc->alloc.release();   /* only made if the stacks are too many */
   lc->groups.clear();
   lc->use_groups = false;
   lc->st.clear();
   lc->ind.clear();
   lc->ind_ready = false;
   lc->markstack.clear();
   lc->records_made = false;
   lc->origins_ready = false;
   lc->heuristics = heuristics;
   lc->clique = -1;
   lc->cur_clique = -1;
   lc->prior_definite = true;
   lc->clique_cursor = 0;
   lc->scanned_szB = 0;
   lc->scan_open = false;
   lc->has_overlap = false;
   lc->lo = 0;
   lc->span = 0;
   lc->draining = false;
   lc->tags_on = false;
   lc->n_tagged = 0;
}

namespace {

using lk::kNoStack;

inline size_t stack_hash_of(LK_StackId s, size_t mask) {
   uint64_t h = s * 0x9E3779B97F4A7C15ull;
   return (size_t)(h ^ (h >> 32)) & mask;
}

void rehash_stacks(LK_Leak* lc) {
   size_t want = 16;
   while (want < lc->stacks.size() * 2 + 16) want *= 2;
   lc->stack_hash.resize_uninit(want);
   for (size_t i = 0; i < want; i++) lc->stack_hash[i] = 0;
   size_t mask = want - 1;
   for (size_t k = 0; k < lc->stacks.size(); k++) {
      size_t h = stack_hash_of(lc->stacks[k], mask);
      while (lc->stack_hash[h] != 0) h = (h + 1) & mask;
      lc->stack_hash[h] = (uint32_t)(k + 1);
   }
}

/* The index of s in lc->stacks, adding it if new. */
uint32_t stack_index(LK_Leak* lc, LK_StackId s) {
   if (s == lc->last_stack && lc->last_sidx != kNoStack)
      return lc->last_sidx;
   size_t mask = lc->stack_hash.size() - 1;
   size_t h = stack_hash_of(s, mask);
   uint32_t k;
   for (;;) {
      uint32_t e = lc->stack_hash[h];
      if (e == 0) {
         k = (uint32_t)lc->stacks.size();
         lc->stacks.push_back(s);
         if (lc->stacks.size() * 2 > lc->stack_hash.size())
            rehash_stacks(lc);
         else
            lc->stack_hash[h] = k + 1;
         break;
      }
      if (lc->stacks[e - 1] == s) { k = e - 1; break; }
      h = (h + 1) & mask;
   }
   lc->last_stack = s;
   lc->last_sidx = k;
   return k;
}

/* Each block's alloc_at itself from now on: an index (4 bytes a block)
   and the table (8 bytes a stack in 'stacks', 8 to 16 in stack_hash)
   cost more once there are more than an eighth as many stacks as
   blocks. */
void go_wide(LK_Leak* lc) {
   size_t n = lc->blocks.size();
   lc->alloc.reserve(lc->blocks.cap_);
   lc->alloc.resize_uninit(n);
   for (size_t i = 0; i < n; i++) lc->alloc[i] = lk::alloc_of(lc, i);
   lc->wide_alloc = true;
   lc->sidx16.release();
   lc->sidx.release();
   lc->stacks.release();
   lc->stack_hash.release();
}

/* The 65,537th stack: 4-byte indices from now on. */
void widen_sidx(LK_Leak* lc) {
   size_t n = lc->sidx16.size();
   lc->sidx.reserve(lc->blocks.cap_);
   lc->sidx.resize_uninit(n);
   for (size_t i = 0; i < n; i++) lc->sidx[i] = lc->sidx16[i];
   lc->sidx16.release();
   lc->narrow = false;
}

} // namespace

extern "C" void lk_leak_add_block(LK_Leak* lc, LK_Addr start, uint64_t szB,
                                  LK_StackId alloc_at, LK_StackId group,
                                  unsigned flags) {
   Block b = Block::make(start, szB, flags);
   if (group != alloc_at && !lc->use_groups) {
      /* First block whose group differs: keep groups from now on. */
      lc->use_groups = true;
      lc->groups.reserve(lc->blocks.cap_);
      for (size_t i = 0; i < lc->blocks.size(); i++)
         lc->groups.push_back(lk::alloc_of(lc, i));
   }
   if (lc->use_groups)
      lc->groups.push_back(group);
   lc->blocks.push_back(b);
   if (!lc->wide_alloc) {
      uint32_t k = stack_index(lc, alloc_at);
      if (lc->narrow && k > 0xFFFFu)
         widen_sidx(lc);
      if (lc->narrow)
         lc->sidx16.push_back((uint16_t)k);
      else
         lc->sidx.push_back(k);
      if (lc->stacks.size() > 4096 + lc->blocks.cap_ / 8)
         go_wide(lc);
   } else {
      lc->alloc.push_back(alloc_at);
   }
}

namespace {

/* The arrays that follow the blocks' order (blocks, alloc, and groups if
   kept), seen by the sorts below as one sequence of items. */
struct BlockSeq {
   struct Item {
      Block      b;
      LK_StackId alloc_at;   /* or the stack's index */
      LK_StackId group;
   };
   Block*      b;
   uint16_t*   s16; /* sidx16 if narrow, else null */
   uint32_t*   s;   /* sidx if neither narrow nor wide_alloc, else null */
   LK_StackId* a;   /* alloc with wide_alloc, else null */
   LK_StackId* g;   /* null without groups */

   uint64_t key(size_t i) const { return b[i].start; }
   Item get(size_t i) const {
      Item v;
      v.b = b[i];
      v.alloc_at = s16 ? s16[i] : s ? s[i] : a[i];
      v.group = g ? g[i] : 0;
      return v;
   }
   void put(size_t i, const Item& v) {
      b[i] = v.b;
      if (s16) s16[i] = (uint16_t)v.alloc_at;
      else if (s) s[i] = (uint32_t)v.alloc_at;
      else a[i] = v.alloc_at;
      if (g) g[i] = v.group;
   }
   BlockSeq from(size_t off) const {
      BlockSeq q = { b + off, s16 ? s16 + off : nullptr,
                     s ? s + off : nullptr, a ? a + off : nullptr,
                     g ? g + off : nullptr };
      return q;
   }
};

/* In-place MSD radix sort of blocks by start ("American flag sort"),
   8 bits per pass from the highest bit where the starts differ; small
   buckets use insertion sort.  No extra memory beyond 2 KiB of counts
   per level (at most 8 levels), which matters with a million blocks. */
void insertion_sort(BlockSeq a, size_t n) {
   for (size_t i = 1; i < n; i++) {
      BlockSeq::Item v = a.get(i);
      size_t j = i;
      while (j > 0 && a.key(j - 1) > v.b.start) { a.put(j, a.get(j - 1)); j--; }
      a.put(j, v);
   }
}

void radix_sort(BlockSeq a, size_t n, int shift) {
   if (n <= 32) { insertion_sort(a, n); return; }
   size_t count[256], next[256], end[256];
   for (int d = 0; d < 256; d++) count[d] = 0;
   for (size_t i = 0; i < n; i++) count[(a.key(i) >> shift) & 0xFF]++;
   size_t pos = 0;
   for (int d = 0; d < 256; d++) { next[d] = pos; pos += count[d]; end[d] = pos; }
   for (int d = 0; d < 256; d++) {
      while (next[d] < end[d]) {
         BlockSeq::Item v = a.get(next[d]);
         int dv = (int)((v.b.start >> shift) & 0xFF);
         while (dv != d) {
            BlockSeq::Item t = a.get(next[dv]);
            a.put(next[dv]++, v);
            v = t;
            dv = (int)((v.b.start >> shift) & 0xFF);
         }
         a.put(next[d]++, v);
      }
   }
   if (shift == 0) return;
   size_t b = 0;
   for (int d = 0; d < 256; d++) {
      if (count[d] > 1) radix_sort(a.from(b), count[d], shift - 8);
      b += count[d];
   }
}

/* Insertion sort that gives up after 'budget' moves; returns whether
   it finished.  The blocks come from the glue in allocation order, which
   for a heap that mostly grows is address order but for a few blocks
   (bench/run-leakscan: 21 out of place among a million): then this is
   one pass, where the radix sort would take four. */
bool bounded_insertion_sort(BlockSeq a, size_t n, size_t budget) {
   for (size_t i = 1; i < n; i++) {
      if (a.key(i - 1) <= a.key(i)) continue;
      BlockSeq::Item v = a.get(i);
      size_t j = i;
      while (j > 0 && a.key(j - 1) > v.b.start) {
         if (budget-- == 0) { a.put(j, v); return false; }
         a.put(j, a.get(j - 1));
         j--;
      }
      a.put(j, v);
   }
   return true;
}

void sort_blocks(LK_Leak* lc) {
   size_t n = lc->blocks.size();
   if (n < 2) return;
   uint64_t lo = ~(uint64_t)0, hi = 0;
   size_t descents = 0;
   for (size_t i = 0; i < n; i++) {
      lo = lk::min_of(lo, lc->blocks[i].start);
      hi = lk::max_of(hi, lc->blocks[i].start);
      if (i > 0 && lc->blocks[i - 1].start > lc->blocks[i].start) descents++;
   }
   if (descents == 0) return;
   const bool narrow = !lc->wide_alloc && lc->narrow;
   BlockSeq seq = { lc->blocks.begin(),
                    narrow ? lc->sidx16.begin() : nullptr,
                    lc->wide_alloc || narrow ? nullptr : lc->sidx.begin(),
                    lc->wide_alloc ? lc->alloc.begin() : nullptr,
                    lc->use_groups ? lc->groups.begin() : nullptr };
   if (descents <= n / 1024 && bounded_insertion_sort(seq, n, 2 * n))
      return;
   /* (A partial insertion sort leaves a permutation: sort it all.) */
   uint64_t diff = lo ^ hi;
   int top = 0;
   while (top < 63 && (diff >> (top + 1)) != 0) top++;
   radix_sort(seq, n, (top / 8) * 8);
}

void erase_block(LK_Leak* lc, size_t i) {
   for (size_t j = i; j + 1 < lc->blocks.size(); j++) {
      lc->blocks[j] = lc->blocks[j + 1];
      if (lc->wide_alloc) lc->alloc[j] = lc->alloc[j + 1];
      else if (lc->narrow) lc->sidx16[j] = lc->sidx16[j + 1];
      else lc->sidx[j] = lc->sidx[j + 1];
      if (lc->use_groups) lc->groups[j] = lc->groups[j + 1];
   }
   lc->blocks.size_--;
   if (lc->wide_alloc) lc->alloc.size_--;
   else if (lc->narrow) lc->sidx16.size_--;
   else lc->sidx.size_--;
   if (lc->use_groups) lc->groups.size_--;
}

/* Builds the lookup structure of find_block().  'disjoint': no overlap
   was seen and no block erased (after an erase Memcheck's loop, which we
   follow, does not compare the new neighbours, so the ends are then not
   known to increase). */
void build_index(LK_Leak* lc, bool disjoint) {
   size_t n = lc->blocks.size();
   lc->bucket_first.clear();
   lc->rng.clear();
   if (n == 0) { lc->lo = 0; lc->span = 0; return; }
   uint64_t lo = lc->blocks[0].start;
   uint64_t hi = 0;
   if (disjoint) {
      hi = lk::eff_end(lc->blocks[n - 1]);
   } else {
      for (size_t i = 0; i < n; i++)
         hi = lk::max_of(hi, lk::eff_end(lc->blocks[i]));
   }
   lc->lo = lo;
   lc->span = hi - lo;
   if (lc->has_overlap) return;

   /* About one bucket per four blocks (the table stays cache-friendly and
      a bucket's candidates share a cache line or two), 16 bytes or more. */
   size_t want = n / 4 < 1024 ? 1024 : n / 4;
   unsigned shift = 4;
   while ((lc->span >> shift) > (uint64_t)want) shift++;
   lc->shift = shift;
   size_t nb = (size_t)((lc->span - 1) >> shift) + 1;
   lc->bucket_first.resize_uninit(nb + 1);
   size_t i = 0;
   for (size_t b = 0; b < nb; b++) {
      uint64_t bucket_lo = lo + ((uint64_t)b << shift);
      while (i < n && lk::eff_end(lc->blocks[i]) <= bucket_lo) i++;
      lc->bucket_first[b] = (uint32_t)i;
   }
   lc->bucket_first[nb] = (uint32_t)n;
}

/* The compact ranges, for lookups by bucket (see find_block).  Built
   when marking starts, and only if most start-pointers cannot be found
   through start tags: with tags, lookups are rare (interior pointers,
   untagged blocks) and 8 bytes more per block of fresh memory cost more
   than they save (bench/run-leakscan: 15-40 ms against nothing
   measurable in the marking). */
void build_rng(LK_Leak* lc) {
   size_t n = lc->blocks.size();
   if (n == 0 || lc->has_overlap || !lc->rng.empty()
       || lc->span >= ((uint64_t)1 << 32))
      return;
   if (lc->tags_on && lc->n_tagged >= n / 2)
      return;
   lc->rng.resize_uninit(n);
   for (size_t k = 0; k < n; k++) {
      lc->rng[k].start = (uint32_t)(lc->blocks[k].start - lc->lo);
      lc->rng[k].end = (uint32_t)(lk::eff_end(lc->blocks[k]) - lc->lo);
   }
}

} // namespace

extern "C" size_t lk_leak_prepare(LK_Leak* lc, LK_BlockRef* bad_a,
                                  LK_BlockRef* bad_b) {
   LK_ASSERT(lc->blocks.size() < 0xFFFFFFF0u);
   sort_blocks(lc);
   bool erased = false;

   /* Overlaps, with Memcheck's rules and its exact iteration (after a
      removal the loop still advances, as in MC_(detect_memory_leaks)). */
   for (size_t i = 0; i + 1 < lc->blocks.size(); i++) {
      const Block& b1 = lc->blocks[i];
      const Block& b2 = lc->blocks[i + 1];
      uint64_t end1 = b1.start + b1.size() - 1;
      uint64_t end2 = b2.start + b2.size() - 1;
      bool custom1 = (b1.flags() & LK_BLOCK_CUSTOM) != 0;
      bool custom2 = (b2.flags() & LK_BLOCK_CUSTOM) != 0;
      if (end1 < b2.start) {
         /* Normal case: no overlap. */
      } else if (b1.start >= b2.start && end1 <= end2 && custom1 && !custom2) {
         erase_block(lc, i + 1);   /* custom block i hides malloc block i+1 */
         erased = true;
      } else if (b2.start >= b1.start && end2 <= end1 && custom2 && !custom1) {
         erase_block(lc, i);       /* custom block i+1 hides malloc block i */
         erased = true;
      } else {
         bool meta1 = (b1.flags() & LK_BLOCK_METAPOOL) != 0;
         bool meta2 = (b2.flags() & LK_BLOCK_METAPOOL) != 0;
         bool inappropriate = false;
         if (meta1 != meta2) {
            if ((meta1 && (b2.start < b1.start || end2 > end1))
                || (meta2 && (b1.start < b2.start || end1 > end2)))
               inappropriate = true;
         }
         if (meta1 == meta2 || inappropriate) {
            bad_a->start = b1.start; bad_a->szB = b1.size();
            bad_a->alloc_at = lk::alloc_of(lc, i);
            bad_b->start = b2.start; bad_b->szB = b2.size();
            bad_b->alloc_at = lk::alloc_of(lc, i + 1);
            return (size_t)-1;
         }
         lc->has_overlap = true;
      }
   }

   size_t n = lc->blocks.size();
   lc->st.resize_uninit(n);
   for (size_t i = 0; i < n; i++)
      lc->st[i] = LK_Unreached;
   lc->ind.clear();          /* made by lk_leak_begin_cliques */
   lc->ind_ready = false;
   lc->markstack.clear();
   lc->markstack.reserve(n);
   build_index(lc, !lc->has_overlap && !erased);
   return n;
}

extern "C" size_t lk_leak_n_blocks(const LK_Leak* lc) {
   return lc->blocks.size();
}

/*------------------------------------------------------------*/
/*--- Finding the block a word points into                 ---*/
/*------------------------------------------------------------*/

namespace lk {

/* Memcheck's find_chunk_for: binary search over start-sorted blocks.  Used
   when blocks overlap (metapools), where which block wins depends on the
   search path and we want Memcheck's answer. */
static int64_t find_block_bsearch(const LK_Leak* lc, uint64_t ptr) {
   int64_t lo = 0, hi = (int64_t)lc->blocks.size() - 1;
   while (lo <= hi) {
      int64_t mid = (lo + hi) / 2;
      const Block& b = lc->blocks[(size_t)mid];
      if (ptr < b.start) { hi = mid - 1; continue; }
      if (ptr >= eff_end(b)) { lo = mid + 1; continue; }
      return mid;
   }
   return -1;
}

int64_t find_block(const LK_Leak* lc, uint64_t ptr) {
   uint64_t off = ptr - lc->lo;
   if (off >= lc->span) return -1;   /* also catches ptr < lo (wraps) */
   if (lc->has_overlap) return find_block_bsearch(lc, ptr);
   size_t b = (size_t)(off >> lc->shift);
   /* The block holding ptr, if any, is the first one whose end is above
      ptr; it lies in [first[b], first[b+1]] since ends are increasing. */
   size_t i = lc->bucket_first[b];
   size_t j = lc->bucket_first[b + 1];
   size_t n = lc->blocks.size();
   if (!lc->rng.empty()) {
      const Range32* r = lc->rng.data_;
      uint32_t o = (uint32_t)off;
      while (j - i > 4) {
         size_t mid = i + (j - i) / 2;
         if (r[mid].end <= o) i = mid + 1; else j = mid;
      }
      while (i < n && r[i].end <= o) i++;
      if (i < n && r[i].start <= o) return (int64_t)i;
      return -1;
   }
   const Block* blocks = lc->blocks.data_;
   while (j - i > 4) {
      size_t mid = i + (j - i) / 2;
      if (eff_end(blocks[mid]) <= ptr) i = mid + 1; else j = mid;
   }
   while (i < n && eff_end(blocks[i]) <= ptr) i++;
   if (i < n && blocks[i].start <= ptr) return (int64_t)i;
   return -1;
}

} // namespace lk

/*------------------------------------------------------------*/
/*--- Heuristics                                           ---*/
/*------------------------------------------------------------*/

namespace {

const uint64_t kWord = 8;
using lk::kPage;
/* Memcheck's VTABLE_MAX_CHECK: candidate function pointers examined. */
const uint64_t kVtableMaxCheck = 20;

inline bool read_word(uint64_t a, uint64_t* out) {
   return lk::g_host->read_word(a, out) != 0;
}

/* A word of block b, which Memcheck would read only if addressable: never
   past the block's end (into the redzone). */
inline bool read_block_word(const Block& b, uint64_t a, uint64_t* out) {
   if (a < b.start || a + kWord > b.start + b.size()) return false;
   return read_word(a, out);
}

/* Does ptr look like the address of a vtable: inside a readable client
   file mapping, holding (among the first 21 words, cut at the end of the
   mapping) two non-NULL pointers into file mappings code was executed
   from, before anything else?  (aligned_ptr_above_page0_is_vtable_addr) */
bool is_vtable_addr(uint64_t ptr) {
   LK_SegInfo seg;
   if (!lk::g_host->segment_at(ptr, &seg)) return false;
   if (!(seg.flags & LK_SEG_FILE) || !(seg.flags & LK_SEG_R)) return false;
   uint64_t scan_max = ptr + kVtableMaxCheck * kWord;
   if (scan_max > seg.end - kWord) scan_max = seg.end - kWord;
   unsigned nr_fn_ptrs = 0;
   for (uint64_t scan = ptr; scan <= scan_max; scan += kWord) {
      uint64_t pot_fn;
      if (!read_word(scan, &pot_fn)) return false;
      if (pot_fn == 0) continue;   /* NULL entries happen in vtables */
      LK_SegInfo fseg;
      if (!lk::g_host->segment_at(pot_fn, &fseg)) return false;
      if (!(fseg.flags & LK_SEG_FILE) || !(fseg.flags & LK_SEG_T)) return false;
      if (++nr_fn_ptrs == 2) return true;
   }
   return false;
}

/* The heuristic (of the set) that makes interior pointer ptr into block
   b count as a start-pointer, or LK_HeurNone.  Any unreadable word means
   no heuristic, as a fault does in Memcheck's heuristic_reachedness. */
LK_Heuristic heuristic_reachedness(uint64_t ptr, const Block& b,
                                   unsigned heur_set) {
   uint64_t data = b.start;
   if (heur_set & LK_HEUR_BIT(LK_HeurStdString)) {
      /* libstdc++ pre-C++11 string rep: length, capacity, refcount, chars */
      uint64_t capacity, length;
      if (ptr == data + 3 * kWord && read_block_word(b, data + kWord, &capacity)) {
         if (3 * kWord + capacity + 1 == b.size() && read_block_word(b, data, &length)) {
            if (length <= capacity) return LK_HeurStdString;
         }
      }
   }
   if (heur_set & LK_HEUR_BIT(LK_HeurLength64)) {
      /* a 64-bit header holding the size of the rest (sqlite) */
      uint64_t size;
      if (ptr == data + 8 && read_block_word(b, data, &size)) {
         if (size > 0 && b.size() - 8 == size) return LK_HeurLength64;
      }
   }
   if (heur_set & LK_HEUR_BIT(LK_HeurNewArray)) {
      /* new[] of objects with a destructor: element count cookie */
      uint64_t nr_elts;
      if (ptr == data + kWord && read_block_word(b, data, &nr_elts)) {
         if (nr_elts > 0 && (b.size() - kWord) % nr_elts == 0)
            return LK_HeurNewArray;
      }
   }
   if (heur_set & LK_HEUR_BIT(LK_HeurMultipleInheritance)) {
      /* an inner vtable pointer, with the block starting with another */
      uint64_t inner_addr, first_addr;
      if ((ptr % kWord) == 0 && read_block_word(b, ptr, &inner_addr)) {
         if ((inner_addr % kWord) == 0 && inner_addr >= kPage
             && read_block_word(b, data, &first_addr)) {
            if ((first_addr % kWord) == 0 && first_addr >= kPage
                && is_vtable_addr(inner_addr) && is_vtable_addr(first_addr))
               return LK_HeurMultipleInheritance;
         }
      }
   }
   return LK_HeurNone;
}

} // namespace

/*------------------------------------------------------------*/
/*--- Marking                                              ---*/
/*------------------------------------------------------------*/

namespace {

using lk::kStateMask;
using lk::kPending;
using lk::kHeurShift;
using lk::kHeurMask;


inline void set_state(LK_Leak* lc, size_t i, unsigned s) {
   lc->st[i] = (uint8_t)((lc->st[i] & ~kStateMask) | s);
}

inline void set_heuristic(LK_Leak* lc, size_t i, unsigned h) {
   lc->st[i] = (uint8_t)((lc->st[i] & ~kHeurMask) | (h << kHeurShift));
}

/* A block found by a pointer: its index, start and size (size32 as in
   MarkEntry). */
struct Found {
   size_t   i;
   uint64_t start;
   uint32_t size32;
};

inline uint32_t size32_of(uint64_t szB) {
   return szB < lk::kSizeUnknown ? (uint32_t)szB : lk::kSizeUnknown;
}

/* Where a block start can have a tag, and so where a pointer may be
   checked against one: 16-aligned (as every malloc'd block), with the 16
   bytes below in the same page (mapped when the page is). */
inline bool tag_fits(uint64_t start) {
   return (start & 15) == 0 && (start & (kPage - 1)) >= 16;
}

inline uint64_t tag_hash(uint64_t start, uint64_t key) {
   uint64_t z = (start ^ key) * 0x9E3779B97F4A7C15ull;
   z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
   z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
   return z ^ (z >> 31);
}

/* Block i, its start and size: from the compact ranges when there are
   any (in cache right after a lookup; the Block array is twice as
   big). */
inline Found found_at(const LK_Leak* lc, size_t i) {
   Found f;
   f.i = i;
   if (!lc->rng.empty()) {
      const lk::Range32& r = lc->rng[i];
      f.start = lc->lo + r.start;
      /* Zero-sized blocks have a one-byte range; scanning one byte or
         none reads the same (no whole word). */
      f.size32 = r.end - r.start;
   } else {
      f.start = lc->blocks[i].start;
      f.size32 = size32_of(lc->blocks[i].size());
   }
   return f;
}

/* The block ptr points into, if any: through its start tag when ptr is
   a tagged block's start, else by lookup. */
inline bool find(const LK_Leak* lc, uint64_t ptr, Found* f) {
   if (ptr - lc->lo >= lc->span) return false;   /* also ptr < lo */
   if (lc->tags_on && tag_fits(ptr)) {
      uint64_t pg = (ptr - lc->tag_base) >> 12;
      if ((lc->tag_pages.data_[pg >> 6] >> (pg & 63)) & 1) {
         const volatile uint64_t* t =
            reinterpret_cast<const volatile uint64_t*>(ptr - 16);
         if (t[1] == tag_hash(ptr, lc->tag_key)) {
            uint64_t w0 = t[0];
            f->i = (uint32_t)w0;
            f->start = ptr;
            f->size32 = (uint32_t)(w0 >> 32);
            LK_ASSERT(f->i < lc->blocks.size());
            return true;
         }
      }
   }
   int64_t found = lk::find_block(lc, ptr);
   if (found < 0) return false;
   *f = found_at(lc, (size_t)found);
   return true;
}

inline void push(LK_Leak* lc, const Found& f) {
   size_t i = f.i;
   if (!(lc->st[i] & kPending)) {
      LK_ASSERT(lc->markstack.size() < lc->blocks.size());
      lk::MarkEntry& e = lc->markstack.data_[lc->markstack.size_++];
      e.start = f.start;
      e.idx = (uint32_t)i;
      e.size32 = f.size32;
      lc->st[i] |= kPending;
      /* Its words will be read soon: start fetching them. */
      __builtin_prefetch(reinterpret_cast<const void*>(f.start));
   }
}

/* Marking from roots and from blocks (clique == -1). */
void push_without_clique(LK_Leak* lc, uint64_t ptr, bool prior_definite) {
   Found f;
   if (!find(lc, ptr, &f)) return;
   size_t i = f.i;
   uint64_t start = f.start;
   unsigned state = lc->st[i] & kStateMask;

   if (state == LK_Reachable) {
      /* A real start-pointer clears a heuristic tag. */
      if ((lc->st[i] & kHeurMask) && ptr == start)
         set_heuristic(lc, i, LK_HeurNone);
      return;
   }

   bool via_start;
   if (ptr == start) {
      via_start = true;
   } else if (lc->heuristics) {
      unsigned h = heuristic_reachedness(ptr, lc->blocks[i], lc->heuristics);
      set_heuristic(lc, i, h);
      via_start = h != LK_HeurNone;
   } else {
      via_start = false;
   }

   if (via_start && prior_definite) {
      set_state(lc, i, LK_Reachable);
      push(lc, f);          /* (re)scan so its children are upgraded */
   } else if (state == LK_Unreached) {
      set_state(lc, i, LK_Possible);
      push(lc, f);
   }
}

/* Gathering the clique of leader 'clique' (blocks found from cur_clique). */
void push_with_clique(LK_Leak* lc, uint64_t ptr, int64_t clique,
                      int64_t cur_clique) {
   Found f;
   if (!find(lc, ptr, &f)) return;
   size_t i = f.i;
   if ((lc->st[i] & kStateMask) == LK_Unreached && (int64_t)i != clique) {
      push(lc, f);
      uint64_t& leader = lk::ind_of(lc, (size_t)clique);
      uint64_t& mine = lk::ind_of(lc, i);
      leader += lc->blocks[i].size();   /* exact size (ranges count 0 as 1) */
      leader += mine;                /* a former leader's clique */
      set_state(lc, i, LK_IndirectLeak);
      mine = (uint64_t)cur_clique;
   }
}

inline void consider_word(LK_Leak* lc, uint64_t w) {
   if (lc->clique < 0)
      push_without_clique(lc, w, lc->prior_definite);
   else
      push_with_clique(lc, w, lc->clique, lc->cur_clique);
}

/* Scans the aligned words of [p, e) of client memory: see "Fault safety"
   at the top of the file for why each effect is committed before the
   next read. */
inline void scan_words(LK_Leak* lc, uint64_t p, uint64_t e) {
   const uint64_t lo = lc->lo, span = lc->span;   /* locals: not reloaded */
   for (; p < e; p += 8) {
      uint64_t w = *reinterpret_cast<const volatile uint64_t*>(p);
      if (w - lo < span) {
         consider_word(lc, w);
         lk::compiler_barrier();
      }
   }
}

/* Pops one block and sets the scan context from it (Memcheck's
   lc_process_markstack). */
inline lk::MarkEntry pop_block(LK_Leak* lc) {
   lk::MarkEntry e = lc->markstack.data_[--lc->markstack.size_];
   uint32_t top = e.idx;
   LK_ASSERT(lc->st[top] & kPending);
   lc->st[top] &= (uint8_t)~kPending;
   if (lc->clique < 0)
      lc->prior_definite = (lc->st[top] & kStateMask) != LK_Possible;
   else
      lc->cur_clique = top;
   return e;
}

/* The end of a popped block. */
inline uint64_t entry_end(const LK_Leak* lc, const lk::MarkEntry& e) {
   if (e.size32 != lk::kSizeUnknown) return e.start + e.size32;
   return e.start + lc->blocks[e.idx].size();
}

} // namespace

/*------------------------------------------------------------*/
/*--- Start tags                                           ---*/
/*------------------------------------------------------------*/

extern "C" int lk_leak_tags_begin(LK_Leak* lc, uint64_t key) {
   lc->tags_on = false;
   lc->n_tagged = 0;
   lc->tag_cursor = 0;
   if (lc->blocks.empty() || lc->has_overlap || lc->span >= ((uint64_t)1 << 32)) return 0;
   lc->tag_key = key;
   lc->tag_base = lc->lo & ~(kPage - 1);
   size_t n_pages = (size_t)((lc->lo + lc->span - 1 - lc->tag_base) / kPage) + 1;
   size_t n_words = (n_pages + 63) / 64;
   lc->tag_pages.resize_uninit(n_words);
   for (size_t i = 0; i < n_words; i++) lc->tag_pages[i] = 0;
   return 1;
}

/* A block gets a tag when its 16 bytes below are in its own page and in
   no other block, and it is not a custom block (whose bytes below are
   the client's).  Each tag is written, then its page's bit set, then
   the cursor moved: after a fault the glue skips the current block. */
extern "C" void lk_leak_tags_write(LK_Leak* lc) {
   size_t n = lc->blocks.size();
   const Block* b = lc->blocks.data_;
   while (lc->tag_cursor < n) {
      size_t i = lc->tag_cursor;
      uint64_t s = b[i].start;
      if (!(b[i].flags() & LK_BLOCK_CUSTOM) && tag_fits(s)
          && (i == 0 || lk::eff_end(b[i - 1]) <= s - 16)) {
         volatile uint64_t* t = reinterpret_cast<volatile uint64_t*>(s - 16);
         lk::compiler_barrier();
         t[0] = (uint64_t)i | ((uint64_t)size32_of(b[i].size()) << 32);
         t[1] = tag_hash(s, lc->tag_key);
         lk::compiler_barrier();
         uint64_t pg = (s - lc->tag_base) / kPage;
         lc->tag_pages[pg >> 6] |= (uint64_t)1 << (pg & 63);
         lc->n_tagged++;
      }
      lc->tag_cursor = i + 1;
      lk::compiler_barrier();
   }
   lc->tags_on = lc->n_tagged > 0;
}

extern "C" void lk_leak_tags_skip(LK_Leak* lc) {
   lc->tag_cursor++;
}

extern "C" size_t lk_leak_n_tagged(const LK_Leak* lc) {
   return lc->tags_on ? lc->n_tagged : 0;
}

extern "C" void lk_leak_set_root_context(LK_Leak* lc) {
   build_rng(lc);
   lc->clique = -1;
   lc->cur_clique = -1;
   lc->prior_definite = true;
}

extern "C" void lk_leak_scan(LK_Leak* lc, LK_Addr start, LK_Addr end) {
   uint64_t p = (start + 7) & ~(uint64_t)7;
   uint64_t e = end & ~(uint64_t)7;
   if (!(lc->scan_open && lc->scan_open_end == e)) {
      if (p < e) lc->scanned_szB += e - p;   /* a fresh range */
      lc->scan_open = true;
      lc->scan_open_end = e;
   }
   lk::compiler_barrier();
   if (p < e) scan_words(lc, p, e);
   lk::compiler_barrier();
   lc->scan_open = false;
}

extern "C" void lk_leak_root_value(LK_Leak* lc, uint64_t value) {
   push_without_clique(lc, value, /*prior_definite*/ true);
}

extern "C" int lk_leak_pop(LK_Leak* lc, LK_Addr* start, LK_Addr* end) {
   if (lc->markstack.empty()) return 0;
   lk::MarkEntry top = pop_block(lc);
   const Block& b = lc->blocks[top.idx];
   *start = b.start;
   *end = b.start + b.size();
   return 1;
}

extern "C" void lk_leak_drain(LK_Leak* lc) {
   while (!lc->markstack.empty()) {
      lk::MarkEntry top = pop_block(lc);
      uint64_t p = (top.start + 7) & ~(uint64_t)7;
      uint64_t e = entry_end(lc, top) & ~(uint64_t)7;
      if (p >= e) continue;
      lc->scanned_szB += e - p;
      lc->drain_end = e;
      lc->draining = true;
      lk::compiler_barrier();
      scan_words(lc, p, e);
      lc->draining = false;
   }
}

extern "C" void lk_leak_drain_resume(LK_Leak* lc, LK_Addr fault_addr) {
   if (lc->draining) {
      uint64_t p = (fault_addr & ~(uint64_t)7) + 8;
      lk::compiler_barrier();
      if (p < lc->drain_end)
         scan_words(lc, p, lc->drain_end);
      lc->draining = false;
   }
   lk_leak_drain(lc);
}

extern "C" void lk_leak_begin_cliques(LK_Leak* lc) {
   LK_ASSERT(lc->markstack.empty());
   /* 'ind' for the blocks still Unreached (the only ones cliques touch),
      numbered by rank: a bit per block and a count per 64 blocks. */
   size_t n = lc->blocks.size();
   size_t nw = (n + 63) / 64;
   lc->unr_bits.resize_uninit(nw);
   lc->unr_rank.resize_uninit(nw);
   size_t u = 0;
   for (size_t w = 0; w < nw; w++) {
      uint64_t bits = 0;
      size_t base = w * 64;
      size_t lim = n - base < 64 ? n - base : 64;
      for (size_t k = 0; k < lim; k++)
         if ((lc->st[base + k] & kStateMask) == LK_Unreached)
            bits |= (uint64_t)1 << k;
      lc->unr_bits[w] = bits;
      lc->unr_rank[w] = (uint32_t)u;
      u += lk::popcount64(bits);
   }
   lc->ind.resize_uninit(u);
   for (size_t k = 0; k < u; k++) lc->ind[k] = 0;
   lc->ind_ready = true;
   lc->clique_cursor = 0;
}

extern "C" int lk_leak_next_clique(LK_Leak* lc) {
   LK_ASSERT(lc->markstack.empty());
   size_t n = lc->blocks.size();
   if (lc->clique >= 0) {
      /* The previous leader must still be Unreached (Memcheck asserts). */
      LK_ASSERT((lc->st[(size_t)lc->clique] & kStateMask) == LK_Unreached);
   }
   while (lc->clique_cursor < n) {
      size_t i = lc->clique_cursor++;
      if ((lc->st[i] & kStateMask) == LK_Unreached) {
         lc->clique = (int64_t)i;
         lc->cur_clique = (int64_t)i;
         push(lc, found_at(lc, i));
         return 1;
      }
   }
   lc->clique = -1;
   return 0;
}

extern "C" uint64_t lk_leak_scanned_bytes(const LK_Leak* lc) {
   return lc->scanned_szB;
}

extern "C" void lk_leak_block(const LK_Leak* lc, size_t i, LK_BlockResult* out) {
   LK_ASSERT(i < lc->blocks.size());
   const Block& b = lc->blocks[i];
   unsigned state = lk::state_of(lc, i);
   out->start = b.start;
   out->szB = b.size();
   out->alloc_at = lk::alloc_of(lc, i);
   out->state = (LK_State)state;
   out->heuristic = (LK_Heuristic)lk::heuristic_of(lc, i);
   out->indirect_szB = lc->ind_ready && state == LK_Unreached
                          ? lk::ind_of(lc, i) : 0;
   out->clique = lc->ind_ready && state == LK_IndirectLeak
                    ? (int64_t)lk::ind_of(lc, i) : -1;
   out->record = lk::record_of_block(lc, i);
}

extern "C" int lk_leak_find(const LK_Leak* lc, LK_Addr ptr, size_t* i) {
   if (lc->blocks.size() == 0 || lc->st.size() != lc->blocks.size())
      return 0;
   int64_t found = lk::find_block(lc, ptr);
   if (found < 0) return 0;
   *i = (size_t)found;
   return 1;
}

extern "C" int lk_leak_block_at(const LK_Leak* lc, LK_Addr ptr,
                                LK_Addr* start, uint64_t* szB) {
   size_t i;
   if (!lk_leak_find(lc, ptr, &i)) return 0;
   *start = lc->blocks[i].start;
   *szB = lc->blocks[i].size();
   return 1;
}

extern "C" int lk_leak_heuristic_accepts(const LK_Leak* lc, size_t i,
                                         LK_Addr ptr, LK_Heuristic h) {
   LK_ASSERT(i < lc->blocks.size());
   if (h == LK_HeurNone) return 0;
   return heuristic_reachedness(ptr, lc->blocks[i], LK_HEUR_BIT(h)) == h;
}

/*--------------------------------------------------------------------*/
/*--- end                                               lk_leak.cpp ---*/
/*--------------------------------------------------------------------*/
