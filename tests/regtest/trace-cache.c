/* trace-cache: allocation and free stacks that the trace cache of
 * lk_stacktrace.c must tell apart.  The same call site of malloc, at the
 * same stack depth, is reached from three paths that differ only two
 * and three frames up (path_a/b/c call common, which calls leaf, which
 * calls malloc; path_a/b/c have the same frame size, so SP and the
 * first return addresses are the same for all three), interleaved many
 * times so that every path finds the others' traces cached.  Each path
 * leaks a block of its own size and frees one, and a use after free
 * shows a block's alloc and free stacks.  A cache that took the first
 * frames as the whole key would give one path's stack to another; the
 * expected output is Memcheck's.
 */
#include <stdlib.h>

#define NOINLINE __attribute__((noinline))
/* Keeps calls from being tail calls (the caller's frame stays). */
#define NOT_A_TAIL_CALL() __asm__ volatile("" ::: "memory")

static void* volatile sink;

static NOINLINE void* leaf(size_t n)
{
   void* p = malloc(n);
   NOT_A_TAIL_CALL();
   return p;
}

static NOINLINE void drop(void* p)
{
   free(p);
   NOT_A_TAIL_CALL();
}

static NOINLINE void* common(size_t n, int keep)
{
   void* p = leaf(n);
   if (!keep) {
      drop(p);
      p = NULL;
   }
   NOT_A_TAIL_CALL();
   return p;
}

static NOINLINE void* path_a(size_t n, int keep)
{
   void* p = common(n, keep);
   NOT_A_TAIL_CALL();
   return p;
}

static NOINLINE void* path_b(size_t n, int keep)
{
   void* p = common(n, keep);
   NOT_A_TAIL_CALL();
   return p;
}

static NOINLINE void* path_c(size_t n, int keep)
{
   void* p = common(n, keep);
   NOT_A_TAIL_CALL();
   return p;
}

/* One more level, so that paths differ three frames up too. */
static NOINLINE void* via_x(void* (*path)(size_t, int), size_t n, int keep)
{
   void* p = path(n, keep);
   NOT_A_TAIL_CALL();
   return p;
}

static NOINLINE void* via_y(void* (*path)(size_t, int), size_t n, int keep)
{
   void* p = path(n, keep);
   NOT_A_TAIL_CALL();
   return p;
}

int main(void)
{
   int i;
   for (i = 0; i < 300; i++) {
      via_x(path_a, 24, 0);
      via_y(path_b, 24, 0);
      via_x(path_c, 24, 0);
      via_y(path_a, 24, 0);
   }
   /* The leaks: one block of its own size per path. */
   sink = via_x(path_a, 101, 1);
   sink = via_y(path_a, 102, 1);
   sink = via_x(path_b, 103, 1);
   sink = via_y(path_b, 104, 1);
   sink = via_x(path_c, 105, 1);
   sink = via_y(path_c, 106, 1);
   sink = NULL;
   /* A use after free: its alloc and free stacks (path_b via_y). */
   {
      char* volatile p = via_y(path_b, 40, 1);
      drop((void*)p);
      sink = (void*)(long)p[3];
   }
   return 0;
}
