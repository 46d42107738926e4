/* free-errors: bad frees are reported (and leave the heap alone):
 * a double free, a free of an interior pointer, a free of a global's
 * address, and realloc of an already freed block. */
#include <stdlib.h>

int global_int;

int main(void)
{
   char *p = malloc(177);
   char *q = malloc(28);
   void *r;

   free(p);
   free(p);                 /* double free */
   free(q + 4);             /* interior pointer */
   free(&global_int);       /* not a heap block */
   r = realloc(p, 10);      /* realloc of a freed block returns NULL */
   free(q);
   return r == NULL ? 0 : 1;
}
