/* cr-leak-modes: VALGRIND_DO_LEAK_CHECK with the request's raw mode and
 * delta arguments, including values Memcheck does not know (a warning,
 * then full / any), and COUNT_LEAKS / COUNT_LEAK_BLOCKS after searches
 * of each kind.  Deltas of an indirect leak show in both numbers of
 * "T (D direct, I indirect)".  Output through stderr (unbuffered: no
 * stdio buffer on the heap). */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memcheck.h>

static void* reachable;

static void counts(const char* when)
{
   unsigned long l = 0, d = 0, r = 0, s = 0, bl = 0, bd = 0, br = 0, bs = 0;
   VALGRIND_COUNT_LEAKS(l, d, r, s);
   VALGRIND_COUNT_LEAK_BLOCKS(bl, bd, br, bs);
   fprintf(stderr, "%s: leaked %lu/%lu dubious %lu/%lu reachable %lu/%lu "
           "suppressed %lu/%lu\n", when, l, bl, d, bd, r, br, s, bs);
}

static void lose_pair(size_t outer, size_t inner)
{
   void** p = malloc(outer);
   p[0] = malloc(inner);
}

int main(void)
{
   counts("before any search");
   lose_pair(16, 32);
   reachable = malloc(64);
   VALGRIND_DO_CLIENT_REQUEST_STMT(VG_USERREQ__DO_LEAK_CHECK, 7, 0, 0, 0, 0);
   counts("after bad mode");
   lose_pair(16, 32);
   VALGRIND_DO_CLIENT_REQUEST_STMT(VG_USERREQ__DO_LEAK_CHECK, 0, 9, 0, 0, 0);
   counts("after bad delta");
   lose_pair(16, 32);
   VALGRIND_DO_ADDED_LEAK_CHECK;
   free(reachable);
   reachable = NULL;
   VALGRIND_DO_CHANGED_LEAK_CHECK;
   counts("after changed");
   VALGRIND_DO_CLIENT_REQUEST_STMT(VG_USERREQ__DO_LEAK_CHECK, 1, 2, 0, 0, 0);
   counts("after summary changed");
   return 0;
}
