/* malloc0: zero-sized blocks are real blocks.  One is kept by a global
 * (still reachable, "0 bytes in 1 blocks"), three are lost ("0 bytes in 3
 * blocks are definitely lost"), one is freed.  A pointer equal to a
 * zero-size block's address reaches it. */
#include <stdlib.h>

void *kept;

static void lose(void)
{
   (void)malloc(0);
}

int main(void)
{
   int i;

   kept = malloc(0);
   for (i = 0; i < 3; i++)
      lose();
   free(malloc(0));
   return 0;
}
