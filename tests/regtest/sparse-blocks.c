/* Blocks of a page or more that the client touches sparsely (here 32 KiB
   blocks written only at their end, interleaved with small blocks, as
   coroutine stacks are) must not become resident as a whole: natively and
   under Memcheck only the pages touched do.  leakcheck's allocation path
   faults fresh arena memory in ahead of runs of small blocks
   (lk_access.c); before it stopped at such blocks, the process's resident
   memory grew by all of the bytes allocated here (1.07 times them, with
   the shadow), now by 0.26 times (natively 0.13, under Memcheck 0.39).
   The program measures its own growth (VmRSS: Valgrind's and its own)
   and prints a verdict. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

static long vm_rss_kb(void)
{
   char line[256];
   long kb = -1;
   FILE* f = fopen("/proc/self/status", "r");
   if (!f)
      return -1;
   while (fgets(line, sizeof line, f))
      if (strncmp(line, "VmRSS:", 6) == 0)
         kb = atol(line + 6);
   fclose(f);
   return kb;
}

enum { N = 3000, BIG = 32 * 1024 };
static char* big[N];
static char* small[N];

int main(void)
{
   long before, after, grown_pct;
   int i;
   /* With transparent huge pages set to "always", a first touch can make
      2 MiB resident at once, whatever the allocator does: measure pages. */
   prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
   before = vm_rss_kb();
   for (i = 0; i < N; i++) {
      big[i] = malloc(BIG);
      memset(big[i] + BIG - 256, 1, 256);
      small[i] = malloc(32);
      memset(small[i], 2, 32);
   }
   after = vm_rss_kb();
   if (before < 0 || after < 0) {
      printf("no VmRSS\n");
      return 1;
   }
   grown_pct = (after - before) * 1024 * 100 / ((long)N * BIG);
   if (grown_pct < 70)
      printf("resident growth: under 70%% of the bytes allocated\n");
   else
      printf("resident growth: %ld%% of the bytes allocated\n", grown_pct);
   for (i = 0; i < N; i++) {
      free(big[i]);
      free(small[i]);
   }
   return 0;
}
