/* A named thread that makes errors (so <error> carries <threadname>),
   client messages with and without a backtrace, and a leak search
   requested during the run (leak errors before the FINISHED status). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>
#include <valgrind/valgrind.h>
#include <valgrind/memcheck.h>

static void* worker(void* arg)
{
   char* p;
   /* Valgrind learns a thread's name from the thread's own prctl. */
   pthread_setname_np(pthread_self(), "worker");
   p = malloc(12);
   free(p);
   free(p);                                /* InvalidFree in "worker" */
   VALGRIND_PRINTF_BACKTRACE("worker done\n");
   return malloc(20);                      /* definitely lost after join */
}

int main(void)
{
   pthread_t t;
   void* r;
   VALGRIND_PRINTF("proc=main\n");
   pthread_create(&t, NULL, worker, NULL);
   pthread_join(t, &r);
   r = NULL;
   (void)malloc(36);                      /* definitely lost */
   VALGRIND_DO_LEAK_CHECK;
   (void)malloc(44);
   return 0;
}
