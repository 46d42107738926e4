/* cr-marks: what the client says about memory decides what the leak
 * search scans, as with Memcheck's definedness bits:
 *   - a pointer in memory made NOACCESS is not a root (global, heap);
 *   - a pointer in memory made UNDEFINED is not one either, until the
 *     program stores a pointer there again;
 *   - MAKE_MEM_DEFINED and MAKE_MEM_DEFINED_IF_ADDRESSABLE restore it.
 * Each block has its own size, so the records say which case is which. */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memcheck.h>

static void* g[8];
static void* holder_ptr;

int main(void)
{
   void** holder;
   g[0] = malloc(101);
   (void)VALGRIND_MAKE_MEM_NOACCESS(&g[0], sizeof g[0]);      /* lost */
   g[1] = malloc(102);
   (void)VALGRIND_MAKE_MEM_UNDEFINED(&g[1], sizeof g[1]);     /* lost */
   g[2] = malloc(103);
   (void)VALGRIND_MAKE_MEM_UNDEFINED(&g[2], sizeof g[2]);
   g[2] = malloc(113);        /* rewritten: 113 reachable, 103 lost */
   g[3] = malloc(104);
   (void)VALGRIND_MAKE_MEM_UNDEFINED(&g[3], sizeof g[3]);
   (void)VALGRIND_MAKE_MEM_DEFINED(&g[3], sizeof g[3]);       /* reachable */
   g[4] = malloc(105);
   (void)VALGRIND_MAKE_MEM_UNDEFINED(&g[4], sizeof g[4]);
   (void)VALGRIND_MAKE_MEM_DEFINED_IF_ADDRESSABLE(&g[4], sizeof g[4]);
   g[5] = malloc(106);
   (void)VALGRIND_MAKE_MEM_NOACCESS(&g[5], sizeof g[5]);
   (void)VALGRIND_MAKE_MEM_DEFINED_IF_ADDRESSABLE(&g[5], sizeof g[5]); /* lost */

   /* Inside a heap block: the block's words obey the same rule. */
   holder = malloc(64);
   holder_ptr = holder;
   holder[0] = malloc(107);
   holder[1] = malloc(108);
   (void)VALGRIND_MAKE_MEM_UNDEFINED(&holder[0], sizeof(void*)); /* lost */
   VALGRIND_DO_LEAK_CHECK;

   /* Making the memory defined again brings them back. */
   (void)VALGRIND_MAKE_MEM_DEFINED(&holder[0], sizeof(void*));
   (void)VALGRIND_MAKE_MEM_DEFINED(&g[0], 2 * sizeof g[0]);
   VALGRIND_DO_CHANGED_LEAK_CHECK;
   return 0;
}
