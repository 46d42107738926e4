/* --track-leak-origins, cause 1: a pointer reassigned orphans the block
   it pointed to; the loss is at the assignment.
     - a field reassigned (c->name = s): a store over the only pointer,
       at -O0 and -O2 alike;
     - the classic local p = np: at -O0 p lives in reassign's frame and
       the store over it is the loss; at -O2 p lives in a register only,
       so there is no store to see: the pointer was never stored in
       memory, and the allocation (which returned it) is named. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct conf { char *name; };
struct conf *volatile global_conf;

__attribute__((noipa)) static void set_name(struct conf *c, size_t n)
{
   char *s = malloc(n);
   memset(s, 'x', n - 1);
   s[n - 1] = 0;
   c->name = s;                        /* loses the previous name */
}

__attribute__((noipa)) static void reassign(void)
{
   char *p = malloc(10);
   char *np = malloc(20);
   strcpy(p, "first");
   strcpy(np, "second");
   __asm__ volatile("" : : "r"(p) : "memory");   /* keep it allocated */
   p = np;                             /* the first block is lost */
   printf("%s\n", p);
   free(p);
}

int main(void)
{
   struct conf *c = malloc(sizeof *c);
   c->name = NULL;
   set_name(c, 30);
   set_name(c, 40);
   global_conf = c;
   reassign();
   return 0;
}
