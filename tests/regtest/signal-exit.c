/* signal-exit: exit() is called from a SIGUSR1 handler.  A 99-byte block is
 * lost before the signal; the 199-byte block allocated inside the handler is
 * still reachable through a global. */
#include <signal.h>
#include <stdlib.h>

void *kept;

static void handler(int sig)
{
   (void)sig;
   kept = malloc(199);
   exit(3);
}

static void lose(void)
{
   (void)malloc(99);
}

int main(void)
{
   signal(SIGUSR1, handler);
   lose();
   raise(SIGUSR1);
   return 0;
}
