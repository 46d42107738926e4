/* Ring-buffer queue that grows; one queue is never destroyed. */
#include <string.h>
#include "check.h"
typedef struct { int *a; int head, n, cap; } queue;
static void q_push(queue *q, int v) {
   if (q->n == q->cap) {
      int nc = q->cap ? q->cap * 2 : 4; int *na = malloc(nc * sizeof *na);
      for (int i = 0; i < q->n; i++) na[i] = q->a[(q->head + i) % q->cap];
      free(q->a); q->a = na; q->head = 0; q->cap = nc;
   }
   q->a[(q->head + q->n++) % q->cap] = v;
}
static int q_pop(queue *q) { int v = q->a[q->head]; q->head = (q->head + 1) % q->cap; q->n--; return v; }
int main(void) {
   queue q = {0}, forgotten = {0};
   long s = 0;
   for (int r = 0; r < 200; r++) { for (int i = 0; i < 30; i++) q_push(&q, i); for (int i = 0; i < 25; i++) s += q_pop(&q); }
   CHECK(q.n == 1000);
   for (int i = 0; i < 100; i++) q_push(&forgotten, i);
   CHECK(q_pop(&forgotten) == 0);
   free(q.a);
   return CHECK_DONE();
}
