/* exit-deep: exit() is called five frames deep.  Blocks whose only pointers
 * are locals of the still-live frames are roots (still reachable); a block
 * lost before the calls is definitely lost. */
#include <stdlib.h>

static void level(int n, void *up)
{
   void *mine = malloc(100 + n);      /* held by this live frame */

   if (n == 5)
      exit(0);
   level(n + 1, mine);
   free(mine);
   (void)up;
}

static void lose(void)
{
   (void)malloc(1000);
}

int main(void)
{
   lose();
   level(1, NULL);
   return 0;
}
