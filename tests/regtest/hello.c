/* hello: prints one line and frees what it allocates.  Used by the option
 * tests, where what matters is whether the program ran at all. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
   free(malloc(8));
   printf("program ran\n");
   return 0;
}
