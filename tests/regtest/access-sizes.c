/* access-sizes: reads and writes of 1, 2, 4, 8, 16 and 32 bytes just
 * before and just after heap blocks of an odd (13) and an aligned (64)
 * size, and inside a freed block.  Every access is on its own line, so
 * each is its own error context.  The loaded values are never used. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <immintrin.h>

static volatile uint64_t sink;

#define RD(T, p)     sink += *(volatile T *)(p)
#define WR(T, p)     (*(volatile T *)(p) = 0)
#define RD16(p)      sink += (uint64_t)_mm_cvtsi128_si64(_mm_loadu_si128((const __m128i *)(p)))
#define WR16(p)      _mm_storeu_si128((__m128i *)(p), _mm_setzero_si128())
#define RD32(p)      sink += (uint64_t)_mm256_extract_epi64(_mm256_loadu_si256((const __m256i *)(p)), 0)
#define WR32(p)      _mm256_storeu_si256((__m256i *)(p), _mm256_setzero_si256())

static void around(size_t n)
{
   char *p = malloc(n);
   memset(p, 0, n);
   /* After the end: the first bytes of the redzone. */
   RD(uint8_t, p + n);
   WR(uint8_t, p + n);
   RD(uint16_t, p + n);
   WR(uint16_t, p + n);
   RD(uint32_t, p + n);
   WR(uint32_t, p + n);
   RD(uint64_t, p + n);
   WR(uint64_t, p + n);
   RD16(p + n);
   WR16(p + n);
   RD32(p + n - 16);        /* half in, half out */
   WR32(p + n - 16);
   /* Before the start. */
   RD(uint8_t, p - 1);
   WR(uint8_t, p - 1);
   RD(uint16_t, p - 2);
   WR(uint16_t, p - 2);
   RD(uint32_t, p - 4);
   WR(uint32_t, p - 4);
   RD(uint64_t, p - 8);
   WR(uint64_t, p - 8);
   RD16(p - 16);
   WR16(p - 16);
   RD32(p - 16);            /* half out, half in */
   WR32(p - 16);
   /* Straddling the end by one byte. */
   RD(uint32_t, p + n - 3);
   WR(uint32_t, p + n - 3);
   RD(uint64_t, p + n - 7);
   WR(uint64_t, p + n - 7);
   free(p);
}

static void after_free(void)
{
   char *p = malloc(100);
   memset(p, 0, 100);
   free(p);
   RD(uint8_t, p + 1);
   WR(uint8_t, p + 1);
   RD(uint16_t, p + 2);
   WR(uint16_t, p + 2);
   RD(uint32_t, p + 4);
   WR(uint32_t, p + 4);
   RD(uint64_t, p + 8);
   WR(uint64_t, p + 8);
   RD16(p + 16);
   WR16(p + 16);
   RD32(p + 32);
   WR32(p + 32);
   /* A read-modify-write: one context, two errors. */
   ++*(volatile uint32_t *)(p + 64);
}

int main(void)
{
   around(13);
   around(64);
   after_free();
   return 0;
}
