/* string-errors: overruns inside replaced string functions and
 * overlapping copies, as in tests/regtest/string-errors.c, repeated in a
 * loop so that counts are compared too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile size_t sink;

int main(void)
{
   for (int round = 0; round < 3; round++) {
      char *s = malloc(7);
      char *d = malloc(7);
      char *x = malloc(64);
      memcpy(s, "abcdefg", 7);                   /* unterminated */
      sink += strlen(s);
      sink += (size_t)strchr(s, 'z') + (size_t)strrchr(s, 'a');
      strcpy(d, "1234567");
      memcpy(d, x, 9);
      for (int i = 0; i < 40; i++)
         x[i] = 'A' + i % 26;
      x[40] = 0;
      strncpy(x + 10, x, 12);                    /* overlap */
      x[30] = 0;
      strcpy(x, x + 20);                          /* overlap */
      sink += (size_t)mempcpy(x + 4, x, 8);      /* overlap */
      free(s);
      free(d);
      free(x);
      sink += strlen(s);                          /* freed */
   }
   printf("done\n");
   return 0;
}
