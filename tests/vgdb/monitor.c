/* Client for the monitor-command sessions (tests/vgdb/*.session).

   It builds a heap with one loss record of each kind (distinct sizes, so
   that both tools number the records alike), prints the addresses the
   session needs ("ADDR name 0x..."), then "PAUSE" and waits for a line
   on stdin while the driver sends monitor commands with vgdb.  It polls
   stdin (non-blocking read + short sleeps) rather than blocking, so that
   Valgrind's gdbserver gets control without vgdb needing ptrace.  It gives
   up after 120 s. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct node { struct node* next; long pad; };

static void* reachable;        /* 200 bytes, start pointer */
static char* interior;         /* 300-byte block, interior pointer only */
static char* len64;            /* length64 header: reachable by heuristic */
static struct node* chain;     /* a chain of 3 nodes */

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
         exit(4);             /* driver gone */
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
         exit(5);
      usleep(5000);
   }
   exit(3);
}

static void* leak_definite(size_t n)
{
   /* Returned, dropped by the caller: definitely lost. */
   return malloc(n);
}

static void make_lost_pair(void)
{
   /* 16 bytes lost, holding the only pointer to 48 bytes: indirect. */
   void** outer = malloc(16);
   outer[0] = malloc(48);
   outer[1] = NULL;
}

int main(void)
{
   int i;
   fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);

   (void)leak_definite(100);
   make_lost_pair();
   reachable = malloc(200);
   interior = (char*)malloc(300) + 10;
   len64 = malloc(8 + 56);
   *(unsigned long*)len64 = 56;
   len64 += 8;
   for (i = 0; i < 3; i++) {
      struct node* n = malloc(sizeof *n);
      n->next = chain;
      chain = n;
   }
   printf("ADDR reachable %p\n", reachable);
   printf("ADDR len64 %p\n", len64 - 8);
   printf("ADDR chain %p\n", (void*)chain);
   wait_for_driver();

   /* Phase 2: the chain is cut (its head lost, the rest indirect), the
      reachable block is freed, one more definite leak. */
   chain = NULL;
   free(reachable);
   reachable = NULL;
   (void)leak_definite(120);
   wait_for_driver();
   return 0;
}
