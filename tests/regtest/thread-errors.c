/* thread-errors: invalid accesses and a bad free in two threads besides
 * main; each report names its thread ("Thread 2:") when it differs from
 * the previous report's.  The threads run one after the other. */
#include <pthread.h>
#include <stdlib.h>

static volatile long sink;

static void *worker(void *arg)
{
   long *p = arg;
   sink += p[4];                      /* 0 bytes after a block of 32 */
   free(p);
   p[1] = 7;                          /* write to the freed block */
   return NULL;
}

int main(void)
{
   pthread_t t;
   long *a = malloc(32);
   long *b = malloc(32);
   sink += a[-1];
   pthread_create(&t, NULL, worker, a);
   pthread_join(t, NULL);
   pthread_create(&t, NULL, worker, b);
   pthread_join(t, NULL);
   free(b);                           /* double free, in main */
   return 0;
}
