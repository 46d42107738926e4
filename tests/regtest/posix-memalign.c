/* posix-memalign: invalid alignments give EINVAL and report nothing; valid
 * ones give an aligned block.  memalign rounds a bad alignment up.  The
 * blocks are then freed, so no leak is reported. */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void try(size_t align)
{
   void *p = (void *)1;
   int r = posix_memalign(&p, align, 40);

   printf("posix_memalign(%zu): %s", align,
          r == 0 ? "0" : r == EINVAL ? "EINVAL" : r == ENOMEM ? "ENOMEM" : "?");
   if (r == 0) {
      printf(", aligned %s", ((uintptr_t)p % align) == 0 ? "yes" : "no");
      free(p);
   } else {
      printf(", pointer %s", p == (void *)1 ? "untouched" : "changed");
   }
   printf("\n");
}

int main(void)
{
   void *m;

   try(0);
   try(4);
   try(12);
   try(24);
   try(8);
   try(64);
   try(4096);
   m = memalign(33, 10);
   printf("memalign(33): 64-aligned %s\n",
          ((uintptr_t)m % 64) == 0 ? "yes" : "no");
   free(m);
   return 0;
}
