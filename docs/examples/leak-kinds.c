/* leak-kinds.c -- one block of each leak kind: a lost cycle (one block
   definitely lost, the other indirectly), a block known only through a
   pointer into its middle (possibly lost), and one a global points to
   (still reachable).  docs/manual.md, "The four leak kinds".
   SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdlib.h>

struct node {
   struct node* next;
   char         data[24];
};

static char* config;                  /* points to the start of a block */
static char* cursor;                  /* points into the middle of one */

static void lose_cycle(void)
{
   struct node* a = malloc(sizeof *a);
   struct node* b = malloc(sizeof *b);
   a->next = b;
   b->next = a;                       /* a -> b -> a */
}                                     /* a and b die with the frame */

int main(void)
{
   config = malloc(40);
   cursor = malloc(100);
   cursor += 10;                      /* the block's start is forgotten */
   lose_cycle();
   return 0;
}
