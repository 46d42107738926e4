/* lk-new-leak-check: VALGRIND_DO_NEW_LEAK_CHECK of Valgrind >= 3.21's
 * memcheck.h (VG_USERREQ__DO_LEAK_CHECK with deltamode 3): a full search
 * that shows only loss records absent from the previous search, with
 * "(+N)" deltas.  Memcheck 3.19 does not know deltamode 3 (it warns and
 * does a plain search), hence a hand-written expectation. */
#include <stdlib.h>
#include <valgrind/memcheck.h>

#ifndef VALGRIND_DO_NEW_LEAK_CHECK
#define VALGRIND_DO_NEW_LEAK_CHECK \
   VALGRIND_DO_CLIENT_REQUEST_STMT(VG_USERREQ__DO_LEAK_CHECK, 0, 3, 0, 0, 0)
#endif

void *kept;

static void lose(size_t n)
{
   (void)malloc(n);
}

int main(void)
{
   int i;
   for (i = 0; i < 2; i++) {
      lose(10);
      if (i == 1)
         kept = malloc(33);
      /* 1st: the 10-byte record is new.  2nd: it only grew; the
         33-byte record is new. */
      VALGRIND_DO_NEW_LEAK_CHECK;
   }
   return 0;
}
