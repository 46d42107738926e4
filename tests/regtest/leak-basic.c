/* leak-basic: one block of each leak kind, each with a distinctive size.
 *
 *   72 bytes  still reachable   (pointed to by a global)
 *   56 bytes  possibly lost     (a global points 8 bytes into it)
 *   40 bytes  definitely lost   (no pointer left; it holds the next one)
 *   24 bytes  indirectly lost   (only the lost 40-byte block points to it)
 *
 * Plus one malloc/free pair so that "frees" is not 0.  No stdio, so the
 * HEAP SUMMARY holds only these blocks.
 */
#include <stdlib.h>

void *reachable;
char *interior;

static void make_leaks(void)
{
   void **lost;

   free(malloc(100));
   reachable = malloc(72);
   interior = (char *)malloc(56) + 8;
   lost = malloc(40);
   lost[0] = malloc(24);
   lost = NULL;
}

int main(void)
{
   make_leaks();
   return 0;
}
