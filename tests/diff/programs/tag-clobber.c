/* leakcheck finds a malloc'd block from a word in its low redzone (the
   arena's free-list link, 24 bytes before the payload with the default
   redzone; lk_heap.c, "The table of live blocks").  A program that writes
   there (an invalid write, reported as under Memcheck) must not lose its
   blocks: free, realloc and malloc_usable_size still find them, first
   one by one (each tag rewritten), then with every block indexed once
   there have been many such writes.  Writes 8 and 16 bytes before the
   payload (C++'s array cookie lies there) are repeated for contrast. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 300
static char* blocks[N];

__attribute__((noinline)) static void smash(char* p, long off, long v)
{
   memcpy(p - off, &v, sizeof v);   /* invalid write of size 8 */
}

int main(void)
{
   size_t usable = 0;
   for (int i = 0; i < N; i++) {
      blocks[i] = malloc(40 + i % 7);
      memset(blocks[i], i, 40);
   }
   /* A few, then many, blocks' redzone words overwritten. */
   for (int i = 0; i < N; i += 3) {
      smash(blocks[i], 24, -1L);
      smash(blocks[i], 16, 0x1234);
      smash(blocks[i], 8, 3);
   }
   for (int i = 0; i < N; i += 3)
      usable += malloc_usable_size(blocks[i]);
   for (int i = 0; i < N; i += 6)
      blocks[i] = realloc(blocks[i], 100);
   for (int i = 1; i < N; i += 2) {
      free(blocks[i]);
      blocks[i] = NULL;
   }
   /* Blocks allocated after the writes, freed and kept. */
   for (int i = 1; i < N; i += 2)
      blocks[i] = malloc(24);
   for (int i = 0; i < N; i += 2)
      free(blocks[i]);
   free(blocks[1]);
   free(blocks[1]);   /* a double free is still one */
   printf("usable %zu\n", usable);
   return 0;   /* blocks[3], [5], ... leak */
}
