/* --track-leak-origins: a lost cycle.  Three nodes point to each other
   in a ring; the program holds the ring by a pointer to its second node
   and drops it.  The lowest-addressed node leads the clique (definitely
   lost) and the other two are indirectly lost through it: the leader's
   record names the store that cut the last pointer from outside into
   the cycle (not the ring's own pointers, overwritten while it was
   rearranged before); the indirect record names the leader's record. */
#include <stdlib.h>

struct ring {
   struct ring *next;
   char         tag[40];
};

struct ring *volatile hold;

__attribute__((noipa)) static struct ring *node(void)
{
   struct ring *r = malloc(sizeof *r);
   r->next = NULL;
   return r;
}

__attribute__((noipa)) static void make_ring(void)
{
   struct ring *a = node(), *b = node(), *c = node();
   a->next = c;
   c->next = a;                       /* a <-> c, then b goes in: */
   a->next = b;                       /* a -> b -> c -> a */
   b->next = c;
   hold = b;
}

__attribute__((noipa)) static void drop_ring(void)
{
   hold = NULL;                       /* the whole ring is lost */
}

int main(void)
{
   make_ring();
   drop_ring();
   return 0;
}
