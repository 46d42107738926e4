/* classic-parent-freed: the second classic leak.  A structure is freed
 * before the block it points to, so the child is orphaned:
 *     free(p);            instead of   free(p->np); free(p);
 * Also a whole object graph whose root is freed first. */
#include <stdio.h>
#include <stdlib.h>

struct parent {
   char tag[8];
   char *np;                   /* child block */
};

struct doc {
   char *title;
   char *body;
   struct parent *meta;
};

static void wrong_order(void)
{
   struct parent *p = malloc(sizeof *p);
   p->np = malloc(10);
   free(p);                    /* the 10-byte child is now lost */
}

static void right_order(void)
{
   struct parent *p = malloc(sizeof *p);
   p->np = malloc(11);
   free(p->np);
   free(p);
}

static void graph(void)
{
   struct doc *d = malloc(sizeof *d);
   d->title = malloc(40);
   d->body = malloc(400);
   d->meta = malloc(sizeof *d->meta);
   d->meta->np = malloc(44);
   free(d);                    /* title, body and meta (+ its child) lost */
}

int main(void)
{
   wrong_order();
   right_order();
   graph();
   printf("done\n");
   return 0;
}
