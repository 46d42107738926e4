/* More distinct allocation stacks than a 2-byte index holds: 70,000
   stacks, each the path of 17 levels of calls (two call sites per level)
   to the allocation, 8 blocks allocated at each and kept reachable, then
   three blocks lost through paths never seen before.  The leak search
   numbers the stacks it meets (lk_leak.cpp: 2 bytes a block up to 65,536
   stacks, 4 after, and the stack itself once the stacks outnumber an
   eighth of the blocks plus 4,096, which 8 blocks a stack stays under),
   so the lost blocks' stacks are numbered past 65,536: their loss
   records must show the stacks Memcheck shows.  Run with
   --num-callers=24 (20 frames a stack) and --show-leak-kinds=definite. */
#include <stdlib.h>

#define DEPTH 17
#define N_STACKS 70000
#define PER_STACK 8

static void* kept[N_STACKS * PER_STACK];
static unsigned n_kept;

__attribute__((noinline)) static void leaf(void** out, unsigned n)
{
   unsigned j;
   for (j = 0; j < n; j++)
      out[j] = malloc(8);
}

__attribute__((noinline)) static void alloc_path(unsigned bits, int depth,
                                                 void** out, unsigned n)
{
   if (depth == 0)
      leaf(out, n);
   else if (bits & 1)
      alloc_path(bits >> 1, depth - 1, out, n);
   else
      alloc_path(bits >> 1, depth - 1, out, n);
}

int main(void)
{
   unsigned i;
   void* lost[1];
   for (i = 0; i < N_STACKS; i++) {
      alloc_path(i, DEPTH, &kept[n_kept], PER_STACK);
      n_kept += PER_STACK;
   }
   for (i = 0; i < 3; i++) {
      alloc_path(100000u + 977u * i, DEPTH, lost, 1);
      lost[0] = NULL;
   }
   return 0;
}
