/* string-errors: overruns inside the replaced string and memory
 * functions are reported with the caller in the stack, and overlapping
 * source and destination are reported as Memcheck does.  Correct calls
 * on blocks whose size is not a multiple of 8 are silent (glibc's own
 * vectorised versions would read past their ends). */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static volatile size_t sink;

int main(void)
{
   char *s5 = malloc(5);
   char *d = malloc(5);
   char *x = malloc(100);
   wchar_t *w = malloc(3 * sizeof(wchar_t));
   int i;

   /* Correct uses: no error. */
   memcpy(s5, "abcd", 5);
   sink += strlen(s5);
   strcpy(d, s5);
   sink += strcmp(d, s5) + (size_t)strchr(s5, 'c') + (size_t)strrchr(s5, 'a');
   sink += (size_t)memchr(s5, 'd', 5) + (size_t)strstr(s5, "bc");
   sink += strspn(s5, "ab") + strcspn(s5, "d") + (size_t)strpbrk(s5, "xd");
   sink += strncmp(s5, d, 10) + strcasecmp(s5, d) + memcmp(s5, d, 5);
   sink += (size_t)stpcpy(x, s5) + (size_t)strcat(x, s5);
   sink += strnlen(s5, 100);
   w[0] = L'x'; w[1] = L'y'; w[2] = 0;
   sink += wcslen(w);

   /* Overruns. */
   s5[4] = 'e';                       /* no terminator any more */
   sink += strlen(s5);                /* reads 1 byte past the end */
   strcpy(d, "hello");                /* writes 1 byte past the end */
   memcpy(d, x, 6);                   /* reads and writes past the end */
   sink += (size_t)strchr(s5, 'z');   /* reads past the end */

   /* Overlaps (as Memcheck's overlap test: no zero in the first half). */
   for (i = 0; i < 50; i++)
      x[i] = i + 1;
   for (i = 50; i < 100; i++)
      x[i] = 0;
   memcpy(x + 20, x, 20);             /* ok */
   memcpy(x + 20, x, 21);             /* overlap */
   memcpy(x, x + 20, 21);             /* overlap */
   strncpy(x + 20, x, 20);            /* ok */
   strncpy(x + 20, x, 21);            /* overlap */
   strncpy(x, x + 20, 21);            /* overlap */
   x[39] = '\0';
   strcpy(x, x + 20);                 /* ok */
   x[39] = 39;
   x[40] = '\0';
   strcpy(x, x + 20);                 /* overlap */
   x[19] = '\0';
   strcpy(x + 20, x);                 /* ok */
   strcpy(x + 60, "abcdefghijklmnopqrstuvwxyz");
   strncat(x + 80, x + 60, 21);       /* ok */
   x[60 + 26] = 0;
   strncat(x + 60 + 20, x + 60, 21);  /* overlap */
   sink += (size_t)mempcpy(x + 1, x, 8);   /* overlap */
   memmove(x + 1, x, 8);              /* memmove may overlap: no error */
   free(s5);
   free(d);
   free(x);
   free(w);
   return 0;
}
