/* qsort of heap-allocated records by two keys; records leak. */
#include <string.h>
#include "check.h"
typedef struct { char name[16]; int age; } rec;
static int cmp(const void *a, const void *b) {
   const rec *x = *(rec *const *)a, *y = *(rec *const *)b;
   return x->age != y->age ? x->age - y->age : strcmp(x->name, y->name);
}
int main(void) {
   int n = 5000; rec **v = malloc(n * sizeof *v); unsigned s = 7;
   for (int i = 0; i < n; i++) { v[i] = malloc(sizeof(rec)); s = s * 69069 + 1; v[i]->age = s >> 25; snprintf(v[i]->name, 16, "n%u", s & 0xffff); }
   qsort(v, n, sizeof *v, cmp);
   int sorted = 1; for (int i = 1; i < n; i++) sorted &= cmp(&v[i - 1], &v[i]) <= 0;
   CHECK(sorted);
   free(v);                                  /* the 5000 records are lost */
   return CHECK_DONE();
}
