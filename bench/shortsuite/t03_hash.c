/* Open hash table of strings with chaining; leaks the bucket array. */
#include <string.h>
#include "check.h"
typedef struct ent { char *k; int v; struct ent *next; } ent;
typedef struct { ent **b; unsigned nb, n; } table;
static unsigned h(const char *s) { unsigned x = 2166136261u; while (*s) x = (x ^ (unsigned char)*s++) * 16777619u; return x; }
static void put(table *t, const char *k, int v) {
   unsigned i = h(k) % t->nb;
   for (ent *e = t->b[i]; e; e = e->next) if (!strcmp(e->k, k)) { e->v = v; return; }
   ent *e = malloc(sizeof *e); e->k = strdup(k); e->v = v; e->next = t->b[i]; t->b[i] = e; t->n++;
}
static int get(table *t, const char *k) {
   for (ent *e = t->b[h(k) % t->nb]; e; e = e->next) if (!strcmp(e->k, k)) return e->v;
   return -1;
}
int main(void) {
   table t = { calloc(257, sizeof(ent *)), 257, 0 };
   char key[32];
   for (int i = 0; i < 4000; i++) { snprintf(key, sizeof key, "key-%d", i % 1500); put(&t, key, i); }
   CHECK(t.n == 1500);
   CHECK(get(&t, "key-7") == 3007);
   CHECK(get(&t, "nope") == -1);
   for (unsigned i = 0; i < t.nb; i++)
      for (ent *e = t.b[i], *nx; e; e = nx) { nx = e->next; free(e->k); free(e); }
   return CHECK_DONE();                      /* t.b leaked */
}
