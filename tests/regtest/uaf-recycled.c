/* uaf-recycled: reads through dangling pointers.  With a small
 * --freelist-vol the freed block leaves the quarantine as soon as other
 * blocks are allocated, and its memory goes back to the client arena:
 *  - a read while the block is still in the queue is "inside a block ...
 *    free'd" with both stacks;
 *  - after it has been recycled into a new block, a read through the old
 *    pointer is an ordinary read of the new block (no error);
 *  - a read of recycled memory that no block holds now is described by
 *    the core ("in arena \"client\"").
 */
#include <stdlib.h>
#include <string.h>

static volatile long sink;

int main(void)
{
   long *small = malloc(64);
   char *big = malloc(100000);
   memset(small, 0, 64);
   memset(big, 0, 100000);
   free(small);
   sink += small[2];                 /* still quarantined */
   free(big);
   sink += big[5000];                /* still quarantined */
   /* Push both out of the queue (freelist-vol is 1000). */
   for (int i = 0; i < 10; i++)
      free(malloc(2000));
   long *again = malloc(64);         /* most likely reuses small's memory */
   memset(again, 0, 64);
   if (again == small)
      sink += small[2];              /* a live block now: no error */
   sink += big[50000];               /* unallocated arena memory */
   free(again);
   return 0;
}
