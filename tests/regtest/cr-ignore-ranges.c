/* cr-ignore-ranges: DISABLE/ENABLE_ADDR_ERROR_REPORTING_IN_RANGE return
 * 1, or 0 for an empty range; a disabled range is not a leak root; ranges
 * still disabled at exit are listed in a WARNING block (even with -q),
 * those from --ignore-ranges are not. */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memcheck.h>

static void* roots[64];

int main(void)
{
   int i;
   for (i = 0; i < 4; i++)
      roots[i * 16] = malloc(50 + i);
   fprintf(stderr, "disable: %d %d\n",
           (int)VALGRIND_DISABLE_ADDR_ERROR_REPORTING_IN_RANGE(&roots[0], 32 * sizeof(void*)),
           (int)VALGRIND_DISABLE_ADDR_ERROR_REPORTING_IN_RANGE(&roots[0], 0));
   VALGRIND_DO_LEAK_CHECK;       /* 50 and 51 lost */
   fprintf(stderr, "enable: %d\n",
           (int)VALGRIND_ENABLE_ADDR_ERROR_REPORTING_IN_RANGE(&roots[8], 8 * sizeof(void*)));
   fprintf(stderr, "disable: %d\n",
           (int)VALGRIND_DISABLE_ADDR_ERROR_REPORTING_IN_RANGE(&roots[48], 1));
   return 0;
}
