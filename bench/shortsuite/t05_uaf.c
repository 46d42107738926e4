/* A cache that hands out an entry after evicting it: use after free. */
#include <string.h>
#include "check.h"
typedef struct { int key; char val[24]; } entry;
static entry *slots[8];
static entry *lookup(int key) {
   entry *e = slots[key % 8];
   if (e && e->key == key) return e;
   if (e) free(e);
   e = malloc(sizeof *e); e->key = key; snprintf(e->val, sizeof e->val, "v%d", key);
   slots[key % 8] = e; return e;
}
int main(void) {
   int hits = 0;
   for (int i = 0; i < 5000; i++) hits += lookup(i % 11)->key == i % 11;
   CHECK(hits == 5000);
   entry *stale = lookup(3);
   lookup(11);                               /* evicts key 3 */
   volatile int *k = &stale->key;
   CHECK(*k == 3 || *k != 3);                /* invalid read of size 4 */
   for (int i = 0; i < 8; i++) free(slots[i]);
   return CHECK_DONE();
}
