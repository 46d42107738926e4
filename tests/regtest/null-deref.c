/* null-deref: a read through a null pointer (plus a small field offset)
 * is reported as an invalid read of an address that is "not stack'd,
 * malloc'd or (recently) free'd" before the core's fatal-signal
 * lines. */
#include <stdio.h>

struct node { long key; struct node *next; };

static long second_key(struct node *n)
{
   return n->next->key;
}

int main(void)
{
   struct node last = { 2, NULL }, first = { 1, &last };
   printf("%ld\n", second_key(&first));
   fflush(stdout);
   printf("%ld\n", second_key(&last));
   return 0;
}
