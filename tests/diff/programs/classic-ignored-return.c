/* classic-ignored-return: the third classic leak.  A function returns
 * memory it allocated and the caller ignores the return value:
 *     char *f(void) { return malloc(10); }
 *     void f1(void) { f(); }
 * Also strdup()'s result ignored, and a getline-style buffer never freed. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *f(void)
{
   return malloc(10);
}

static void f1(void)
{
   f();                         /* return value dropped: 10 bytes lost */
}

static char *make_name(int i)
{
   char *s = malloc(32);
   snprintf(s, 32, "name-%d", i);
   return s;
}

int main(void)
{
   int i;

   f1();
   for (i = 0; i < 3; i++)
      make_name(i);             /* 3 x 32 lost, one record */
   (void)strdup("a string that is duplicated and dropped");
   printf("%d\n", (int)strlen("ok"));
   return 0;
}
