/* Errors that occur several times and once, for occurrenceCount
   (docs/sarif.md): the error manager folds the repeats of one error
   into one, and the XML's <errorcounts> says how often each occurred.
   An invalid read in a loop (5 times, one context), the same read
   reached from a second caller (another context, 2 times), an invalid
   write 3 times, an invalid free once, a leak (loss records are never
   folded). */
#include <stdlib.h>

static int peek(const char* p, int i)
{
   return p[i];                 /* InvalidRead */
}

static void poke(char* p, int i)
{
   p[i] = 1;                    /* InvalidWrite */
}

static int again(const char* p)
{
   int s = 0, k;
   for (k = 0; k < 2; k++)
      s += peek(p, 16);
   return s;
}

int main(void)
{
   char* volatile p = malloc(16);
   int s = 0, i;
   for (i = 0; i < 5; i++)
      s += peek(p, 16);
   s += again(p);
   for (i = 0; i < 3; i++)
      poke(p, 20);
   free(p);
   free(p);                     /* InvalidFree, once */
   void* volatile lost = malloc(33);
   lost = 0;
   (void)lost;
   return s == 12345;
}
