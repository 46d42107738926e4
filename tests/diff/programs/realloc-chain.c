/* realloc-chain: realloc always moves the block under Valgrind.  A buffer
 * grown 20 times and kept, one grown then lost, one shrunk, realloc(NULL, n)
 * used as malloc, realloc(p, 0) used as free, and a realloc'd block that
 * holds the only pointer to another block (its contents were copied). */
#include <stdio.h>
#include <stdlib.h>

char *kept;

static void chains(void)
{
   char *p = NULL, *q;
   void **holder;
   int i;

   for (i = 1; i <= 20; i++)
      p = realloc(p, 16 * i);
   kept = p;

   q = realloc(NULL, 8);
   for (i = 0; i < 5; i++)
      q = realloc(q, 100 + i);
   q = NULL;                                   /* lost */

   q = malloc(1000);
   q = realloc(q, 10);                         /* shrink: lost */
   q = NULL;

   q = realloc(NULL, 77);
   q = realloc(q, 0);                          /* freed; returns NULL */

   holder = malloc(2 * sizeof(void *));
   holder[0] = malloc(55);
   holder[1] = NULL;
   holder = realloc(holder, 8 * sizeof(void *)); /* copied pointer */
   holder = NULL;                              /* 64 + 55 lost */
}

int main(void)
{
   chains();
   printf("kept %s\n", kept ? "yes" : "no");
   return 0;
}
