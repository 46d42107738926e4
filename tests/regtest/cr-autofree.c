/* cr-autofree: a metapool with VALGRIND_MEMPOOL_AUTO_FREE.  The pool's
 * chunks are superblocks from which MALLOCLIKE blocks are handed out
 * (metapool chunks may overlap them); freeing a chunk frees every
 * MALLOCLIKE block inside it.  Blocks left in a live chunk are leaked
 * or reachable as their pointers say. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <valgrind/memcheck.h>

static char* super[2];
static int pool;
static void* kept;

static void* carve(char* sb, size_t off, size_t n)
{
   VALGRIND_MALLOCLIKE_BLOCK(sb + off, n, 0, 0);
   return sb + off;
}

int main(void)
{
   int i;
   char* m = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   VALGRIND_CREATE_MEMPOOL_EXT(&pool, 0, 0,
                               VALGRIND_MEMPOOL_AUTO_FREE
                               | VALGRIND_MEMPOOL_METAPOOL);
   VALGRIND_MAKE_MEM_NOACCESS(m, 8192);
   for (i = 0; i < 2; i++) {
      super[i] = m + 4096 * i;
      VALGRIND_MEMPOOL_ALLOC(&pool, super[i], 4096);
   }
   for (i = 0; i < 10; i++)
      (void)carve(super[0], 64 * i, 16);        /* freed with super[0] */
   for (i = 0; i < 5; i++)
      (void)carve(super[1], 64 * i, 24 + i);    /* lost */
   kept = carve(super[1], 1024, 40);            /* reachable */
   VALGRIND_DO_LEAK_CHECK;
   VALGRIND_MEMPOOL_FREE(&pool, super[0]);
   VALGRIND_DO_CHANGED_LEAK_CHECK;
   return 0;
}
