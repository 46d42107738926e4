/* custom-slab: a slab allocator over mmap that marks its objects with
 * MALLOCLIKE_BLOCK / FREELIKE_BLOCK, with redzones.  The slab is a root
 * segment: what live objects point to stays reachable even when the
 * object itself is lost; freed objects and redzones are not scanned.  A
 * second allocator carves objects out of a malloc'd block (which then
 * drops out of the leak search).  One FREELIKE of an unknown address. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <valgrind/valgrind.h>

#define RZ 16
struct obj { struct obj* next; void* payload; long id; };

static char* slab;
static size_t slab_used;

static struct obj* obj_new(long id)
{
   struct obj* o = (struct obj*)(slab + slab_used + RZ);
   slab_used += sizeof(struct obj) + 2 * RZ;
   VALGRIND_MALLOCLIKE_BLOCK(o, sizeof *o, RZ, 1);
   memset(o, 0, sizeof *o);
   o->id = id;
   return o;
}

static void obj_free(struct obj* o)
{
   VALGRIND_FREELIKE_BLOCK(o, RZ);
}

static struct obj* roots[3];
static char* arena;

int main(void)
{
   struct obj* o;
   slab = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   roots[0] = obj_new(1);
   roots[0]->next = obj_new(2);               /* reachable chain */
   roots[0]->next->payload = malloc(40);
   o = obj_new(3);                             /* lost object... */
   o->payload = malloc(50);                    /* ...its payload reachable */
   o = obj_new(4);
   o->payload = malloc(60);                    /* lost: o is freed */
   obj_free(o);
   roots[1] = obj_new(5);
   roots[1]->payload = malloc(70);
   obj_free(roots[1]);                         /* stale root: 70 lost */
   obj_free((struct obj*)(slab + 60000));      /* Invalid free */

   arena = malloc(1024);                       /* superblock of... */
   VALGRIND_MALLOCLIKE_BLOCK(arena + 128, 128, 0, 0);
   VALGRIND_MALLOCLIKE_BLOCK(arena + 512, 256, 0, 0);  /* ...these */
   arena = NULL;                               /* both lost */
   printf("slab set up\n");
   return 0;
}
