/* exit-deep: exit() is called deep inside a call chain.  The blocks held
 * only by locals of the live frames are roots (still reachable), both a
 * local pointer variable and a pointer inside a local struct; blocks of
 * frames that already returned are lost. */
#include <stdio.h>
#include <stdlib.h>

struct frame_data {
   int depth;
   void *block;
};

static void returned_early(void)
{
   void *gone = malloc(999);     /* frame gone: lost */
   (void)gone;
}

static void descend(int depth)
{
   struct frame_data fd;
   void *local = malloc(100 + depth);

   fd.depth = depth;
   fd.block = malloc(200 + depth);
   if (depth == 6) {
      printf("exiting at depth %d\n", depth);
      fflush(stdout);
      exit(7);
   }
   descend(depth + 1);
   free(local);
   free(fd.block);
}

int main(void)
{
   returned_early();
   descend(1);
   return 0;
}
