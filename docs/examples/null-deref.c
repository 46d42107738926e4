/* null-deref.c -- a store through a null pointer kills the program.
   docs/manual.md, "Invalid read and write".  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stddef.h>

struct point { int x, y; };

int main(void)
{
   struct point* volatile p = NULL;
   p->y = 1;                           /* address 0x4: no memory there */
   return 0;
}
