/* double-free.c -- freeing a block twice.
   docs/manual.md, "Invalid free".  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>

int main(void)
{
   char* buf = malloc(32);
   free(buf);
   free(buf);                          /* the second free is invalid */
   return 0;
}
