/* bad-align.c -- alignments and sizes the aligned allocators refuse.
   Memcheck reports them from Valgrind 3.22 on.
   docs/manual.md, "Allocator arguments".  SPDX-License-Identifier: GPL-2.0-or-later */
#include <malloc.h>
#include <stdlib.h>

int main(void)
{
   void* p = NULL;
   volatile size_t align = 24, zero = 0;
   if (posix_memalign(&p, align, 48) == 0)   /* 24: not a power of 2 */
      free(p);
   free(memalign(64, zero));                  /* size 0 */
   return 0;
}
