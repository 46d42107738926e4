/* --track-leak-origins, cause 2: a structure freed before its children:
   the loss is the parent's free, line 19 (the child's only pointer was in
   it).  At -O2 free is a tail call: the stack shows it called from line 24. */
#include <stdlib.h>
#include <string.h>

struct node {
   struct node *child;
   char name[24];
};

__attribute__((noipa)) static void parent_first(void)
{
   struct node *parent = malloc(sizeof *parent);
   parent->child = malloc(sizeof *parent->child);
   parent->child->child = NULL;
   strcpy(parent->child->name, "child");
   __asm__ volatile("" : : "r"(parent) : "memory");   /* the stores stay */
   free(parent);                      /* should free parent->child first */
}

int main(void)
{
   parent_first();
   return 0;
}
