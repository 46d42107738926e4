/* fishy.c -- a negative size, converted to a huge size_t.
   docs/manual.md, "Fishy arguments".  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>

int main(void)
{
   volatile long len = -1;             /* e.g. an unchecked error code */
   char* p = malloc(len);
   return p != NULL;
}
