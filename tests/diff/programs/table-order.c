/* Which block an address description names when two blocks hold the
   address follows the order of Memcheck's table of live blocks, which
   leakcheck computes instead of keeping (lk_htorder.cpp).  Each "pool" is
   a malloc'd block of 8 KiB with a custom block (MALLOCLIKE, 16 bytes,
   redzone 8) inside: a read in the custom block's redzone is inside the
   pool too, so either block may be named, depending on where the two
   stand in the table.  Every other pool has its custom block at its
   start, the same key, so that the two share a chain (newest first, and
   reversed by each growth of the table); the others have it at offsets
   spread over the pool, so that the chains come in either order.  The
   reads are done as the table grows (at 769, 1543, 3079, ... blocks) and
   after blocks have left it, each from its own function (errors with the
   same top frames count as one). */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memcheck.h>

#define POOL 8192
#define MAXP 8000
static char* pools[MAXP];
static int offs[MAXP];
static int n_pools, n_made;
static volatile char sink;

/* One function per read, so that each read has its own stack (errors
   with the same top frames count as one). */
#define READER(k) \
   __attribute__((noinline)) static void read_##k(char* p) { sink = *p; }
READER(0) READER(1) READER(2) READER(3) READER(4) READER(5)
READER(6) READER(7) READER(8) READER(9) READER(10) READER(11)
READER(12) READER(13) READER(14) READER(15) READER(16) READER(17)
READER(18) READER(19) READER(20) READER(21) READER(22) READER(23)
READER(24) READER(25) READER(26) READER(27) READER(28) READER(29)
READER(30) READER(31)
static void (*const readers[32])(char*) = {
   read_0, read_1, read_2, read_3, read_4, read_5, read_6, read_7,
   read_8, read_9, read_10, read_11, read_12, read_13, read_14, read_15,
   read_16, read_17, read_18, read_19, read_20, read_21, read_22, read_23,
   read_24, read_25, read_26, read_27, read_28, read_29, read_30, read_31};

/* The custom block's offset: spread over the pool, so that the two
   blocks' keys fall in chains in either order. */
static void add_pools(int n)
{
   for (int i = 0; i < n && n_pools < MAXP; i++) {
      char* p = malloc(POOL);
      unsigned k = (unsigned)n_made++;
      int off = k % 2 ? 16 + (int)((k * 2654435761u) % (POOL - 64)) / 16 * 16
                      : 0;
      VALGRIND_MALLOCLIKE_BLOCK(p + off, 16, 8, 0);
      offs[n_pools] = off;
      pools[n_pools++] = p;
   }
}

static void drop_pools(int every)
{
   int k = 0;
   for (int i = 0; i < n_pools; i++) {
      if (i % every == 0) {
         VALGRIND_FREELIKE_BLOCK(pools[i] + offs[i], 8);
         free(pools[i]);
      } else {
         offs[k] = offs[i];
         pools[k++] = pools[i];
      }
   }
   n_pools = k;
}

/* Reads in the custom block's redzone (4 bytes after it at the pool's
   start, else 4 bytes before it) of eight pools spread over the array. */
static int n_reads = 0;
static void probe(void)
{
   for (int j = 0; j < 8; j++) {
      int i = (n_pools - 1) * j / 7;
      readers[n_reads++](pools[i] + (offs[i] ? offs[i] - 4 : 20));
   }
}

int main(void)
{
   add_pools(300);     /* 600 table entries: before the first growth */
   probe();
   add_pools(600);     /* past 769 and 1543 */
   probe();
   drop_pools(3);
   add_pools(2000);    /* past 3079 */
   probe();
   drop_pools(2);
   add_pools(5000);    /* past 6151 and 12289 */
   probe();
   while (n_pools > 0)
      drop_pools(1);
   printf("done\n");
   return 0;
}
