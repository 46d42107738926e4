/* calloc-zeroed: zeroed blocks hold no pointers, so a calloc'd array of
 * pointers only keeps what is written into it.  A calloc'd pointer table
 * (reachable) with a few entries set; the blocks it does not point to are
 * lost.  Also calloc(0, n) and calloc(n, 0), and calloc with overflow
 * (returns NULL silently). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

void **table;

int main(void)
{
   int i;
   void *z1, *z2, *ovf;

   table = calloc(16, sizeof(void *));
   for (i = 0; i < 16; i++) {
      void *b = calloc(1, 50 + i);
      if (i % 4 == 0)
         table[i] = b;                      /* 4 kept, 12 lost */
   }
   z1 = calloc(0, 10);
   z2 = calloc(10, 0);
   ovf = calloc(SIZE_MAX / 4, 8);
   printf("zero-size %s %s, overflow %s\n", z1 ? "block" : "NULL",
          z2 ? "block" : "NULL", ovf ? "block" : "NULL");
   z1 = z2 = NULL;                          /* both zero-size blocks lost */
   return 0;
}
