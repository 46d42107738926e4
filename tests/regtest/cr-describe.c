/* cr-describe: CREATE_BLOCK / DISCARD handles (reused lowest first, -1
 * for a zero address or length, DISCARD of a bad handle returns 1), and
 * error descriptions naming such a block, a mempool chunk, and a
 * metapool chunk: an invalid free() inside each. */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memcheck.h>

static char zone[256];
static char poolmem[256];
static char metamem[256];
static int pool, metapool;

int main(void)
{
   int h1, h2, h3, h4;
   h1 = VALGRIND_CREATE_BLOCK(zone, 64, "a magic foople zone");
   h2 = VALGRIND_CREATE_BLOCK(zone + 128, 64, "another zone");
   fprintf(stderr, "handles %d %d %d %d\n", h1, h2,
           (int)VALGRIND_CREATE_BLOCK(0, 10, "null"),
           (int)VALGRIND_CREATE_BLOCK(zone, 0, "empty"));
   fprintf(stderr, "discard %d %d %d\n", (int)VALGRIND_DISCARD(h1),
           (int)VALGRIND_DISCARD(h1), (int)VALGRIND_DISCARD(99));
   h3 = VALGRIND_CREATE_BLOCK(zone + 8, 32, "a reused slot");
   h4 = VALGRIND_CREATE_BLOCK(zone + 200, 8, "a new slot");
   fprintf(stderr, "handles %d %d\n", h3, h4);
   free(zone + 20);             /* inside "a reused slot" */
   free(zone + 130);            /* inside "another zone" */

   VALGRIND_CREATE_MEMPOOL(&pool, 0, 0);
   VALGRIND_MEMPOOL_ALLOC(&pool, poolmem + 16, 100);
   free(poolmem + 40);          /* inside a mempool chunk */
   VALGRIND_CREATE_MEMPOOL_EXT(&metapool, 0, 0, VALGRIND_MEMPOOL_METAPOOL);
   VALGRIND_MEMPOOL_ALLOC(&metapool, metamem, 200);
   free(metamem + 50);          /* inside a metapool chunk */
   VALGRIND_MEMPOOL_FREE(&pool, poolmem + 16);
   VALGRIND_MEMPOOL_FREE(&metapool, metamem);
   VALGRIND_DESTROY_MEMPOOL(&pool);
   VALGRIND_DESTROY_MEMPOOL(&metapool);
   return 0;
}
