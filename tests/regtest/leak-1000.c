/* leak-1000: 1000 one-byte blocks allocated at one place and all lost are
 * merged into a single loss record ("1,000 bytes in 1,000 blocks"). */
#include <stdlib.h>

static void leak_one(void)
{
   char *p = malloc(1);
   *p = 'x';
}

int main(void)
{
   int i;

   for (i = 0; i < 1000; i++)
      leak_one();
   return 0;
}
