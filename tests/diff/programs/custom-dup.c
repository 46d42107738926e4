/* Two custom blocks at one address (VALGRIND_MALLOCLIKE_BLOCK twice), then
   VALGRIND_FREELIKE_BLOCK: Memcheck's block table removes the newer one, so
   the older stays and is reported at exit with its own size and stack.
   Right after each other, around a leak check, and with thousands of
   blocks allocated in between (the block table resizes). */
#include <stdlib.h>
#include <valgrind/memcheck.h>

static char pool_a[64], pool_b[64], pool_c[64];
static void* live[5000];

__attribute__((noinline)) static void older(char* p, size_t n)
{
   VALGRIND_MALLOCLIKE_BLOCK(p, n, 0, 0);
}

__attribute__((noinline)) static void newer(char* p, size_t n)
{
   VALGRIND_MALLOCLIKE_BLOCK(p, n, 0, 0);
}

int main(void)
{
   int i;
   /* Both waiting. */
   older(pool_a, 10);
   newer(pool_a, 20);
   VALGRIND_FREELIKE_BLOCK(pool_a, 0);

   /* The same after a leak check (which does not need the table). */
   older(pool_b, 11);
   VALGRIND_DO_QUICK_LEAK_CHECK;
   newer(pool_b, 21);
   VALGRIND_FREELIKE_BLOCK(pool_b, 0);

   /* Across a resize: the older, then 5000 live blocks, then the newer. */
   older(pool_c, 12);
   for (i = 0; i < 5000; i++)
      live[i] = malloc(8);
   newer(pool_c, 22);
   VALGRIND_FREELIKE_BLOCK(pool_c, 0);
   for (i = 0; i < 5000; i++)
      free(live[i]);
   return 0;
}
