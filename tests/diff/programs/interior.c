/* interior: blocks reachable only through interior pointers (possibly
 * lost), including a pointer into the middle of a large block, a pointer
 * to the last byte, a pointer one past the end (reaches nothing: lost), a
 * chain where a possibly-lost block points to a child (the child is
 * possibly lost too, never indirect), and an interior pointer stored in
 * a reachable block. */
#include <stdio.h>
#include <stdlib.h>

char *mid_ptr;          /* into the middle of a 1000-byte block */
char *last_byte;        /* at the last byte of a 200-byte block */
char *past_end;         /* one past the end of a 300-byte block */
char **chain;           /* interior into a block that points at a child */
char **holder;          /* reachable block holding an interior pointer */

static void make(void)
{
   char **b;

   mid_ptr = (char *)malloc(1000) + 500;
   last_byte = (char *)malloc(200) + 199;
   past_end = (char *)malloc(300) + 300;

   b = malloc(64);
   b[0] = malloc(48);           /* child of a possibly-lost block */
   b[1] = NULL;
   chain = b + 1;

   holder = malloc(16);
   holder[0] = (char *)malloc(72) + 8;
   holder[1] = NULL;
}

int main(void)
{
   make();
   printf("interior pointers set\n");
   return 0;
}
