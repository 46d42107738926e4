// The allocator's client requests are handled in generated code
// (lk_translate.c, fast_client_call), not by the scheduler.  This program
// makes a known number of allocator calls from three threads, checks what
// they return, and prints that number to stderr; check_clientcall_stats
// compares it with the counts --stats=yes prints.  Other requests of the
// same kind (a client's own VALGRIND_NON_SIMD_CALL) still go to the
// scheduler and still work.
#include <valgrind/valgrind.h>
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <new>

enum { ROUNDS = 1000, CALLS_PER_ROUND = 20 };

static void fail(const char* what)
{
   fprintf(stderr, "FAILED: %s\n", what);
   exit(1);
}

static void* work(void*)
{
   for (int i = 0; i < ROUNDS; i++) {
      char* p = (char*)malloc(24 + i % 50);                  // 1
      if (!p) fail("malloc");
      memset(p, 'x', 24);
      p = (char*)realloc(p, 4000);                           // 2
      if (!p || p[0] != 'x' || p[23] != 'x') fail("realloc");
      free(p);                                               // 3
      int* z = (int*)calloc(10, sizeof(int));                // 4
      for (int k = 0; k < 10; k++)
         if (z[k] != 0) fail("calloc");
      if (malloc_usable_size(z) < 10 * sizeof(int))          // 5
         fail("malloc_usable_size");
      free(z);                                               // 6
      void* a = NULL;
      if (posix_memalign(&a, 64, 100) != 0                   // 7
          || (uintptr_t)a % 64 != 0)
         fail("posix_memalign");
      free(a);                                               // 8
      a = aligned_alloc(256, 512);                           // 9
      if (!a || (uintptr_t)a % 256 != 0) fail("aligned_alloc");
      free(a);                                               // 10
      long* n = new long(i);                                 // 11
      if (*n != i) fail("new");
      delete n;                                              // 12
      int* v = new int[7]();                                 // 13
      if (v[6] != 0) fail("new[]");
      delete[] v;                                            // 14
      struct alignas(128) Big { char c[128]; };
      Big* b = new Big;                                      // 15
      if ((uintptr_t)b % 128 != 0) fail("aligned new");
      delete b;                                              // 16
      Big* bv = new Big[3];                                  // 17
      if ((uintptr_t)bv % 128 != 0) fail("aligned new[]");
      delete[] bv;                                           // 18
      char* q = (char*)realloc(NULL, 16);                    // 19
      q = (char*)realloc(q, 0);                              // 20: frees
      (void)q;
   }
   return NULL;
}

// Called as the scheduler calls it: the thread id first.
static unsigned long twice(unsigned long tid, unsigned long x)
{
   (void)tid;
   return 2 * x;
}

int main(void)
{
   pthread_t t[2];
   for (int i = 0; i < 2; i++)
      if (pthread_create(&t[i], NULL, work, NULL) != 0) fail("pthread_create");
   work(NULL);
   for (int i = 0; i < 2; i++)
      pthread_join(t[i], NULL);
   if (VALGRIND_NON_SIMD_CALL1(twice, 21) != 42)
      fail("VALGRIND_NON_SIMD_CALL1 of a client function");
   fprintf(stderr, "allocator calls made: %d\n", 3 * ROUNDS * CALLS_PER_ROUND);
   return 0;
}
