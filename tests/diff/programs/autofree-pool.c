/* autofree-pool: a metapool with VALGRIND_MEMPOOL_AUTO_FREE: superblocks
 * are pool chunks, objects are MALLOCLIKE blocks inside them (overlap
 * allowed for metapools); freeing a superblock frees its objects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/valgrind.h>

static int pool;
static void* live_obj;

int main(void)
{
   char* sb[3];
   int i, j;
   VALGRIND_CREATE_MEMPOOL_EXT(&pool, 0, 0,
                               VALGRIND_MEMPOOL_METAPOOL
                               | VALGRIND_MEMPOOL_AUTO_FREE);
   for (i = 0; i < 3; i++) {
      sb[i] = malloc(2048);
      VALGRIND_MEMPOOL_ALLOC(&pool, sb[i], 2048);
      for (j = 1; j < 6; j++)
         VALGRIND_MALLOCLIKE_BLOCK(sb[i] + 128 * j, 16 * (i + 1), 0, 0);
   }
   live_obj = sb[2] + 128;
   VALGRIND_MEMPOOL_FREE(&pool, sb[0]);       /* its 5 objects go too */
   free(sb[0]);
   printf("pool used\n");
   return 0;
}
