/* leak-counts: the client requests VALGRIND_DO_LEAK_CHECK family and
 * VALGRIND_COUNT_LEAKS / VALGRIND_COUNT_LEAK_BLOCKS.  Counts are taken
 * as deltas against a baseline, so libc's own blocks do not matter. */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memcheck.h>

struct counts {
   unsigned long leaked, dubious, reachable, suppressed;
   unsigned long bleaked, bdubious, breachable, bsuppressed;
};

static void get(struct counts *c)
{
   VALGRIND_DO_QUICK_LEAK_CHECK;
   VALGRIND_COUNT_LEAKS(c->leaked, c->dubious, c->reachable, c->suppressed);
   VALGRIND_COUNT_LEAK_BLOCKS(c->bleaked, c->bdubious, c->breachable,
                              c->bsuppressed);
}

static void show(const char *when, struct counts *c0, struct counts *c)
{
   fprintf(stderr, "%s: leaked %lu/%lu dubious %lu/%lu reachable %lu/%lu "
           "suppressed %lu/%lu\n", when,
           c->leaked - c0->leaked, c->bleaked - c0->bleaked,
           c->dubious - c0->dubious, c->bdubious - c0->bdubious,
           c->reachable - c0->reachable, c->breachable - c0->breachable,
           c->suppressed - c0->suppressed, c->bsuppressed - c0->bsuppressed);
}

void *kept;
char *mid;

static void make(void)
{
   void **lost = malloc(32);
   lost[0] = malloc(48);            /* indirectly lost: counted as leaked */
   lost = NULL;
   mid = (char *)malloc(64) + 16;   /* possibly lost (dubious) */
   kept = malloc(80);               /* reachable */
}

int main(void)
{
   struct counts c0, c1, c2;

   get(&c0);
   make();
   get(&c1);
   show("after make", &c0, &c1);
   free(kept);
   kept = NULL;
   get(&c2);
   show("after free", &c0, &c2);
   return 0;
}
