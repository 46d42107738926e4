/* mempool.c -- a chunk allocated from a pool that was never created.
   docs/manual.md, "Client checks".  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>
#include <valgrind/valgrind.h>

int main(void)
{
   char* arena = malloc(256);
   VALGRIND_MEMPOOL_ALLOC(arena, arena + 16, 32);  /* no CREATE_MEMPOOL */
   free(arena);
   return 0;
}
