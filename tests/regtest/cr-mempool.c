/* cr-mempool: the mempool requests on a malloc'd superblock.  Chunks take
 * part in the leak search (the superblock does not: it holds chunks),
 * freed and trimmed chunks do not; misuse gives Memcheck's errors:
 * "Illegal memory pool address" for an unknown pool, "Invalid free()"
 * for an unknown chunk.  MEMPOOL_EXISTS, MOVE_MEMPOOL, MEMPOOL_CHANGE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/memcheck.h>

struct pool { char* buf; size_t used; };
static struct pool pools[2];
static char* roots[4];        /* the only pointers to some chunks */
static int not_a_pool;

static void* pool_alloc(struct pool* p, size_t n)
{
   void* a = p->buf + p->used;
   VALGRIND_MEMPOOL_ALLOC(p, a, n);
   p->used += (n + 15) & ~(size_t)15;
   return a;
}

int main(void)
{
   struct pool* p = &pools[0];
   char* c;
   p->buf = malloc(4096);
   memset(p->buf, 0, 4096);
   VALGRIND_CREATE_MEMPOOL(p, 0, 0);
   VALGRIND_MAKE_MEM_NOACCESS(p->buf, 4096);
   fprintf(stderr, "exists: %d %d\n", VALGRIND_MEMPOOL_EXISTS(p),
           VALGRIND_MEMPOOL_EXISTS(&not_a_pool));

   roots[0] = pool_alloc(p, 24);        /* reachable chunk */
   (void)pool_alloc(p, 40);             /* lost chunk */
   c = pool_alloc(p, 56);               /* freed below */
   roots[1] = pool_alloc(p, 72);        /* holds the only pointer... */
   *(char**)roots[1] = pool_alloc(p, 88);   /* ...to this one */
   roots[1] += 8;                       /* interior pointer: possible */
   VALGRIND_MEMPOOL_FREE(p, c);
   VALGRIND_MEMPOOL_FREE(p, c);                  /* Invalid free */
   VALGRIND_MEMPOOL_ALLOC(&not_a_pool, p->buf, 8); /* Illegal pool */
   VALGRIND_MEMPOOL_FREE(&not_a_pool, p->buf);      /* Illegal pool */
   VALGRIND_DO_LEAK_CHECK;

   /* Move the pool, resize a chunk, trim the rest. */
   VALGRIND_MOVE_MEMPOOL(p, &pools[1]);
   fprintf(stderr, "after move: %d %d\n", VALGRIND_MEMPOOL_EXISTS(p),
           VALGRIND_MEMPOOL_EXISTS(&pools[1]));
   VALGRIND_MEMPOOL_CHANGE(&pools[1], roots[0], roots[0], 20);
   VALGRIND_MEMPOOL_CHANGE(&pools[1], p->buf + 4000, p->buf, 8); /* bad */
   VALGRIND_MOVE_MEMPOOL(&not_a_pool, p);                       /* bad */
   VALGRIND_MEMPOOL_TRIM(&pools[1], p->buf, 48);
   VALGRIND_DO_ADDED_LEAK_CHECK;
   VALGRIND_DESTROY_MEMPOOL(&pools[1]);
   VALGRIND_DESTROY_MEMPOOL(&pools[1]);                         /* bad */
   free(p->buf);
   return 0;
}
