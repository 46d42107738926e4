/* realloc-zero: the realloc calls the preload passes on to the tool from
 * Valgrind 3.21 (before, it turned them into malloc and free itself):
 * realloc(NULL, n), realloc(p, 0) of a live block, of a block freed
 * already and of no block, realloc(NULL, 0), and the same through
 * reallocarray.  Memcheck reports "realloc() with size 0" (3.27: the
 * function's name) before freeing (--realloc-zero-bytes-frees=yes) or
 * moving to a 1-byte block (=no).  The pointers go through a volatile
 * variable: GCC turns realloc(NULL, n) with a literal NULL into malloc.
 * The HEAP SUMMARY counts are part of the test. */
#include <stdio.h>
#include <stdlib.h>

static char *volatile null_ptr = NULL;
static char *keep[4];

static void *grow(void *p, size_t n)
{
   return realloc(p, n);
}

static void *to_zero(void *p)
{
   return realloc(p, 0);
}

int main(void)
{
   char stack_buf[16];
   char *p, *q;
   int i;

   p = realloc(null_ptr, 24);                 /* a new block, from realloc */
   keep[0] = p;
   p = grow(p, 48);
   keep[0] = p;

   for (i = 0; i < 2; i++) {                  /* one context, two errors */
      q = malloc(10 + i);
      q = to_zero(q);
      printf("to_zero: %s\n", q == NULL ? "NULL" : "a block");
      free(q);                                /* NULL, or the 1-byte block */
   }

   q = malloc(30);
   free(q);
   q = to_zero(q);                            /* a freed block */
   printf("freed: %s\n", q == NULL ? "NULL" : "a block");

   q = to_zero(stack_buf);                    /* no block at all */
   printf("stack: %s\n", q == NULL ? "NULL" : "a block");

   keep[1] = realloc(null_ptr, 0);            /* a 0-byte block */

   p = reallocarray(null_ptr, 3, 8);          /* new, through reallocarray */
   keep[2] = p;
   p = reallocarray(p, 0, 8);                 /* size 0 */
   printf("reallocarray: %s\n", p == NULL ? "NULL" : "a block");
   free(p);

   keep[3] = malloc(7);
   keep[3] = NULL;                            /* lost: a loss record */
   return 0;
}
