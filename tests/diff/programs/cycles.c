/* cycles: lost cycles form cliques.  A self-loop, a 2-cycle, a 4-cycle with
 * a chord, a lost block pointing into a lost cycle (it absorbs the cycle's
 * clique), and a cycle still reachable from a global. */
#include <stdio.h>
#include <stdlib.h>

struct n {
   struct n *a, *b;
   char pad[16];
};

struct n *kept;

static struct n *node(void)
{
   return calloc(1, sizeof(struct n));
}

static void make(void)
{
   struct n *x, *y, *z, *w, *h;

   x = node();                      /* self loop */
   x->a = x;

   x = node();                      /* 2-cycle */
   y = node();
   x->a = y;
   y->a = x;

   x = node(); y = node(); z = node(); w = node();   /* 4-cycle + chord */
   x->a = y; y->a = z; z->a = w; w->a = x; x->b = z;

   x = node(); y = node(); z = node();   /* a lost block into a 2-cycle */
   y->a = z; z->a = y;
   h = malloc(100);
   h->a = y;
   (void)x;                         /* x: a single lost block */

   x = node(); y = node();          /* reachable 2-cycle */
   x->a = y; y->a = x;
   kept = x;
}

int main(void)
{
   make();
   printf("cycles made\n");
   return 0;
}
