/* sparse-big: big blocks the program never touches must not cost memory.
 * leakcheck faults in the client arena's superblocks ahead of the small
 * blocks cut from them; blocks of 3 MB (each in a 4 MB superblock of its
 * own or at the front of one) must be left alone, as natively and under
 * Memcheck: resident memory grows by far less than 4 x 3 MB (leakcheck's
 * shadow bits of the new superblocks, 512 kB each, and the small blocks
 * stay well below 8 MB).  Small blocks in between keep the allocator busy
 * around them.  SHOW=1 prints the growth in kB. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static long resident_kb(void)
{
   long size = 0, res = 0;
   FILE *f = fopen("/proc/self/statm", "r");
   if (!f || fscanf(f, "%ld %ld", &size, &res) != 2)
      return -1;
   fclose(f);
   return res * (sysconf(_SC_PAGESIZE) / 1024);
}

static void *volatile keep[100000];   /* volatile: the calls stay */

int main(void)
{
   int k = 0;
   for (int i = 0; i < 60000; i++)      /* past the first superblock */
      keep[k++] = malloc(64 + i % 64);
   long before = resident_kb();
   for (int j = 0; j < 4; j++) {
      keep[k++] = malloc(3 * 1024 * 1024);
      for (int i = 0; i < 1000; i++)
         keep[k++] = malloc(64 + i % 64);
   }
   long grown = resident_kb() - before;
   if (getenv("SHOW")) printf("%ld kB\n", grown);
   printf("4 untouched 3 MB blocks: resident memory grew by %s\n",
          before < 0 ? "(unknown)" : grown < 8192 ? "less than 8 MB" : "8 MB or more");
   return 0;
}
