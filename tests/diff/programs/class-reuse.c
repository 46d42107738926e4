/* class-reuse: memory freed in one size class serves another.
 * Many 48-byte blocks (each holding a pointer to 'target', plus a
 * pattern) are freed and leave the quarantine (small --freelist-vol);
 * then many 304-byte blocks are allocated.  With --size-classes=yes the
 * 48-byte class's runs empty and are released, and the 304-byte class
 * must take their memory (as the client arena does for Memcheck), with
 * the old contents gone: calloc'd blocks read zero, and the stale
 * pointers to 'target' in the reused memory must not keep it reachable
 * (Memcheck never takes pointers from undefined memory: 'target' is
 * definitely lost in both tools).  A read through a dangling pointer
 * while the freed memory is unallocated is described as an unallocated
 * block of the client arena. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_SMALL 20000
#define N_BIG 4000

static volatile long sink;
static void* small[N_SMALL];
static unsigned char* big[N_BIG];

int main(void)
{
   void* target = malloc(100);
   uintptr_t lo = UINTPTR_MAX, hi = 0;
   for (int i = 0; i < N_SMALL; i++) {
      void** p = malloc(48);
      p[0] = target;
      p[1] = (char*)target + 8;
      memset(p + 2, 0xa5, 48 - 2 * sizeof(void*));
      small[i] = p;
      if ((uintptr_t)p < lo) lo = (uintptr_t)p;
      if ((uintptr_t)p > hi) hi = (uintptr_t)p;
   }
   long* dangling = small[N_SMALL / 2];
   for (int i = 0; i < N_SMALL; i++) {
      free(small[i]);
      small[i] = NULL;   /* no roots into the memory reused below */
   }
   target = NULL;
   /* Push the small blocks out of the quarantine with blocks of a size
      that runs do not serve. */
   for (int i = 0; i < 20; i++)
      free(malloc(3000));
   sink += dangling[2];   /* freed and unallocated memory */
   dangling = NULL;

   int reused = 0, nonzero = 0;
   for (int i = 0; i < N_BIG; i++) {
      unsigned char* b = (i % 2) ? calloc(1, 304) : malloc(304);
      if ((uintptr_t)b >= lo && (uintptr_t)b <= hi)
         reused++;
      if (i % 2) {
         for (int k = 0; k < 304; k++)
            nonzero += b[k] != 0;
      } else {
         b[303] = 0x5a;   /* the rest untouched: old pointers if not cleared */
      }
      big[i] = b;
   }
   printf("304-byte blocks in the 48-byte blocks' memory: %s\n",
          reused > 0 ? "yes" : "no");
   printf("non-zero bytes in calloc'd blocks: %d\n", nonzero);
   /* Leak every fourth big block; free the rest but one in ten. */
   for (int i = 0; i < N_BIG; i++) {
      if (i % 4 == 0)
         big[i] = NULL;
      else if (i % 10 != 1) {
         free(big[i]);
         big[i] = NULL;
      }
   }
   return 0;
}
