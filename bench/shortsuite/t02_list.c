/* Doubly linked list: push, remove, reverse.  Forgets a removed node. */
#include "check.h"
typedef struct node { int v; struct node *prev, *next; } node;
typedef struct { node *head, *tail; int n; } list;
static void push(list *l, int v) {
   node *x = calloc(1, sizeof *x); x->v = v; x->prev = l->tail;
   if (l->tail) l->tail->next = x; else l->head = x;
   l->tail = x; l->n++;
}
static node *unlink_node(list *l, node *x) {
   if (x->prev) x->prev->next = x->next; else l->head = x->next;
   if (x->next) x->next->prev = x->prev; else l->tail = x->prev;
   l->n--; return x;
}
int main(void) {
   list l = {0};
   for (int i = 0; i < 3000; i++) push(&l, i);
   for (node *x = l.head, *nx; x; x = nx) { nx = x->next; if (x->v % 3 == 0) free(unlink_node(&l, x)); }
   CHECK(l.n == 2000);
   unlink_node(&l, l.head);                  /* leaked: never freed */
   long sum = 0; for (node *x = l.head; x; x = x->next) sum += x->v;
   CHECK(sum > 0);
   for (node *x = l.head, *nx; x; x = nx) { nx = x->next; free(x); }
   return CHECK_DONE();
}
