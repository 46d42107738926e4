/* Client for pool-frees.session: a mempool on a malloc'd superblock.
   Phase 1 allocates chunks (some lost); phase 2 gives one back with
   MEMPOOL_FREE; phase 3 trims the pool.  From Valgrind 3.27 on a chunk
   given back is a free, so block_list after it calls the last leak search
   obsolete, and HEAP SUMMARY counts it.  Pauses as monitor.c does. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <valgrind/memcheck.h>

static char* sb;
static char* kept[2];

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

int main(void)
{
   int i;
   fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
   sb = malloc(4096);
   memset(sb, 0, 4096);
   VALGRIND_CREATE_MEMPOOL(sb, 0, 0);
   VALGRIND_MAKE_MEM_NOACCESS(sb, 4096);
   for (i = 0; i < 6; i++)     /* chunks of 40 + 8*i bytes at 128*i */
      VALGRIND_MEMPOOL_ALLOC(sb, sb + 128 * i, 40 + 8 * i);
   kept[0] = sb + 128;          /* chunks 1 and 4 reachable, the rest lost */
   kept[1] = sb + 512;
   wait_for_driver();
   VALGRIND_MEMPOOL_FREE(sb, sb + 128 * 5);
   wait_for_driver();
   VALGRIND_MEMPOOL_TRIM(sb, sb + 128, 128 * 3 + 20);   /* 0 goes, 4 clipped */
   wait_for_driver();
   VALGRIND_DESTROY_MEMPOOL(sb);
   free(sb);
   return 0;
}
