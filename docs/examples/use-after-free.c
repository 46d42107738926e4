/* use-after-free.c -- writing to a block after freeing it.
   docs/manual.md, "Invalid read and write".  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>
#include <string.h>

int main(void)
{
   char* name = malloc(16);
   strcpy(name, "leakcheck");
   free(name);
   name[0] = 'L';                      /* the block is gone */
   return 0;
}
