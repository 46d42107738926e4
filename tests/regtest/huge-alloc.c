/* huge-alloc: requests that cannot be satisfied (but are not "fishy",
 * i.e. below 2^63) return NULL; the program goes on normally. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
   size_t huge = (size_t)1 << 50;     /* 1 PiB */
   void *a = malloc(huge);
   void *b = calloc(huge / 16, 16);
   void *c = realloc(NULL, huge);
   void *d = malloc(100);

   printf("malloc %s, calloc %s, realloc %s, small %s\n",
          a ? "non-NULL" : "NULL", b ? "non-NULL" : "NULL",
          c ? "non-NULL" : "NULL", d ? "non-NULL" : "NULL");
   free(d);
   return 0;
}
