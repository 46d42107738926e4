/* --track-leak-origins must not disturb a function that keeps data in
   its red zone (below the stack pointer) across a stack-pointer rise:
   valgrind.h's CALL_FN_* macros move SP below the red zone, call, and
   move it back, and the compiler may keep the wrapper's locals there
   (it sees no call).  Leak origins once cleared what SP rose over, and
   Valgrind 3.24's own ifunc wrapper lost its OrigFn that way. */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/valgrind.h>

__attribute__((noipa)) long add_them(long a, long b)
{
   return a + b;
}

/* The wrapper of add_them in this executable. */
long I_WRAP_SONAME_FNNAME_ZU(NONE, add_them)(long a, long b);
long I_WRAP_SONAME_FNNAME_ZU(NONE, add_them)(long a, long b)
{
   OrigFn fn;
   long r, k = a * 3;
   VALGRIND_GET_ORIG_FN(fn);
   CALL_FN_W_WW(r, fn, a, b);
   return r + k + (long)(fn.nraddr != 0);
}

int main(void)
{
   long s = 0;
   int i;
   for (i = 0; i < 100; i++)
      s += add_them(i, 2 * i);
   printf("%ld\n", s);
   return 0;
}
