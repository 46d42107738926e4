/* leak-none: every block is freed, so the leak search finds nothing:
 * "All heap blocks were freed -- no leaks are possible". */
#include <stdlib.h>

int main(void)
{
   int i;
   void *p[10];

   for (i = 0; i < 10; i++)
      p[i] = malloc(10 + i);
   for (i = 9; i >= 0; i--)
      free(p[i]);
   return 0;
}
