// Unit tests of the table-order model (lk_htorder.cpp) against a model of
// Valgrind's hash table as coregrind/m_hashtable.c behaves (3.19-3.27).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "lk_catch.hpp"
#include "lk_core.h"
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace {

// Valgrind's VgHashTable, operation by operation: chains of nodes, a node
// put at its chain's head, growth to the next prime once there are more
// nodes than chains (rehashing by a walk of the old chains, each from its
// head, every node to the head of its new chain), removal of the first
// node with the key.
struct RefTable {
   struct Node { uint64_t key, seq; Node* next; };
   static constexpr uint64_t primes[20] = {
      769, 1543, 3079, 6151, 12289, 24593, 49157, 98317, 196613, 393241,
      786433, 1572869, 3145739, 6291469, 12582917, 25165843, 50331653,
      100663319, 201326611, 402653189};
   std::vector<Node*> chains = std::vector<Node*>(primes[0], nullptr);
   uint64_t n = 0;
   std::vector<Node*> all;
   ~RefTable() { for (Node* nd : all) delete nd; }

   void add(uint64_t key, uint64_t seq) {
      Node* nd = new Node{key, seq, nullptr};
      all.push_back(nd);
      uint64_t c = key % chains.size();
      nd->next = chains[c];
      chains[c] = nd;
      if (++n > chains.size())
         grow();
   }
   void grow() {
      uint64_t old = chains.size(), next = old;
      if (old == primes[19])
         return;
      for (uint64_t p : primes)
         if (p > old + 1) { next = p; break; }
      std::vector<Node*> nc(next, nullptr);
      for (uint64_t i = 0; i < old; i++) {
         for (Node* nd = chains[i]; nd;) {
            Node* nx = nd->next;
            uint64_t c = nd->key % next;
            nd->next = nc[c];
            nc[c] = nd;
            nd = nx;
         }
      }
      chains.swap(nc);
   }
   // Removes the first node with key; returns its seq, 0 if none.
   uint64_t remove(uint64_t key) {
      Node** pp = &chains[key % chains.size()];
      for (; *pp; pp = &(*pp)->next) {
         if ((*pp)->key == key) {
            uint64_t s = (*pp)->seq;
            *pp = (*pp)->next;
            n--;
            return s;
         }
      }
      return 0;
   }
   uint64_t lookup(uint64_t key) const {
      for (Node* nd = chains[key % chains.size()]; nd; nd = nd->next)
         if (nd->key == key) return nd->seq;
      return 0;
   }
   std::vector<std::pair<uint64_t, uint64_t>> walk() const {
      std::vector<std::pair<uint64_t, uint64_t>> out;
      for (Node* head : chains)
         for (Node* nd = head; nd; nd = nd->next)
            out.push_back({nd->key, nd->seq});
      return out;
   }
};
constexpr uint64_t RefTable::primes[20];

struct Live { uint64_t key, seq; };

// The model's walk: the live nodes sorted by lk_hto_cmp.
std::vector<std::pair<uint64_t, uint64_t>> model_walk(const LK_HtOrder& o,
                                                      std::vector<Live> live) {
   std::sort(live.begin(), live.end(), [&](const Live& a, const Live& b) {
      return lk_hto_cmp(&o, a.key, a.seq, b.key, b.seq) < 0;
   });
   std::vector<std::pair<uint64_t, uint64_t>> out;
   for (const Live& l : live) out.push_back({l.key, l.seq});
   return out;
}

// The first node with key in the model's order, 0 if none.
uint64_t model_lookup(const LK_HtOrder& o, const std::vector<Live>& live,
                      uint64_t key) {
   const Live* best = nullptr;
   for (const Live& l : live)
      if (l.key == key && (!best || lk_hto_cmp(&o, l.key, l.seq, best->key, best->seq) < 0))
         best = &l;
   return best ? best->seq : 0;
}

void remove_seq(std::vector<Live>& live, uint64_t seq) {
   for (size_t i = 0; i < live.size(); i++)
      if (live[i].seq == seq) { live[i] = live.back(); live.pop_back(); return; }
   FAIL("no live node with that seq");
}

}  // namespace

TEST_CASE("insertion order and chains before any growth", "[htorder]") {
   LK_HtOrder o;
   lk_hto_init(&o);
   CHECK(lk_hto_n_chains(&o) == 769);
   uint64_t a = lk_hto_insert(&o), b = lk_hto_insert(&o);
   CHECK(a == 1);
   CHECK(b == 2);
   // Same chain (keys 5 and 5 + 769): newest first.
   CHECK(lk_hto_cmp(&o, 5 + 769, b, 5, a) < 0);
   CHECK(lk_hto_cmp(&o, 5, a, 5 + 769, b) > 0);
   // Other chains: by chain index, whatever the age.
   CHECK(lk_hto_cmp(&o, 4, b, 5, a) < 0);
   CHECK(lk_hto_cmp(&o, 5, a, 5, a) == 0);
}

TEST_CASE("the table grows past each prime, once", "[htorder]") {
   LK_HtOrder o;
   lk_hto_init(&o);
   for (int i = 0; i < 769; i++) lk_hto_insert(&o);
   CHECK(lk_hto_n_chains(&o) == 769);
   uint64_t s = lk_hto_insert(&o);   // the 770th node
   CHECK(lk_hto_n_chains(&o) == 1543);
   CHECK(o.growth_seq[0] == s);
   // Back below and above 769: no second growth until 1543 is passed.
   lk_hto_remove(&o); lk_hto_remove(&o);
   lk_hto_insert(&o); lk_hto_insert(&o);
   CHECK(lk_hto_n_chains(&o) == 1543);
}

TEST_CASE("a growth reverses each chain's old order", "[htorder]") {
   RefTable ref;
   LK_HtOrder o;
   lk_hto_init(&o);
   std::vector<Live> live;
   // 770 nodes on few keys, so that chains are long before and after.
   for (int i = 0; i < 770; i++) {
      uint64_t key = 16 * (uint64_t)(i % 7) + 4096;
      uint64_t s = lk_hto_insert(&o);
      ref.add(key, s);
      live.push_back({key, s});
   }
   REQUIRE(lk_hto_n_chains(&o) == 1543);
   CHECK(model_walk(o, live) == ref.walk());
   for (int k = 0; k < 7; k++) {
      uint64_t key = 16 * (uint64_t)k + 4096;
      CHECK(model_lookup(o, live, key) == ref.lookup(key));
   }
}

TEST_CASE("random insertions and removals match Valgrind's table", "[htorder]") {
   for (uint32_t seed : {1u, 2u, 3u, 4u}) {
      CAPTURE(seed);
      std::mt19937_64 rng(seed);
      RefTable ref;
      LK_HtOrder o;
      lk_hto_init(&o);
      std::vector<Live> live;
      // Keys like heap addresses (16-aligned) from a range small enough
      // for repeats (custom blocks may share a start), plus a growth
      // phase, a shrinking phase and a second growth phase, so that
      // nodes live across several growths.
      const int phases[] = {30000, -20000, 30000};
      int checks = 0;
      for (int ph : phases) {
         int steps = ph > 0 ? ph : -ph;
         for (int i = 0; i < steps; i++) {
            bool ins = ph > 0 ? (rng() % 4 != 0) : (rng() % 4 == 0);
            if (ins || live.empty()) {
               uint64_t key = 0x4000000 + 16 * (rng() % 60000);
               uint64_t s = lk_hto_insert(&o);
               ref.add(key, s);
               live.push_back({key, s});
            } else {
               // Remove by key, as free() does: the first node with it.
               uint64_t key = live[rng() % live.size()].key;
               uint64_t want = ref.lookup(key);
               REQUIRE(model_lookup(o, live, key) == want);
               REQUIRE(ref.remove(key) == want);
               lk_hto_remove(&o);
               remove_seq(live, want);
            }
            if (i % 7919 == 0) {
               REQUIRE(o.n_elements == ref.n);
               REQUIRE(lk_hto_n_chains(&o) == ref.chains.size());
               REQUIRE(model_walk(o, live) == ref.walk());
               checks++;
            }
         }
      }
      CHECK(checks >= 10);
      CHECK(o.n_growths >= 5);
      CHECK(model_walk(o, live) == ref.walk());
   }
}
