/* signal-exit: the process leaves through exit() called from a signal
 * handler (SIGUSR2, raised by the program itself so that the run is
 * deterministic).  The interrupted frames' locals still hold roots when
 * the leak check runs. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void on_usr2(int sig)
{
   void *in_handler = malloc(321);   /* held by the handler's live frame */
   (void)sig;
   (void)in_handler;
   printf("leaving from the handler\n");
   fflush(stdout);
   exit(5);
}

static void busy(void)
{
   void *local = malloc(123);        /* held by this live frame */
   (void)malloc(456);                /* lost */
   raise(SIGUSR2);
   free(local);
}

int main(void)
{
   struct sigaction sa;

   memset(&sa, 0, sizeof sa);
   sa.sa_handler = on_usr2;
   sigaction(SIGUSR2, &sa, NULL);
   busy();
   return 0;
}
