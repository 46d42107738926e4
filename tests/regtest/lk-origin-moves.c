/* --track-leak-origins: pointers that move (memcpy of a pointer array,
   the array freed after, memmove shifting it, realloc moving it) are
   not lost where they move: each block's origin is the event that
   removed its last pointer, however many copies died before.
     - block 0: its only pointer is shifted out by memmove;
     - block 2: its last pointer is cut by an unaligned 8-byte store
       (memcpy at -O0, one store in clobber at -O2);
     - block 3: two copies after the memmove; the second one is the last;
     - block 1 stays reachable. */
#include <stdlib.h>
#include <string.h>

char **volatile arr;

__attribute__((noipa)) static void shift(char **v)
{
   memmove(v, v + 1, 3 * sizeof *v);  /* v[0]'s pointer goes */
}

__attribute__((noipa)) static void clobber(char **v)
{
   unsigned long z = 0;
   memcpy((char *)v + 4, &z, 8);      /* v[0]'s high half, v[1]'s low */
}

int main(void)
{
   char **a = malloc(4 * sizeof *a), **b;
   a[0] = malloc(100);
   a[1] = malloc(110);
   a[2] = malloc(120);
   a[3] = malloc(130);
   b = malloc(4 * sizeof *b);
   memcpy(b, a, 4 * sizeof *b);       /* copies: nothing is lost */
   free(a);                           /* nor here: b has them */
   shift(b);                          /* b = { 1, 2, 3, 3 } */
   b = realloc(b, 8 * sizeof *b);     /* moved: nothing is lost */
   arr = b;
   b[2] = NULL;                       /* a copy of block 3 */
   b[3] = NULL;                       /* block 3's last pointer */
   clobber(b);                        /* block 2's last pointer */
   return 0;
}
