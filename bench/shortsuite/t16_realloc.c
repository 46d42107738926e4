/* A vector of ints grown by realloc; reads one element past its end. */
#include "check.h"
typedef struct { int *a; size_t n, cap; } vec;
static void push(vec *v, int x) { if (v->n == v->cap) { v->cap = v->cap ? v->cap + v->cap / 2 : 4; v->a = realloc(v->a, v->cap * sizeof *v->a); } v->a[v->n++] = x; }
int main(void) {
   vec v = {0};
   for (int i = 0; i < 10000; i++) push(&v, i);
   v.a = realloc(v.a, v.n * sizeof *v.a);     /* shrink to fit */
   long s = 0; for (size_t i = 0; i <= v.n; i++) s += v.a[i];   /* one past the end */
   CHECK(s >= 49995000);
   free(v.a);
   return CHECK_DONE();
}
