/* Four worker threads sum slices of a shared array through a mutex-guarded
   result list; one result node leaks. */
#include <pthread.h>
#include "check.h"
typedef struct res { long sum; struct res *next; } res;
static res *results; static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int *data; enum { N = 40000, T = 4 };
static void *work(void *arg) {
   long id = (long)arg, s = 0;
   for (int i = id * (N / T); i < (id + 1) * (N / T); i++) s += data[i];
   res *r = malloc(sizeof *r); r->sum = s;
   pthread_mutex_lock(&mu); r->next = results; results = r; pthread_mutex_unlock(&mu);
   return NULL;
}
int main(void) {
   pthread_t th[T]; data = malloc(N * sizeof *data);
   for (int i = 0; i < N; i++) data[i] = i % 100;
   for (long i = 0; i < T; i++) pthread_create(&th[i], NULL, work, (void *)i);
   for (int i = 0; i < T; i++) pthread_join(th[i], NULL);
   long total = 0; int n = 0; for (res *r = results; r; r = r->next) { total += r->sum; n++; }
   CHECK(n == T && total == 49.5 * N);
   free(results->next->next); results->next->next = NULL;   /* drops the 4th */
   free(results->next); free(results); free(data);
   return CHECK_DONE();
}
