/* --track-leak-origins: realloc shrinking an array of pointers.  The
   pointers in the part realloc drops are lost there (the part it keeps
   moves to the new block: those are not losses). */
#include <stdlib.h>

char **table;

int main(void)
{
   int i;
   table = malloc(4 * sizeof *table);
   for (i = 0; i < 4; i++)
      table[i] = malloc(10 + i);
   table = realloc(table, 2 * sizeof *table);   /* table[2], [3] lost */
   return 0;
}
