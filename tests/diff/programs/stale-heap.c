/* stale-heap: stale pointers in recycled heap memory.  Blocks that held
 * pointers are freed; after more than --freelist-vol bytes (20 MB by
 * default) have been freed, the allocator hands the same memory out again.
 * The new blocks are never written, so Memcheck treats their contents as
 * undefined (not pointers): the target blocks, whose only pointers were in
 * the freed blocks, are definitely lost.  A tool that scans recycled memory
 * as it is would call them reachable. */
#include <stdio.h>
#include <stdlib.h>

#define N 16

void *reused[N];

int main(void)
{
   void **holders[N];
   int i;

   for (i = 0; i < N; i++) {
      holders[i] = malloc(256);
      holders[i][0] = malloc(1000 + i);     /* target */
      holders[i][1] = NULL;
   }
   for (i = 0; i < N; i++)
      free(holders[i]);
   for (i = 0; i < N; i++)
      holders[i] = NULL;
   for (i = 0; i < 30; i++)                 /* flush the freed queue */
      free(malloc(1000000));
   for (i = 0; i < N; i++)
      reused[i] = malloc(256);              /* unwritten: no pointers */
   printf("recycled\n");
   return 0;
}
