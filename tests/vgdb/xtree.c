/* Client for the xtree sessions: a few leaks of each kind from distinct
   call paths, so that the call tree in the xtree file has some shape.
   Pauses once (see monitor.c) so that "leak_check xtleak" and "xtmemory"
   can be sent, then frees some blocks and leaks some more. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void* reachable[4];

static void wait_for_driver(void)
{
   char c;
   int i;
   printf("PAUSE\n");
   fflush(stdout);
   for (i = 0; i < 120 * 200; i++) {
      ssize_t n = read(0, &c, 1);
      if (n == 1 && c == '\n')
         return;
      if (n == 0)
         return;              /* no driver: run straight through */
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
         exit(5);
      usleep(5000);
   }
   exit(3);
}

static void* leaf(size_t n) { return malloc(n); }
static void* mid(size_t n) { return leaf(n); }

static void lose_tree(void)
{
   void** top = mid(32);
   top[0] = leaf(64);
   top[1] = leaf(128);
}

int main(void)
{
   int i;
   fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
   setvbuf(stdout, NULL, _IONBF, 0);
   (void)mid(100);
   (void)leaf(10);
   lose_tree();
   for (i = 0; i < 4; i++)
      reachable[i] = mid(1000 + i);
   wait_for_driver();
   free(reachable[0]);
   reachable[0] = NULL;
   (void)leaf(20);
   return 0;
}
