/* The error kinds tests/xml/programs/kinds.cpp does not make, for the
   SARIF round trip: a client check on a freed block (ClientCheck), a
   mempool request on a pool never created (InvalidMemPool), a leak, and
   an exit status of its own (invocations[0].exitCode). */
#include <stdlib.h>
#include <valgrind/memcheck.h>

static char pool_anchor;

int main(void)
{
   char* p = malloc(24);
   free(p);
   VALGRIND_CHECK_MEM_IS_ADDRESSABLE(p, 4);        /* ClientCheck */
   VALGRIND_MEMPOOL_ALLOC(&pool_anchor, p, 8);     /* InvalidMemPool */
   void* volatile lost = malloc(77);               /* definitely lost */
   lost = 0;
   (void)lost;
   return 7;
}
