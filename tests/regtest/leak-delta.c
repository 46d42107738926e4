/* leak-delta: leak searches requested by the client while it runs
 * (VALGRIND_DO_LEAK_CHECK, _ADDED_, _CHANGED_, _QUICK_).  Delta searches
 * print "(+N)"/"(-N)" after every number; a record whose blocks went away
 * is shown once more with 0 blocks in a "changed" search.  No stdio, so
 * the heap holds only these blocks. */
#include <stdlib.h>
#include <valgrind/memcheck.h>

void *kept;

static void lose(size_t n)
{
   (void)malloc(n);
}

int main(void)
{
   VALGRIND_DO_LEAK_CHECK;            /* nothing allocated yet */
   lose(10);
   VALGRIND_DO_ADDED_LEAK_CHECK;      /* 10 (+10) definitely lost */
   kept = malloc(33);
   VALGRIND_DO_CHANGED_LEAK_CHECK;    /* 33 (+33) still reachable */
   free(kept);
   kept = NULL;
   VALGRIND_DO_CHANGED_LEAK_CHECK;    /* 0 (-33) still reachable */
   lose(20);
   VALGRIND_DO_QUICK_LEAK_CHECK;      /* summary only */
   return 0;
}
