/* String interning pool with a sorted index; the pool is reachable at exit. */
#include <string.h>
#include "check.h"
static char **pool; static int npool, cappool;
static const char *intern(const char *s) {
   int lo = 0, hi = npool;
   while (lo < hi) { int m = (lo + hi) / 2; int c = strcmp(pool[m], s); if (!c) return pool[m]; if (c < 0) lo = m + 1; else hi = m; }
   if (npool == cappool) pool = realloc(pool, (cappool = cappool ? 2 * cappool : 16) * sizeof *pool);
   memmove(pool + lo + 1, pool + lo, (npool - lo) * sizeof *pool);
   npool++; return pool[lo] = strdup(s);
}
int main(void) {
   char b[16]; const char *first = NULL;
   for (int i = 0; i < 6000; i++) { snprintf(b, sizeof b, "sym%d", (i * 37) % 900); const char *p = intern(b); if (i == 0) first = p; }
   CHECK(npool == 900);
   CHECK(intern("sym0") == first);
   return CHECK_DONE();                      /* still reachable: pool */
}
