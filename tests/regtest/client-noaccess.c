/* client-noaccess: memory the client marks with memcheck.h requests is
 * checked like the heap: a global, a stack array and part of a heap
 * block made noaccess, then accessible again; CHECK_MEM_IS_ADDRESSABLE
 * sees redzones and freed blocks. */
#include <stdlib.h>
#include <valgrind/memcheck.h>

static char global[64];
static volatile char sink;

int main(void)
{
   char local[32];
   char *p = malloc(40);
   char *q = malloc(10);
   int i;
   for (i = 0; i < 32; i++)
      local[i] = (char)i;
   VALGRIND_MAKE_MEM_NOACCESS(global + 16, 8);
   VALGRIND_MAKE_MEM_NOACCESS(local + 8, 4);
   VALGRIND_MAKE_MEM_NOACCESS(p + 20, 4);
   sink = global[15];                 /* fine */
   sink = global[16];                 /* noaccess */
   global[23] = 1;                    /* noaccess */
   sink = local[9];                   /* noaccess (stack) */
   sink = p[21];                      /* noaccess (heap) */
   VALGRIND_MAKE_MEM_DEFINED(global + 16, 8);
   VALGRIND_MAKE_MEM_UNDEFINED(local + 8, 4);
   VALGRIND_MAKE_MEM_DEFINED(p + 20, 4);
   sink = global[16] + local[9] + p[21];   /* fine again */
   free(q);
   (void)VALGRIND_CHECK_MEM_IS_ADDRESSABLE(p + 30, 20);   /* past the end */
   (void)VALGRIND_CHECK_MEM_IS_ADDRESSABLE(q, 4);         /* freed */
   (void)VALGRIND_CHECK_MEM_IS_ADDRESSABLE(p, 40);        /* fine */
   free(p);
   return 0;
}
