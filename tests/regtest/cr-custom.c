/* cr-custom: MALLOCLIKE_BLOCK / FREELIKE_BLOCK / RESIZEINPLACE_BLOCK.
 * Blocks carved from an mmap'd arena: the arena is a root segment, so a
 * lost custom block's contents still keep what they point to reachable;
 * freed blocks and redzones are noaccess, so stale pointers in them do
 * not.  A custom block inside a malloc'd block hides that block from the
 * leak search.  Errors: FREELIKE of an unknown address (Invalid free),
 * free() of a custom block and FREELIKE of a malloc block (Mismatched
 * free), RESIZEINPLACE with a wrong old size or new size 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <valgrind/valgrind.h>

#define RZ 8
static char* arena;
static size_t used;

static void* custom_alloc(size_t n)
{
   char* p = arena + used + RZ;
   used += RZ + ((n + 7) & ~(size_t)7) + RZ;
   VALGRIND_MALLOCLIKE_BLOCK(p, n, RZ, 0);
   return p;
}

static void custom_free(void* p)
{
   VALGRIND_FREELIKE_BLOCK(p, RZ);
}

static void* kept;

int main(void)
{
   void** a;
   void** b;
   void* m;
   char* big;
   arena = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

   a = custom_alloc(40);          /* lost, but in a root segment... */
   a[0] = malloc(11);             /* ...so this stays reachable */
   a = NULL;
   b = custom_alloc(48);
   b[0] = malloc(13);             /* only pointer, in a block freed below */
   custom_free(b);
   kept = custom_alloc(32);
   VALGRIND_RESIZEINPLACE_BLOCK(kept, 32, 24, RZ);  /* shrink */
   VALGRIND_RESIZEINPLACE_BLOCK(kept, 24, 56, RZ);  /* grow */
   VALGRIND_RESIZEINPLACE_BLOCK(kept, 32, 16, RZ);  /* wrong old size */
   VALGRIND_RESIZEINPLACE_BLOCK(kept, 56, 0, RZ);   /* new size 0 */
   custom_free(arena + 9000);                      /* Invalid free */

   m = malloc(100);
   VALGRIND_FREELIKE_BLOCK(m, 0);                  /* Mismatched free */
   m = custom_alloc(17);
   free(m);                                        /* idem */

   big = malloc(256);                              /* hidden by... */
   VALGRIND_MALLOCLIKE_BLOCK(big + 64, 64, 0, 0);  /* ...this custom block */
   big = NULL;
   return 0;
}
