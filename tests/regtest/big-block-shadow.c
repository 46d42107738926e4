/* A block of 8 MiB, written and freed.  Making it accessible clears
   1 MiB of shadow filter, which leakcheck gives back to the kernel
   (madvise) instead of writing it: see lk-shadow-pages-dropped.vgtest. */
#include <stdlib.h>
#include <string.h>

int main(void)
{
   size_t n = (size_t)8 << 20;
   char *p = malloc(n);
   if (p == NULL)
      return 1;
   memset(p, 1, n);
   p[n] = 0;        /* one byte past the end: still reported */
   free(p);
   return 0;
}
