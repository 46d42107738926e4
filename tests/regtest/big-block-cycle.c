/* The shape of Memcheck's sbfragment test (memcheck/tests/sbfragment.c in
   Valgrind's source): a big block is replaced by a bigger one, again and
   again, until it is some 13 MB, so that big blocks are allocated,
   freed, held in quarantine and released all the time.  leakcheck marks
   whole pages of their shadow at once (lk_shadow.cpp, "Page-level
   states"); the errors and address descriptions around them must stay
   Memcheck's: just before and after a live big block, inside a
   quarantined one, in memory a released one left to small blocks, and
   through a realloc chain.  Time is not asserted here (bench/run-bigheap
   times it). */
#include <stdio.h>
#include <stdlib.h>

#define STEP 32000

static volatile char sink;

/* Touches the new block's edges and the old, just freed, block. */
static void probe(char *old, size_t old_size, char *nb, size_t n_size)
{
   nb[-1] = 1;                 /* 1 byte before the new block */
   sink = nb[n_size + 7];      /* 7 bytes after it */
   sink = old[old_size / 2];   /* inside the freed block */
   sink = old[old_size - 1];
}

int main(int argc, char *argv[])
{
   int loops = argc > 1 ? atoi(argv[1]) : 400;
   size_t size = 8 + STEP, n_size;
   char *big = malloc(size), *nb, *r = NULL, *small[64];
   int i, k;

   for (i = 0; i < loops; i++) {
      n_size = size + STEP;
      nb = malloc(n_size);
      if (nb == NULL) {
         printf("malloc of %zu failed\n", n_size);
         return 1;
      }
      nb[n_size - 1] = 2;       /* the last byte is the block's */
      free(big);
      if (i == 40)
         probe(big, size, nb, n_size);   /* 1.3 MB */
      if (i == loops - 10)
         probe(big, size, nb, n_size);   /* the big end */
      big = nb;
      size = n_size;
   }
   printf("after %d loops, last size block requested %zu\n", loops, size);

   /* A realloc chain through the same sizes: each step moves the block
      and frees the old one. */
   for (k = 1; k <= 40; k++) {
      r = realloc(r, (size_t)k * 8 * STEP);
      r[(size_t)k * 8 * STEP - 1] = 3;
   }
   sink = r[(size_t)40 * 8 * STEP];   /* just past the end */

   /* The last big block goes; small blocks then fill memory that big
      ones held. */
   free(big);
   for (k = 0; k < 64; k++)
      small[k] = malloc(100 + k);
   sink = small[10][110];        /* past a small block */
   for (k = 0; k < 64; k++)
      if (k != 20)               /* one leaked */
         free(small[k]);
   free(r);
   return 0;
}
