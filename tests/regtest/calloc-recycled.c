/* calloc-recycled: calloc must return zeroed memory when the block is cut
 * from the front of a freed block that the arena merged with never-used
 * memory.  With a tiny --freelist-vol, a freed block at the frontier of
 * the newest superblock goes back to the arena at once and merges with
 * the never-used rest, leaving the rest's old free-block header (a size
 * word and a link) behind in the middle; a smaller block then takes the
 * merged block's start, and the next one, cut right after it, has the
 * old header in its payload.  leakcheck took it for never-used (zero)
 * memory and did not clear it: perl crashed under --freelist-vol=0.
 */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
   int bad = 0;
   for (int round = 0; round < 200; round++) {
      size_t big = 48 + (round % 8) * 16;
      /* Small free blocks for the small requests below to reuse. */
      void *s[4];
      for (int i = 0; i < 4; i++)
         s[i] = malloc(8);
      void *sep = malloc(200);            /* keeps them off the frontier */
      for (int i = 0; i < 4; i++)
         free(s[i]);
      char *a = malloc(big);              /* cut from the frontier */
      char *b = realloc(a, 5);            /* a is freed */
      char *c = malloc(10);               /* releases a: merged with the rest */
      char *d = malloc(big - 32);         /* a's start again, smaller */
      unsigned char *e = calloc(big - 29, 1);
      for (size_t i = 0; i < big - 29; i++)
         if (e[i] != 0) {
            bad++;
            break;
         }
      (void)b; (void)c; (void)d; (void)sep;
   }
   printf("%d non-zero calloc blocks\n", bad);
   return 0;
}
