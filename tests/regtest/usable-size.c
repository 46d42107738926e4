/* usable-size: under Valgrind, malloc_usable_size returns the requested
 * size of a live block (no slop), and 0 for NULL or a wild pointer. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
   char *p = malloc(99);
   char *z = malloc(0);
   char *c = calloc(3, 7);

   printf("malloc(99): %zu\n", malloc_usable_size(p));
   printf("malloc(0): %zu\n", malloc_usable_size(z));
   printf("calloc(3,7): %zu\n", malloc_usable_size(c));
   printf("NULL: %zu\n", malloc_usable_size(NULL));
   free(p);
   free(z);
   free(c);
   return 0;
}
