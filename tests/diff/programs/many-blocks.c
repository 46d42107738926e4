/* many-blocks: 160,000 blocks at exit.  60,000 live blocks in a global
 * array (still reachable), 50,000 one-by-one leaks from one call site (one
 * record), a lost 50,000-node linked list (1 definite + 49,999 indirect)
 * and 10,000 blocks freed.  Exercises the speed and the big numbers with
 * thousands separators. */
#include <stdio.h>
#include <stdlib.h>

#define LIVE 60000
#define LOST 50000
#define LIST 50000

struct node {
   struct node *next;
};

void **live;

static void leak_one(int i)
{
   char *p = malloc(8 + (i & 7));
   p[0] = (char)i;
}

static void lose_list(void)
{
   struct node *head = NULL;
   int i;

   for (i = 0; i < LIST; i++) {
      struct node *n = malloc(sizeof *n);
      n->next = head;
      head = n;
   }
}

int main(void)
{
   int i;

   live = malloc(LIVE * sizeof(void *));
   for (i = 0; i < LIVE; i++)
      live[i] = malloc(24);
   for (i = 0; i < LOST; i++)
      leak_one(i);
   lose_list();
   for (i = 0; i < 10000; i++)
      free(malloc(100));
   printf("%d live\n", LIVE);
   return 0;
}
