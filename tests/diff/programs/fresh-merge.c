/* fresh-merge: a freed block that held the only pointers to 16 targets
 * (and another freed block that also points at them) goes back to the
 * allocator next to the never-used rest of its arena
 * superblock and merges with it; a larger block is then cut from the
 * merged space, starting where the freed block was and reaching into
 * memory never handed out before.  Memcheck sees the new block's
 * contents as undefined: the targets are definitely lost.  leakcheck
 * clears only the part of a fresh block that was ever handed out (the
 * rest is zero from the kernel); the old pointers must not survive.
 * Run with --freelist-vol=0 so that freed blocks reach the allocator at
 * the next allocation.  With a first argument, prints whether the new
 * blocks read as zero (leakcheck hands out cleared memory). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 16

static void *keep[4];

static int all_zero(const void *p, size_t n)
{
   const unsigned char *c = p;
   for (size_t i = 0; i < n; i++)
      if (c[i]) return 0;
   return 1;
}

int main(int argc, char **argv)
{
   void *s = malloc(24);
   free(s);
   keep[0] = malloc(24);            /* s goes back to the allocator */
   void **holder = malloc(512);
   for (int i = 0; i < N; i++)
      holder[i] = malloc(64 + i);   /* targets: only holder points at them */
   void **last = malloc(512);       /* the block next to the unused rest */
   for (int i = 0; i < 64; i++)
      last[i] = holder[i % N];      /* more pointers to the targets */
   memset(holder + N, 0x5a, 512 - N * sizeof(void *));
   free(holder);
   keep[1] = malloc(24);            /* holder goes back to the allocator */
   free(last);
   keep[2] = malloc(24);            /* reuses s: last merges with the rest */
   keep[3] = malloc(4000);          /* cut from last's place onwards */
   char *recycled = malloc(480);    /* cut from holder's place */
   if (argc > 1)
      printf("fresh block zero: %s, recycled block zero: %s\n",
             all_zero(keep[3], 4000) ? "yes" : "no",
             all_zero(recycled, 480) ? "yes" : "no");
   else
      printf("done\n");
   keep[3] = (char *)keep[3] + 0;   /* keep it live */
   (void)recycled;
   return 0;
}
