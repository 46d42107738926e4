/* --track-leak-origins: a local going out of scope.
     - name_local: the pointer is a local; at -O0 it lives in the frame,
       which dies when the function returns; at -O2 it lives in a
       register only: never stored.
     - name_addr: the local's address is taken, so it lives in the frame
       at -O2 too: lost when the function returns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noipa)) static void fill(char **where, size_t n)
{
   *where = malloc(n);
   memset(*where, 'a', n - 1);
   (*where)[n - 1] = 0;
}

__attribute__((noipa)) static void name_local(void)
{
   char *name = malloc(50);
   strcpy(name, "local");
   puts(name);
}                                     /* name goes out of scope */

__attribute__((noipa)) static void name_addr(void)
{
   char *name;
   fill(&name, 60);
   puts(name);
}                                     /* name goes out of scope */

int main(void)
{
   name_local();
   name_addr();
   return 0;
}
