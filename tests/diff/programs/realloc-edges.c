/* realloc-edges: realloc and reallocarray at their edges, many times over,
 * so that the HEAP SUMMARY counts, the loss records and the folding of
 * repeated errors into contexts are compared: realloc(NULL, n) for
 * several n (a new block from 3.21's preload on, malloc before),
 * realloc(p, 0) and reallocarray(p, n, 0) of live blocks (from 3.21 a
 * "realloc() with size 0" error, then a free), realloc(NULL, 0),
 * reallocarray's overflow check, a fishy (negative) size, and blocks
 * grown and shrunk and lost.  With the argument "invalid" it also
 * passes a freed block and a stack address to realloc(p, 0) (undefined
 * natively: that run is marked no-native).  Pointers that are NULL go
 * through a volatile variable, which stops GCC from turning
 * realloc(NULL, n) into malloc(n). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *volatile null_ptr = NULL;
static void *kept[8];

static void *zero(void *p)
{
   return realloc(p, 0);
}

static void from_null(void)
{
   int i;
   for (i = 0; i < 4; i++)
      kept[i] = realloc(null_ptr, 8 + 8 * i);     /* reachable */
   (void)realloc(null_ptr, 33);                   /* lost */
   kept[4] = realloc(null_ptr, 0);                /* a 0-byte block */
   kept[5] = reallocarray(null_ptr, 4, 10);
}

static void to_zero(void)
{
   int i, n_null = 0;
   for (i = 0; i < 5; i++) {                      /* one context */
      char *p = malloc(16 + i);
      memset(p, 'a', 16);
      if (zero(p) == NULL)
         n_null++;
   }
   for (i = 0; i < 3; i++) {                      /* another one */
      char *p = realloc(null_ptr, 40);
      if (realloc(p, 0) == NULL)
         n_null++;
   }
   {
      char *p = malloc(24);
      if (reallocarray(p, 6, 0) == NULL)          /* reallocarray's */
         n_null++;
   }
   printf("realloc to 0 returned NULL %d times\n", n_null);
}

static void growth(void)
{
   char *p = NULL;
   int i;
   for (i = 1; i <= 12; i++) {
      p = realloc(p, 10 * i);
      p[0] = 'x';
   }
   p = realloc(p, 3);                             /* shrunk, then lost */
   p = NULL;
   p = reallocarray(null_ptr, 5, 5);
   p = reallocarray(p, 10, 10);
   kept[6] = p;
   {
      void *q = reallocarray(kept[6], (size_t)-1 / 2, 4);   /* overflow */
      printf("reallocarray overflow: %s\n", q ? "a block" : "NULL");
   }
   {
      volatile long minus_one = -1;
      void *q = realloc(kept[6], (size_t)minus_one);       /* fishy */
      printf("realloc(-1): %s\n", q ? "a block" : "NULL");
   }
}

static void invalid(void)
{
   char on_stack[32];
   char *p = malloc(50);
   free(p);
   printf("freed: %s\n", zero(p) ? "a block" : "NULL");
   printf("stack: %s\n", zero(on_stack) ? "a block" : "NULL");
}

int main(int argc, char **argv)
{
   from_null();
   to_zero();
   growth();
   if (argc > 1 && strcmp(argv[1], "invalid") == 0)
      invalid();
   return 0;
}
