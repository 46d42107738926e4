/* recycled: dangling pointers into blocks that left the quarantine
 * (small --freelist-vol): reused memory is no error, unallocated arena
 * memory gets the core's description. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile long sink;

int main(void)
{
   char *big = malloc(200000);
   long *small = malloc(48);
   memset(big, 0, 200000);
   memset(small, 0, 48);
   free(small);
   free(big);
   sink += small[1] + big[10];
   for (int i = 0; i < 20; i++)
      free(malloc(3000));
   sink += big[150000];
   printf("done\n");
   return 0;
}
