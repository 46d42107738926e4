/* --track-leak-origins: a thread drops its only pointer before exiting.
     - plain_worker returns with the pointer in a local: at -O0 the local
       lives in its frame, which dies at the return; at -O2 it lives in
       a register: never stored.
     - exit_worker calls pthread_exit with the pointer in a local whose
       address was taken (in the frame at -O0 and -O2): the frame dies
       when pthread_exit unwinds the thread's stack. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noipa)) static void *plain_worker(void *arg)
{
   char *p = malloc(70);
   strcpy(p, "plain");
   __asm__ volatile("" : : "r"(p) : "memory");     /* keep it allocated */
   return NULL;                       /* p dies with the thread */
}

__attribute__((noipa)) static void *exit_worker(void *arg)
{
   char *q = malloc(80);
   strcpy(q, "exit");
   __asm__ volatile("" : : "r"(&q) : "memory");    /* q in the frame */
   pthread_exit(NULL);                /* q dies with the thread */
}

int main(void)
{
   pthread_t t;
   pthread_create(&t, NULL, plain_worker, NULL);
   pthread_join(t, NULL);
   pthread_create(&t, NULL, exit_worker, NULL);
   pthread_join(t, NULL);
   return 0;
}
