/* mempool-leaks: a region allocator that tells Valgrind about its pools
 * (CREATE_MEMPOOL, MEMPOOL_ALLOC/FREE/TRIM, DESTROY_MEMPOOL).  Chunks are
 * leak-checked like heap blocks, the superblocks are not; chunks of a
 * destroyed pool no longer exist.  Lists built from chunks give direct,
 * indirect and possible losses in several records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/memcheck.h>

struct region { char* buf; size_t cap, used; };
struct item { struct item* next; char name[24]; };

static struct region* new_region(size_t cap)
{
   struct region* r = malloc(sizeof *r);
   r->buf = malloc(cap);
   r->cap = cap;
   r->used = 0;
   memset(r->buf, 0, cap);
   VALGRIND_CREATE_MEMPOOL(r, 0, 0);
   VALGRIND_MAKE_MEM_NOACCESS(r->buf, cap);
   return r;
}

static void* region_alloc(struct region* r, size_t n)
{
   void* p = r->buf + r->used;
   r->used += (n + 15) & ~(size_t)15;
   VALGRIND_MEMPOOL_ALLOC(r, p, n);
   return p;
}

static struct item* make_list(struct region* r, int n)
{
   struct item* head = NULL;
   int i;
   for (i = 0; i < n; i++) {
      struct item* it = region_alloc(r, sizeof *it);
      it->next = head;
      snprintf(it->name, sizeof it->name, "item%d", i);
      head = it;
   }
   return head;
}

static struct item* kept_list;
static char* kept_interior;

int main(void)
{
   struct region* a = new_region(4096);
   struct region* b = new_region(4096);
   struct region* c = new_region(2048);
   struct item* lost;
   void* freed;

   kept_list = make_list(a, 5);          /* reachable */
   lost = make_list(a, 3);               /* head lost, 2 indirect */
   lost = NULL;
   kept_interior = (char*)region_alloc(b, 100) + 30;   /* possibly lost */
   (void)region_alloc(b, 77);            /* definitely lost */
   freed = region_alloc(b, 55);
   VALGRIND_MEMPOOL_FREE(b, freed);      /* gone */
   (void)make_list(c, 4);                /* lost, then... */
   VALGRIND_DESTROY_MEMPOOL(c);          /* ...gone with the pool */
   (void)region_alloc(a, 200);           /* lost */
   VALGRIND_MEMPOOL_TRIM(a, a->buf, 5 * 32); /* keeps the first 5 items */
   printf("regions set up\n");
   return 0;
}
