/* partial-loads: aligned 8-, 16- and 32-byte loads that are partly inside
 * a block (vectorised scans do this) are no error under the default
 * --partial-loads-ok=yes, but unaligned ones and 4-byte ones are; with
 * --partial-loads-ok=no all of them are reported.  A load entirely
 * outside is always reported. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <immintrin.h>

static volatile uint64_t sink;

int main(void)
{
   char *p = aligned_alloc(64, 37);      /* 37 bytes, 64-aligned */
   memset(p, 1, 37);
   sink += *(volatile uint64_t *)(p + 32);                       /* 8, aligned, 5 in */
   sink += *(volatile uint64_t *)(p + 34);                       /* 8, unaligned */
   sink += *(volatile uint32_t *)(p + 36);                       /* 4, aligned, 1 in */
   sink += (uint64_t)_mm_cvtsi128_si64(_mm_load_si128((const __m128i *)(p + 32)));      /* 16 aligned */
   sink += (uint64_t)_mm_cvtsi128_si64(_mm_loadu_si128((const __m128i *)(p + 24)));     /* 16 unaligned */
   sink += (uint64_t)_mm256_extract_epi64(_mm256_load_si256((const __m256i *)(p + 32)), 0);   /* 32 aligned */
   sink += (uint64_t)_mm256_extract_epi64(_mm256_loadu_si256((const __m256i *)(p + 8)), 0);   /* 32 unaligned */
   sink += *(volatile uint64_t *)(p + 40);                       /* 8, aligned, all out */
   /* Stores get no exemption. */
   *(volatile uint64_t *)(p + 32) = 0;
   free(p);
   return 0;
}
