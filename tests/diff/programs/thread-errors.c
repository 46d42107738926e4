/* thread-errors: errors in several threads (joined in turn, so that the
 * order is deterministic): overruns, use after free, double free. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static volatile long sink;

static void *worker(void *arg)
{
   long *p = arg;
   sink += p[4];
   p[5] = 1;
   free(p);
   sink += p[0];
   return NULL;
}

int main(void)
{
   pthread_t t[3];
   for (int i = 0; i < 3; i++) {
      long *p = malloc(32);
      pthread_create(&t[i], NULL, worker, p);
      pthread_join(t[i], NULL);
      if (i == 2)
         free(p);                                 /* double free */
   }
   printf("done\n");
   return 0;
}
