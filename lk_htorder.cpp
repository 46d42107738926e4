/*--------------------------------------------------------------------*/
/*--- leakcheck: the order of Memcheck's table of live blocks.     ---*/
/*---                                                lk_htorder.cpp ---*/
/*--------------------------------------------------------------------*/

/*
   This file is part of leakcheck.  SPDX-License-Identifier: GPL-2.0-or-later

   Memcheck keeps its live blocks (malloc'd and MALLOCLIKE) in a Valgrind
   hash table, and two things users see follow that table's order: the
   block an address description names when several blocks hold the
   address (custom blocks inside a malloc'd one), and the order in which
   an auto-free mempool frees the blocks inside a chunk.  Walking or
   searching the real table costs a cache miss per malloc and per free on
   a big heap, so leakcheck keeps no such table (lk_heap.c finds blocks
   by their address); this file says where each live block would stand
   in it.

   The facts of the table (Valgrind's coregrind/m_hashtable.c, the same
   from 3.19 to 3.27): a node goes into chain key % n_chains, at the
   chain's head; after an insertion, if the table holds more nodes than
   it has chains, it grows to the next of a fixed list of primes (starting
   at 769) by walking the old chains in index order, each from its head,
   putting every node at the head of its new chain; a removal unlinks the
   node and never shrinks the table.  A walk visits chains in index order,
   each from its head; a search by key returns the first node of its
   chain with that key.

   So the position of a node depends only on its key, on when it was
   inserted (its sequence number) and on when the table grew:
   - in the table as it is now, chains come in index order;
   - within a chain, nodes inserted since the last growth come first,
     newest first;
   - nodes that were there at the last growth follow, in the reverse of
     the order the growth's walk of the old table visited them (each was
     put at the head in turn), which is the same rule one growth back.
   Removals do not reorder the remaining nodes of a chain, so nothing
   about removed nodes needs to be kept: a count (which decides when the
   table grows) and the sequence number at each growth.
*/

#include "lk_core.h"

namespace {

const uint64_t kPrimes[LK_HTO_N_PRIMES] = {
   769ULL,       1543ULL,      3079ULL,      6151ULL,      12289ULL,
   24593ULL,     49157ULL,     98317ULL,     196613ULL,    393241ULL,
   786433ULL,    1572869ULL,   3145739ULL,   6291469ULL,   12582917ULL,
   25165843ULL,  50331653ULL,  100663319ULL, 201326611ULL, 402653189ULL
};

}  // namespace

extern "C" void lk_hto_init(LK_HtOrder* o) {
   o->n_elements = 0;
   o->last_seq = 0;
   o->n_growths = 0;
   for (unsigned i = 0; i < LK_HTO_N_PRIMES; i++)
      o->growth_seq[i] = 0;
}

extern "C" uint64_t lk_hto_n_chains(const LK_HtOrder* o) {
   return kPrimes[o->n_growths];
}

extern "C" uint64_t lk_hto_insert(LK_HtOrder* o) {
   uint64_t seq = ++o->last_seq;
   o->n_elements++;
   // The table grows once past each prime, and not past the last one.
   if (o->n_elements > kPrimes[o->n_growths]
       && o->n_growths + 1 < LK_HTO_N_PRIMES) {
      o->growth_seq[o->n_growths] = seq;   // this node took part
      o->n_growths++;
   }
   return seq;
}

extern "C" void lk_hto_remove(LK_HtOrder* o) {
   o->n_elements--;
}

extern "C" int lk_hto_cmp(const LK_HtOrder* o, uint64_t key_x, uint64_t seq_x,
                          uint64_t key_y, uint64_t seq_y) {
   if (seq_x == seq_y)
      return 0;
   // sign: +1 while comparing in the table's own order, -1 once a growth
   // has reversed it.
   int sign = 1;
   for (int g = (int)o->n_growths; g >= 0; g--) {
      uint64_t n = kPrimes[g];
      uint64_t cx = key_x % n, cy = key_y % n;
      if (cx != cy)
         return cx < cy ? -sign : sign;
      // Same chain of the table with n chains.  Nodes inserted after the
      // growth that made it (seq above the growth's) come first, newest
      // first; g == 0: the table as constructed, no growth before.
      uint64_t since = g == 0 ? 0 : o->growth_seq[g - 1];
      bool nx = seq_x > since, ny = seq_y > since;
      if (nx && ny)
         return seq_x > seq_y ? -sign : sign;
      if (nx)
         return -sign;
      if (ny)
         return sign;
      // Both were in the old table when it grew: reversed.
      sign = -sign;
   }
   return 0;   // not reached: at g == 0 every seq is above 0
}

/*--------------------------------------------------------------------*/
/*--- end                                             lk_htorder.cpp ---*/
/*--------------------------------------------------------------------*/
