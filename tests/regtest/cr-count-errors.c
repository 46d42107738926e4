/* cr-count-errors: VALGRIND_COUNT_ERRORS counts the errors shown so far,
 * leak errors of full client-requested searches included (each search
 * counts afresh), and errors of client check requests. */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memcheck.h>

static char buf[64];

int main(void)
{
   fprintf(stderr, "errors: %u\n", VALGRIND_COUNT_ERRORS);
   free(buf);                                         /* Invalid free */
   fprintf(stderr, "errors: %u\n", VALGRIND_COUNT_ERRORS);
   (void)malloc(33);
   VALGRIND_DO_LEAK_CHECK;
   fprintf(stderr, "errors: %u\n", VALGRIND_COUNT_ERRORS);
   VALGRIND_DO_QUICK_LEAK_CHECK;
   fprintf(stderr, "errors: %u\n", VALGRIND_COUNT_ERRORS);
   (void)VALGRIND_MAKE_MEM_NOACCESS(buf + 16, 8);
   fprintf(stderr, "check: %d\n",
           (int)(VALGRIND_CHECK_MEM_IS_ADDRESSABLE(buf, 32) - (long)buf));
   fprintf(stderr, "check: %ld\n",
           (long)VALGRIND_CHECK_MEM_IS_ADDRESSABLE(buf, 16));
   fprintf(stderr, "errors: %u\n", VALGRIND_COUNT_ERRORS);
   (void)VALGRIND_MAKE_MEM_DEFINED(buf + 16, 8);
   return 0;
}
