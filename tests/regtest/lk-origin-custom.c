/* --track-leak-origins and the blocks of custom allocators, each
   holding the only pointer to a malloc'd block:
     - custom_block: a VALGRIND_MALLOCLIKE_BLOCK block in an mmap'd
       region; the region is unmapped, then the block freed;
     - pool_chunk: a mempool chunk, likewise, in a region that lies
       between malloc'd blocks (a big malloc after it is mapped above
       it), inside the span of the malloc heap;
     - custom_kept: a block whose memory is still there when it is freed.
   The frees of the first two must not read the unmapped memory
   (leakcheck died of a SIGSEGV there): their pointers died at the
   munmap.  The third's died at the free, not at the munmap after it
   (a freed custom block is noaccess: no leak root).  -O2 gives the same
   answers (every pointer is stored in the regions), but the stack of a
   client request is the instruction after it: at -O2 that is the
   munmap's argument set-up, so the free is reported at the munmap's
   line. */
#include <stdlib.h>
#include <sys/mman.h>
#include <valgrind/valgrind.h>

#define REGION 65536

static char *new_region(void)
{
   char *r = mmap(NULL, REGION, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   if (r == MAP_FAILED)
      abort();
   return r;
}

__attribute__((noipa)) static void custom_block(void)
{
   char *r = new_region();
   char **blk = (char **)(r + 64);
   VALGRIND_MALLOCLIKE_BLOCK(blk, 32, 0, 0);
   blk[0] = malloc(90);               /* the only pointer to it */
   munmap(r, REGION);                 /* loses it */
   VALGRIND_FREELIKE_BLOCK(blk, 0);
}

__attribute__((noipa)) static void pool_chunk(void)
{
   char *r = new_region();
   char *big = malloc(4 << 20);       /* mapped above the region */
   char **chunk = (char **)(r + 128);
   VALGRIND_CREATE_MEMPOOL(r, 0, 0);
   VALGRIND_MEMPOOL_ALLOC(r, chunk, 48);
   chunk[1] = malloc(110);            /* the only pointer to it */
   munmap(r, REGION);                 /* loses it */
   VALGRIND_MEMPOOL_FREE(r, chunk);
   VALGRIND_DESTROY_MEMPOOL(r);
   free(big);
}

__attribute__((noipa)) static void custom_kept(void)
{
   char *r = new_region();
   char **blk = (char **)(r + 256);
   VALGRIND_MALLOCLIKE_BLOCK(blk, 24, 0, 0);
   blk[2] = malloc(130);              /* the only pointer to it */
   VALGRIND_FREELIKE_BLOCK(blk, 0);   /* loses it */
   munmap(r, REGION);
}

int main(void)
{
   char *first = malloc(16);          /* the malloc heap starts below */
   custom_block();
   pool_chunk();
   custom_kept();
   free(first);
   return 0;
}
