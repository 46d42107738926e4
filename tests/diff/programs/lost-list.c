/* lost-list: linked lists.  A lost singly linked list of 10 nodes (head
 * definitely lost, 9 nodes indirectly lost), a doubly linked list of 6
 * whose head pointer is lost (a clique: one leader, 5 indirect), and a
 * list still reachable from a global.  Each list has its own node size. */
#include <stdio.h>
#include <stdlib.h>

struct snode {
   struct snode *next;
   long payload;
};

struct dnode {
   struct dnode *next, *prev;
   long payload[2];
};

struct kept_node {
   struct kept_node *next;
   long payload[3];
};

struct kept_node *kept;

static struct snode *slist(int n)
{
   struct snode *head = NULL;
   while (n-- > 0) {
      struct snode *x = malloc(sizeof *x);
      x->next = head;
      x->payload = n;
      head = x;
   }
   return head;
}

static struct dnode *dlist(int n)
{
   struct dnode *head = NULL;
   while (n-- > 0) {
      struct dnode *x = malloc(sizeof *x);
      x->next = head;
      x->prev = NULL;
      if (head)
         head->prev = x;
      head = x;
   }
   return head;
}

static void make(void)
{
   int i;
   (void)slist(10);
   (void)dlist(6);
   for (i = 0; i < 4; i++) {
      struct kept_node *x = malloc(sizeof *x);
      x->next = kept;
      kept = x;
   }
}

int main(void)
{
   make();
   printf("lists made\n");
   return 0;
}
