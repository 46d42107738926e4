/* malloc0: zero-size blocks.  Kept (start pointer), kept by a pointer equal
 * to the block address held in another block, lost, freed; and new of an
 * empty struct (size 1). */
#include <stdio.h>
#include <stdlib.h>

void *kept0;
void **holder;

int main(void)
{
   int i;

   kept0 = malloc(0);
   holder = malloc(sizeof(void *));
   holder[0] = malloc(0);
   for (i = 0; i < 5; i++)
      (void)malloc(0);                      /* 5 lost zero-size blocks */
   free(malloc(0));
   printf("zero-size blocks made\n");
   return 0;
}
