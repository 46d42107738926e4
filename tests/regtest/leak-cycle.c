/* leak-cycle: lost cycles.  The lowest-addressed block of a lost cycle is
 * its clique leader ("definitely lost", with the others as indirect bytes);
 * a lost block pointing into a cycle absorbs that cycle.
 *
 *   ring3:   a lost 3-block ring (blocks of 32, 40, 48 bytes).
 *   ring5:   a lost 5-block ring (48, 56, 64, 72, 80).
 *   tail:    a lost 64-byte block pointing at a lost 2-block ring (80, 88).
 *   kept:    a 4-block ring (96 .. 120) still reachable from a global.
 */
#include <stdlib.h>

struct node {
   struct node *next;
};

struct node *kept;

static struct node *ring(int n, size_t size)
{
   struct node *first = malloc(size), *p = first;
   int i;

   for (i = 1; i < n; i++) {
      p->next = malloc(size + 8 * i);   /* sizes differ: no ties */
      p = p->next;
   }
   p->next = first;
   return first;
}

static void make(void)
{
   struct node *t;

   (void)ring(3, 32);
   (void)ring(5, 48);
   t = malloc(64);
   t->next = ring(2, 80);
   t = NULL;
   kept = ring(4, 96);
}

int main(void)
{
   make();
   return 0;
}
