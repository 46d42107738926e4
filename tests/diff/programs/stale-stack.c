/* stale-stack: the stale-pointer trap.  leaker() mallocs a block and keeps
 * the pointer only in a local array; it returns, and main then calls
 * parked(), whose frame has the same layout, so its never-written local
 * array lies exactly where leaker's pointer still sits in memory.  parked()
 * calls exit() while its frame is live.
 *
 * Memcheck: the slot was never written by parked(), so it is undefined and
 * not a root; the 4242-byte block is definitely lost.  A tool that scans
 * every word of the live stack would find the stale pointer and call the
 * block still reachable.  A second block (2424 bytes) is really held by a
 * written local of parked(), for contrast. */
#include <stdio.h>
#include <stdlib.h>

static void __attribute__((noinline)) leaker(void)
{
   void *volatile slots[8];
   int i;

   for (i = 0; i < 8; i++)
      slots[i] = NULL;
   slots[5] = malloc(4242);
}

static void __attribute__((noinline)) parked(void)
{
   void *volatile slots[8];         /* never written, except slots[0] */
   int i;

   slots[0] = malloc(2424);
   for (i = 0; i < 3; i++)
      ;
   printf("parked\n");
   fflush(stdout);
   exit(0);
}

int main(void)
{
   leaker();
   parked();
   return 0;
}
