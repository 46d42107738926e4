/* bigheap.c -- clients of bench/run-bigheap.
   SPDX-License-Identifier: GPL-2.0-or-later

   bigheap cycle LOOPS
       The shape of Memcheck's regression test sbfragment
       (memcheck/tests/sbfragment.c in Valgrind's source): a block grows
       by 32,000 bytes a step by being replaced with a new one, the old
       one freed, LOOPS times (3,000 loops: 96 MB).  Never touched.

   bigheap sparse N
       A sparsely touched big heap: N blocks of 1 MiB, one page of each
       written (its first page, at offsets that vary), and N x 500 small
       blocks of 16-72 bytes.  300 small blocks of each big one are
       reached only through that page, 200 through a global array.  A
       third of the big blocks are leaked (their 300 small blocks with
       them) and 150 of each 200 of the others: half of the small blocks
       and a third of the big ones are lost.  The leak search must not
       make the untouched pages resident. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIG (1024 * 1024)
#define PER_BIG 500
#define IN_PAGE 300

void **bigs;
void **globals;          /* PER_BIG - IN_PAGE per big block */

static int cycle(long loops)
{
   unsigned long size = 8 + 32000;
   char *big = malloc(size), *nb;
   long i;
   for (i = 0; i < loops; i++) {
      size += 32000;
      nb = malloc(size);
      if (nb == NULL) {
         printf("malloc of %lu failed\n", size);
         return 1;
      }
      free(big);
      big = nb;
   }
   printf("after %ld loops, last size block requested %lu\n", loops, size);
   free(big);
   return 0;
}

static int sparse(long n)
{
   const long n_glob = PER_BIG - IN_PAGE;
   long i, j;
   bigs = malloc(n * sizeof *bigs);
   globals = malloc(n * n_glob * sizeof *globals);
   if (bigs == NULL || globals == NULL)
      return 1;
   for (i = 0; i < n; i++) {
      char *b = malloc(BIG);
      void **page;
      if (b == NULL) {
         printf("malloc of block %ld failed\n", i);
         return 1;
      }
      /* One page of each block is written: which one varies. */
      page = (void **)(b + (size_t)(i % 200) * 4096);
      for (j = 0; j < PER_BIG; j++) {
         void *s = malloc(16 + 8 * ((i + j) % 8));
         if (j < IN_PAGE)
            page[j] = s;
         else
            globals[i * n_glob + (j - IN_PAGE)] = s;
      }
      bigs[i] = b;
   }
   /* Leaks: every third big block (with the small blocks only its page
      points to), and 150 of each 200 small blocks of the global array. */
   for (i = 0; i < n; i++) {
      if (i % 3 == 0)
         bigs[i] = NULL;
      for (j = 0; j < 150; j++)
         globals[i * n_glob + j] = NULL;
   }
   printf("sparse heap: %ld blocks of 1 MiB, %ld small blocks\n", n,
          n * PER_BIG);
   return 0;
}

int main(int argc, char **argv)
{
   if (argc == 3 && strcmp(argv[1], "cycle") == 0)
      return cycle(atol(argv[2]));
   if (argc == 3 && strcmp(argv[1], "sparse") == 0)
      return sparse(atol(argv[2]));
   fprintf(stderr, "usage: bigheap cycle LOOPS | bigheap sparse N\n");
   return 2;
}
