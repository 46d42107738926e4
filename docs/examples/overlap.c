/* overlap.c -- strcpy between overlapping strings (undefined behaviour).
   docs/manual.md, "Overlapping copies".  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>
#include <string.h>

int main(void)
{
   char* buf = malloc(16);
   strcpy(buf, "hello");
   strcpy(buf, buf + 2);               /* copies "llo" over "hel" */
   free(buf);
   return 0;
}
