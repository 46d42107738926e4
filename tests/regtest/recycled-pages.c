/* recycled-pages: blocks of 64 KiB to 1 MiB cut from memory freed
 * before.  leakcheck clears such a block only where the page table says
 * a page may hold data (lk_heap.c, clear_written_pages), so that pages
 * the client never touched stay out of memory as under Memcheck.  The
 * pages it did touch must still be cleared:
 *   - calloc must return zeros there;
 *   - a pointer left there must not make a block reachable: Memcheck
 *     takes no pointers from the new block's undefined memory, so the
 *     block below is definitely lost.
 * Run with --freelist-vol=0: a freed block goes back to the arena at the
 * next allocation.  Each big block sits between two small live ones, so
 * that it does not merge with free neighbours, and the allocation that
 * releases it takes one of the small free blocks made at the start: the
 * next block of its size then gets exactly its memory (the output says
 * so; both tools share the arena and its layout).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG 4096

static char *volatile keep;       /* the last recycled block, live */
static void *volatile seps[64];   /* live neighbours of the big blocks */
static void *volatile apart[64];  /* keep the small free blocks apart */
static int nseps;
static void *volatile only_ref;   /* the lost block, until forgotten */

/* A block of sz bytes between two small live ones. */
static void *isolated(size_t sz)
{
   seps[nseps++] = malloc(16);
   void *p = malloc(sz);
   seps[nseps++] = malloc(16);
   return p;
}

__attribute__((noinline)) static void leave_stale_pointers(size_t sz)
{
   only_ref = malloc(40);
   char *old = isolated(sz);
   void *p = only_ref;
   /* Every third page, and the last word of the block. */
   for (size_t off = 24; off + sizeof p <= sz; off += 3 * PG)
      memcpy(old + off, &p, sizeof p);
   memcpy(old + sz - sizeof p, &p, sizeof p);
   free(old);
   only_ref = NULL;
   void *trigger = malloc(16);    /* releases old */
   keep = malloc(sz);             /* old's memory again, never written */
   printf("pointer block reused: %s\n", keep == old ? "yes" : "no");
   free(trigger);
}

int main(void)
{
   int nonzero = 0, reused = 0;
   /* Small free blocks, apart, for the small requests to take. */
   void *small[64];
   for (int i = 0; i < 64; i++) {
      small[i] = malloc(16);
      apart[i] = malloc(16);
   }
   for (int i = 0; i < 64; i++)
      free(small[i]);
   leave_stale_pointers(300 * 1024 + 8);
   for (int round = 0; round < 20; round++) {
      size_t sz = (size_t)(64 + 37 * round) * 1024 + 40 * round;
      unsigned char *a = isolated(sz);
      /* A few pages only (a sparse buffer), from an offset into the page. */
      for (size_t off = round * 100; off < sz; off += PG * (1 + round % 5))
         a[off] = 0xA5;
      a[sz - 1] = 0x5A;
      free(a);
      void *trigger = malloc(16);
      unsigned char *b = calloc(sz, 1);
      reused += b == a;
      for (size_t i = 0; i < sz; i++)
         if (b[i] != 0) {
            nonzero++;
            break;
         }
      free(b);
      free(trigger);
   }
   printf("calloc blocks reused: %d of 20, non-zero: %d\n", reused, nonzero);
   return 0;
}
