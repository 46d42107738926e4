/* thread-leak: leaks made by other threads.  Two workers each lose one
 * block (sizes 111 and 222) and keep one in a global (333 and 444); main
 * joins them before exiting, so the output does not depend on timing. */
#include <pthread.h>
#include <stdlib.h>

void *kept[2];

static void *worker(void *arg)
{
   long n = (long)arg;

   (void)malloc(111 * n);
   kept[n - 1] = malloc(111 * (n + 2));
   return NULL;
}

int main(void)
{
   pthread_t t1, t2;

   pthread_create(&t1, NULL, worker, (void *)1L);
   pthread_join(t1, NULL);
   pthread_create(&t2, NULL, worker, (void *)2L);
   pthread_join(t2, NULL);
   return 0;
}
