/* lk-wild-tool-image: a load and a store through a pointer into the
 * tool's own image (0x58000000, where Valgrind loads every tool).
 * Memcheck reports both ("is in the Text segment of
 * .../memcheck-amd64-linux"); leakcheck's shadow marks the chunks of its
 * image as probes, so it reports them the same way, naming its own
 * binary, and the store is reported once although it also faults. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

static sigjmp_buf env;
static void on_segv(int s) { (void)s; siglongjmp(env, 1); }
volatile long sink;

int main(void)
{
   struct sigaction sa;
   char *volatile p = (char *)0x58001000;
   memset(&sa, 0, sizeof sa);
   sa.sa_handler = on_segv;
   sigaction(SIGSEGV, &sa, NULL);
   if (!sigsetjmp(env, 1)) sink = *(volatile int *)p;
   if (!sigsetjmp(env, 1)) *(volatile int *)p = 1;
   else printf("store faulted\n");
   return 0;
}
