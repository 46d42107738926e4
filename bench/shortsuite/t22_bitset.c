/* Sieve of Eratosthenes in a heap bitset; an early-exit path leaks. */
#include <string.h>
#include "check.h"
static unsigned char *sieve(int n) {
   unsigned char *b = malloc(n / 8 + 1); memset(b, 0xff, n / 8 + 1); b[0] &= ~3;
   for (int i = 2; (long)i * i <= n; i++) if (b[i / 8] >> (i % 8) & 1) for (int j = i * i; j <= n; j += i) b[j / 8] &= ~(1 << (j % 8));
   return b;
}
int main(void) {
   int count = 0, n = 200000;
   unsigned char *b = sieve(n);
   for (int i = 0; i <= n; i++) count += b[i / 8] >> (i % 8) & 1;
   CHECK(count == 17984);
   free(b);
   b = sieve(1000);
   if (!(b[2 / 8] >> 2 & 1)) free(b);        /* 2 is prime: not freed */
   return CHECK_DONE();
}
