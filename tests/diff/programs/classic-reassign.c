/* classic-reassign: the first classic leak.  A pointer is reassigned, so
 * the block it pointed to is orphaned (definitely lost):
 *     char *p = malloc(10); char *np = malloc(10); p = np;
 * Here each step has its own size so the records are easy to tell apart. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *keep;

static void reassign(void)
{
   char *p = malloc(10);
   char *np = malloc(20);

   strcpy(p, "old");
   strcpy(np, "new");
   p = np;                 /* the 10-byte block is orphaned */
   keep = p;               /* the 20-byte block stays reachable */
}

static void reassign_in_loop(void)
{
   char *buf = NULL;
   int i;

   for (i = 0; i < 5; i++)
      buf = malloc(30);    /* each iteration orphans the previous buffer */
   free(buf);              /* only the last one is freed: 4 x 30 lost */
}

int main(void)
{
   reassign();
   reassign_in_loop();
   printf("keep=%s\n", keep);
   return 0;
}
