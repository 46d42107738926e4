/* realloc-zero.c -- realloc(p, 0): glibc frees p, other C libraries
   need not.  Memcheck reports it from Valgrind 3.21 on.
   docs/manual.md, "Allocator arguments".  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>

int main(void)
{
   char* p = malloc(10);
   volatile size_t n = 0;
   p = realloc(p, n);
   free(p);
   return 0;
}
