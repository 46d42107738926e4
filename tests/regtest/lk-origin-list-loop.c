/* --track-leak-origins: a list head overwritten in a loop.  build()
   forgets to link each new item to the previous head, so every head but
   the last is lost where the next one replaces it (a global: the same at
   -O0 and -O2).  One record of 3 blocks, all lost at that store. */
#include <stdlib.h>

struct item {
   struct item *next;
   long value;
};

struct item *head;

__attribute__((noipa)) static void build(int n)
{
   int i;
   for (i = 0; i < n; i++) {
      struct item *it = malloc(sizeof *it);
      it->next = NULL;                /* should be: it->next = head */
      it->value = i;
      head = it;                      /* the previous head is lost */
   }
}

int main(void)
{
   build(4);
   return 0;
}
