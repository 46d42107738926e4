/* access-errors: invalid reads and writes of every size (1 to 16 bytes,
 * SSE for 16) before and after blocks of odd and aligned sizes, through
 * freed blocks, and partial word loads; Memcheck and the tool must agree
 * on every error, its size, its description and the counts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <emmintrin.h>

static volatile uint64_t sink;

#define RD(T, p)   sink += *(volatile T *)(p)
#define WR(T, p)   (*(volatile T *)(p) = 0)

static void sizes(char *p, size_t n)
{
   RD(uint8_t, p + n);  WR(uint8_t, p + n);
   RD(uint16_t, p + n); WR(uint16_t, p + n);
   RD(uint32_t, p + n); WR(uint32_t, p + n);
   RD(uint64_t, p + n); WR(uint64_t, p + n);
   sink += (uint64_t)_mm_cvtsi128_si64(_mm_loadu_si128((const __m128i *)(p + n)));
   _mm_storeu_si128((__m128i *)(p + n), _mm_setzero_si128());
   RD(uint8_t, p - 1);  WR(uint8_t, p - 1);
   RD(uint16_t, p - 2); WR(uint16_t, p - 2);
   RD(uint32_t, p - 4); WR(uint32_t, p - 4);
   RD(uint64_t, p - 8); WR(uint64_t, p - 8);
   RD(uint64_t, p + n - 3);                       /* straddles the end */
   RD(uint64_t, p + ((n + 7) & ~(size_t)7) - 8);  /* aligned, partly in */
}

int main(void)
{
   size_t sz[] = { 1, 13, 24, 64, 100 };
   for (size_t i = 0; i < sizeof sz / sizeof sz[0]; i++) {
      char *p = malloc(sz[i]);
      memset(p, 0, sz[i]);
      sizes(p, sz[i]);
      free(p);
      RD(uint8_t, p);                           /* after free */
      WR(uint32_t, p);
   }
   int *q = malloc(40);
   free(q);
   for (int i = 0; i < 10; i++)
      q[i]++;                                   /* 10 reads, 10 writes */
   printf("done\n");
   return 0;
}
