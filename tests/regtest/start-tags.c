/* start-tags: leak searches requested while the heap changes, around the
 * layouts where leakcheck's leak search writes a start tag (16 bytes in
 * the redzone just below a malloc'd block, docs/design.md) or skips it.
 * Whatever the tags do, the answers must be Memcheck's:
 *  - page-aligned blocks, whose redzone lies in the page below (no tag);
 *  - custom blocks (MALLOCLIKE) right after each other in a malloc'd
 *    pool and in a static array (never tagged: the bytes below are the
 *    client's), next to malloc'd blocks;
 *  - pointers kept to the start of a freed block, whose tag from the
 *    previous search is still in its redzone, and to blocks allocated
 *    after it;
 *  - a block that another search's tag would name, now inside a bigger
 *    block's data (an interior pointer).
 * Run with the default redzone, with 128 bytes, and with none (no tags).
 * (In the searches before the exit, stale words on the stack still reach
 * the custom blocks dropped from g[], as under Memcheck.)  Every block
 * has its own size, so that no two loss records tie.  No stdio: the heap
 * holds only these blocks. */
#include <stdlib.h>
#include <string.h>
#include <valgrind/memcheck.h>

void *g[16];
static char arena[4096] __attribute__((aligned(64)));

static void *aligned(size_t align, size_t n)
{
   void *p = NULL;
   if (posix_memalign(&p, align, n) != 0)
      abort();
   return p;
}

int main(void)
{
   char *pool, *big;
   void *lost;

   /* Page-aligned: one kept, one lost (121 bytes). */
   g[0] = aligned(4096, 100);
   lost = aligned(4096, 121);
   lost = NULL;

   /* Custom blocks: two adjacent ones in a malloc'd pool (the first
      unreferenced, 24 bytes), two in a static array (the second
      unreferenced, 16). */
   pool = malloc(256);
   g[1] = pool;
   VALGRIND_MALLOCLIKE_BLOCK(pool + 64, 24, 0, 0);
   VALGRIND_MALLOCLIKE_BLOCK(pool + 88, 40, 0, 0);
   g[2] = pool + 88;
   VALGRIND_MALLOCLIKE_BLOCK(arena + 16, 48, 0, 0);
   VALGRIND_MALLOCLIKE_BLOCK(arena + 64, 16, 0, 0);
   g[3] = arena + 16;

   /* Plain blocks, one holding the only pointer to another. */
   g[4] = malloc(40);
   g[5] = malloc(72);
   ((void **)g[5])[1] = malloc(56);
   VALGRIND_DO_LEAK_CHECK;

   /* g[4] still points at a freed block (its old tag is still below
      it); g[5]'s child is dropped (56 lost); new blocks after them. */
   free(g[4]);
   ((void **)g[5])[1] = NULL;
   g[6] = malloc(40);
   g[7] = malloc(88);
   VALGRIND_DO_LEAK_CHECK;

   /* A big block holding, in its data, copies of a live block's first
      words, and an interior pointer into it (possibly lost, 600). */
   big = malloc(600);
   memcpy(big + 128, g[7], 16);
   g[8] = big + 144;
   big = NULL;
   free(g[6]);
   g[6] = NULL;
   VALGRIND_DO_LEAK_CHECK;
   return 0;
}
