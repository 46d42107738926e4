/* null-const: accesses to page zero at constant addresses (which the
 * inline check skips, as it skips all constant addresses) and through a
 * NULL pointer plus an offset (which the inline check catches): each is
 * reported once, before it faults; a SIGSEGV handler carries on. */
#include <setjmp.h>
#include <signal.h>
#include <string.h>

static sigjmp_buf env;
static void on_segv(int s) { (void)s; siglongjmp(env, 1); }
int *volatile nowhere;
volatile long sink;

int main(void)
{
   struct sigaction sa;
   memset(&sa, 0, sizeof sa);
   sa.sa_handler = on_segv;
   sigaction(SIGSEGV, &sa, NULL);
   if (!sigsetjmp(env, 1)) *(volatile int *)0x10 = 1;
   if (!sigsetjmp(env, 1)) sink = *(volatile long *)0x20;
   if (!sigsetjmp(env, 1)) nowhere[3] = 1;
   if (!sigsetjmp(env, 1)) sink = *(volatile short *)((char *)nowhere + 0x40);
   return 0;
}
