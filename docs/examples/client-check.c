/* client-check.c -- memcheck.h's check requests work under leakcheck.
   docs/manual.md, "Client checks".  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>
#include <valgrind/memcheck.h>

int main(void)
{
   char* p = malloc(8);
   VALGRIND_CHECK_MEM_IS_ADDRESSABLE(p, 12);   /* 4 bytes too many */
   free(p);
   return 0;
}
