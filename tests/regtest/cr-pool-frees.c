/* cr-pool-frees: what HEAP SUMMARY counts as frees with mempools.  From
 * Valgrind 3.27 on, Memcheck counts every chunk a pool gives back: a
 * MEMPOOL_FREE, each chunk a MEMPOOL_TRIM drops or clips, each
 * MALLOCLIKE block an auto-free pool frees with its chunk; DESTROY_MEMPOOL
 * and a failed MEMPOOL_FREE count nothing (3.19 to 3.26: only the malloc
 * family and FREELIKE_BLOCK count).  The program leaks nothing but the
 * chunks DESTROY_MEMPOOL forgets, and the exit HEAP SUMMARY carries the
 * total: 12 allocs; 1 free before 3.27, 9 from 3.27 on. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <valgrind/memcheck.h>

static int pool, meta;

int main(void)
{
   int i;
   char* sb = malloc(1024);                /* 1 alloc */
   char* m;
   memset(sb, 0, 1024);
   VALGRIND_CREATE_MEMPOOL(&pool, 0, 0);
   VALGRIND_MAKE_MEM_NOACCESS(sb, 1024);
   for (i = 0; i < 8; i++)                 /* 8 allocs: chunks at 64*i */
      VALGRIND_MEMPOOL_ALLOC(&pool, sb + 64 * i, 48);
   VALGRIND_MEMPOOL_FREE(&pool, sb + 64 * 7);   /* 1 free (3.27) */
   VALGRIND_MEMPOOL_FREE(&pool, sb + 64 * 7);   /* Invalid free: none */
   /* Keep [64, 64*4 + 24): chunk 0 and chunks 5, 6 go (3 frees), chunk 4
      is clipped to 24 bytes (1 free), chunks 1 to 3 stay. */
   VALGRIND_MEMPOOL_TRIM(&pool, sb + 64, 64 * 3 + 24);
   VALGRIND_DESTROY_MEMPOOL(&pool);        /* the 4 left: no frees */
   free(sb);                               /* 1 free */

   /* An auto-free metapool: freeing its chunk frees the two MALLOCLIKE
      blocks inside it (2 frees, 3.27) and the chunk (1 free, 3.27). */
   m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   VALGRIND_CREATE_MEMPOOL_EXT(&meta, 0, 0,
                               VALGRIND_MEMPOOL_AUTO_FREE
                               | VALGRIND_MEMPOOL_METAPOOL);
   VALGRIND_MEMPOOL_ALLOC(&meta, m, 4096);          /* 1 alloc */
   VALGRIND_MALLOCLIKE_BLOCK(m, 100, 0, 0);         /* 1 alloc */
   VALGRIND_MALLOCLIKE_BLOCK(m + 200, 300, 0, 0);   /* 1 alloc */
   VALGRIND_MEMPOOL_FREE(&meta, m);
   VALGRIND_DESTROY_MEMPOOL(&meta);
   munmap(m, 4096);
   return 0;
}
