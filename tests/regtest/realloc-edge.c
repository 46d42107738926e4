/* realloc-edge: realloc(NULL, n) is a malloc, realloc(p, 0) is a free
 * (Valgrind 3.19 semantics), and a growing realloc chain leaves only its
 * last block.  The survivors are lost so that they show in loss records
 * with their allocation stacks. */
#include <stdlib.h>

static void chain(void)
{
   char *p = realloc(NULL, 10);      /* behaves as malloc(10) */
   p = realloc(p, 20);
   p = realloc(p, 30);
   p = realloc(p, 5);                 /* shrinking also moves the block */
   p = NULL;                          /* the 5-byte block is lost */
}

static void to_zero(void)
{
   char *p = realloc(NULL, 17);
   p = realloc(p, 0);                 /* frees it, returns NULL */
   (void)p;
}

int main(void)
{
   chain();
   to_zero();
   return 0;
}
