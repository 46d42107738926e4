/* fishy-size: "negative" sizes (>= 2^63) give Memcheck's fishy-value
 * messages and NULL, and allocate nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <malloc.h>

int main(void)
{
   volatile long minus1 = -1, minus5 = -5;
   void *a, *b, *c, *d, *e;
   void *r = malloc(10);

   a = malloc(minus1);
   b = calloc(1, minus5);
   c = calloc(minus5, 1);
   d = memalign(16, minus1);
   e = realloc(r, minus5);
   printf("%s %s %s %s %s\n", a ? "?" : "NULL", b ? "?" : "NULL",
          c ? "?" : "NULL", d ? "?" : "NULL", e ? "?" : "NULL");
   free(r);
   return 0;
}
