/* calloc-overflow: calloc whose nmemb*size overflows returns NULL without
 * any Valgrind message; a normal calloc gives zeroed memory. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
   size_t big = (SIZE_MAX / 2) + 2;
   char *p = calloc(big, 4);
   char *q = calloc(SIZE_MAX, SIZE_MAX);
   int *z = calloc(8, sizeof(int));
   int i, sum = 0;

   for (i = 0; i < 8; i++)
      sum += z[i];
   printf("overflow1 %s, overflow2 %s, zeroed sum %d\n",
          p ? "non-NULL" : "NULL", q ? "non-NULL" : "NULL", sum);
   free(z);
   return 0;
}
