/* trace-cache-flush: the trace cache of lk_stacktrace.c is cleared when
 * the debug info changes (here: a library loaded and unloaded), and it
 * must fill again from its first way afterwards.  Before the flush, one
 * allocation at each of 200 stack depths puts a trace into (nearly) every
 * set; after it, 20 allocations at each depth should each miss once and
 * then hit.  check_trace_cache_flush compares the misses with the
 * allocations: when the sets' next-way counters were not reset with the
 * entries, lookups stopped at the empty first way while insertions went
 * to later ones, and each depth missed some 16 times instead of once.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#define NOINLINE __attribute__((noinline))
#define NOT_A_TAIL_CALL() __asm__ volatile("" ::: "memory")

static void* volatile sink;

/* Allocates and frees once at 'depth' frames below the caller. */
static NOINLINE void at_depth(int depth)
{
   if (depth > 0) {
      at_depth(depth - 1);
      NOT_A_TAIL_CALL();
      return;
   }
   sink = malloc(24);
   free(sink);
}

int main(void)
{
   int d, i;
   void* h;
   for (d = 0; d < 200; d++)
      at_depth(d);
   h = dlopen("libz.so.1", RTLD_NOW);   /* new debug info: the flush */
   if (h)
      dlclose(h);
   for (d = 0; d < 200; d++)
      for (i = 0; i < 20; i++)
         at_depth(d);
   printf("%s\n", h ? "loaded" : "libz.so.1 not found");
   return 0;
}
