/* overrun.c -- reading one element past the end of a heap array.
   docs/manual.md, "Invalid read and write".  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>

int main(void)
{
   int* a = malloc(10 * sizeof *a);
   volatile int x = a[10];             /* a[0] .. a[9] only */
   (void)x;
   free(a);
   return 0;
}
