/* alloc-stress: a seeded randomized stress test of the replacement
 * allocator (issue #16).  ARGS: SEED [OPS].  Four threads, each with its
 * own PRNG (seeded from SEED and the thread's number) and its own 48
 * slots, run a random sequence of malloc, calloc, realloc (chains of
 * them: a slot is often realloc'd again), memalign, posix_memalign,
 * aligned_alloc, new, new[], aligned new and the matching frees, and check
 * every block as it goes:
 *   - calloc's block is all zero;
 *   - realloc keeps the old contents up to the smaller size;
 *   - each aligned allocator honours its alignment, and malloc, calloc
 *     and realloc at least alignof(max_align_t);
 *   - malloc_usable_size is at least the size asked for;
 *   - a block's contents (a pattern from its own tag) are intact when it
 *     is realloc'd or freed (no other allocation overwrote it).
 * Any failed check prints "FAIL ..." and makes the exit status 1 (which
 * the differential harness compares with the native run's).
 *
 * What each thread leaves at the end depends only on its PRNG, so the
 * HEAP and LEAK SUMMARY are the same from run to run whatever the
 * threads' interleaving: slots 0, 5, 10, ... are kept in a global array
 * (still reachable); slots 1, 6, 11, ... are leaked, and those of at
 * least a pointer's size point at the thread's previous leaked one (one
 * chain per thread: its last block definitely lost, the rest indirectly
 * lost, small ones definitely lost); every other slot is freed.  The
 * slot tables are heap blocks, freed before the threads end, and the
 * threads are joined before main returns: no stack or register holds a
 * leaked pointer at the exit search.
 *
 * The threads take turns, one operation each in a fixed round-robin
 * order (a baton passed under a mutex), from when all four exist until
 * all four are done: the order of allocations, and with it where every
 * block lies, is the same in every run whatever the scheduler does.  Two
 * runs (one per tool) that interleaved differently laid the heap out
 * differently, and a stale word in a library's data could then hit a
 * leaked block in one run only (a rare "possibly lost" under load with
 * --size-classes=yes: tests/diff/sc-alloc-stress-1).  stdout: per thread, the operation
 * counts and a checksum of the contents checked (no addresses). */
#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <new>
#include <cstddef>

#define NTHREADS 4
#define NSLOTS   48

enum Kind { K_MALLOC, K_CALLOC, K_REALLOC, K_MEMALIGN, K_POSIX_MEMALIGN,
            K_ALIGNED_ALLOC, K_NEW, K_NEW_ARRAY, K_NEW_ALIGNED, K_NKINDS };
static const char *const kind_name[K_NKINDS] = {
   "malloc", "calloc", "realloc", "memalign", "posix_memalign",
   "aligned_alloc", "new", "new[]", "new(align)" };

struct Slot {
   unsigned char *p;
   size_t n;
   size_t align;      /* 0: the default */
   int kind;          /* how it was allocated (how to free it) */
   unsigned tag;      /* the contents: pattern(tag, i) */
};

struct Worker {
   int id;
   unsigned seed;
   unsigned long ops;
   uint64_t rng;
   unsigned long count[K_NKINDS], frees, reallocs, failures;
   uint64_t checksum;
};

static unsigned long n_ops = 1500;
static void *kept[NTHREADS][NSLOTS];

static uint64_t next_rand(Worker *w)
{
   /* xorshift64* */
   w->rng ^= w->rng >> 12;
   w->rng ^= w->rng << 25;
   w->rng ^= w->rng >> 27;
   return w->rng * 2685821657736338717ULL;
}

static unsigned below(Worker *w, unsigned n)
{
   return (unsigned)(next_rand(w) >> 33) % n;
}

static unsigned char pattern(unsigned tag, size_t i)
{
   return (unsigned char)(tag * 131u + i * 7u + (i >> 8));
}

static void fail(Worker *w, const char *what, const Slot *s, size_t at)
{
   w->failures++;
   if (w->failures <= 5)
      printf("FAIL seed %u thread %d: %s (%s of %zu bytes, align %zu, at %zu)\n",
             w->seed, w->id, what, kind_name[s->kind], s->n, s->align, at);
}

static void fill(Slot *s, size_t from)
{
   for (size_t i = from; i < s->n; i++)
      s->p[i] = pattern(s->tag, i);
}

/* Checks [0, upto) against the slot's pattern. */
static void check_contents(Worker *w, const Slot *s, size_t upto,
                           const char *what)
{
   for (size_t i = 0; i < upto; i++) {
      if (s->p[i] != pattern(s->tag, i)) {
         fail(w, what, s, i);
         return;
      }
      w->checksum = w->checksum * 31 + s->p[i];
   }
}

static void check_align(Worker *w, const Slot *s)
{
   size_t a = s->align ? s->align : alignof(max_align_t);
   if ((uintptr_t)s->p % a != 0)
      fail(w, "misaligned", s, (uintptr_t)s->p % a);
}

static int malloc_family(int kind)
{
   return kind <= K_ALIGNED_ALLOC;
}

static size_t random_size(Worker *w)
{
   switch (below(w, 8)) {
   case 0:  return below(w, 9);              /* 0..8 */
   case 1:
   case 2:
   case 3:  return below(w, 129);
   case 4:
   case 5:  return below(w, 1025);
   case 6:  return below(w, 8193);
   default: return 4096 + below(w, 12289);   /* up to 16 KiB */
   }
}

static size_t random_align(Worker *w)
{
   static const size_t aligns[] = { 8, 16, 32, 64, 128, 256, 1024, 4096 };
   return aligns[below(w, sizeof aligns / sizeof aligns[0])];
}

static void release(Worker *w, Slot *s)
{
   if (s->p == NULL)
      return;
   check_contents(w, s, s->n, "contents changed before free");
   switch (s->kind) {
   case K_NEW:         operator delete(s->p); break;
   case K_NEW_ARRAY:   delete[] s->p; break;
   case K_NEW_ALIGNED: operator delete(s->p, std::align_val_t(s->align)); break;
   default:            free(s->p); break;
   }
   w->frees++;
   s->p = NULL;
}

static void allocate(Worker *w, Slot *s)
{
   int kind = below(w, K_NKINDS);
   size_t n = random_size(w);
   void *p = NULL;
   s->align = 0;
   if (kind == K_REALLOC)
      kind = K_MALLOC;            /* realloc(NULL, n) */
   switch (kind) {
   case K_MALLOC:
      p = below(w, 2) ? malloc(n) : realloc(NULL, n);
      break;
   case K_CALLOC: {
      size_t m = 1 + below(w, 16);
      n = n / m;
      p = calloc(m, n);
      n *= m;
      break;
   }
   case K_MEMALIGN:
      s->align = random_align(w);
      n += 1;
      p = memalign(s->align, n);
      break;
   case K_POSIX_MEMALIGN:
      s->align = random_align(w);
      n += 1;
      if (posix_memalign(&p, s->align, n) != 0)
         p = NULL;
      break;
   case K_ALIGNED_ALLOC:
      s->align = random_align(w);
      n = (n / s->align + 1) * s->align;   /* a multiple of the alignment */
      p = aligned_alloc(s->align, n);
      break;
   case K_NEW:
      p = operator new(n);
      break;
   case K_NEW_ARRAY:
      p = new unsigned char[n];
      break;
   case K_NEW_ALIGNED:
      s->align = random_align(w);
      p = operator new(n, std::align_val_t(s->align));
      break;
   }
   w->count[kind]++;
   s->p = (unsigned char *)p;
   s->n = n;
   s->kind = kind;
   s->tag = (unsigned)next_rand(w);
   if (p == NULL) {
      fail(w, "allocation failed", s, 0);
      return;
   }
   check_align(w, s);
   if (malloc_family(kind) && malloc_usable_size(p) < n)
      fail(w, "malloc_usable_size below the size", s, malloc_usable_size(p));
   if (kind == K_CALLOC) {
      for (size_t i = 0; i < n; i++)
         if (s->p[i] != 0) {
            fail(w, "calloc block not zeroed", s, i);
            break;
         }
   }
   fill(s, 0);
}

/* A realloc of a malloc-family block to a new size (never 0). */
static void reallocate(Worker *w, Slot *s)
{
   size_t n = 1 + random_size(w);
   size_t keep = s->n < n ? s->n : n;
   unsigned char *q;
   check_contents(w, s, s->n, "contents changed before realloc");
   q = (unsigned char *)realloc(s->p, n);
   w->count[K_REALLOC]++;
   w->reallocs++;
   if (q == NULL) {
      fail(w, "realloc failed", s, n);
      return;
   }
   s->p = q;
   s->align = 0;
   s->kind = K_MALLOC;
   check_align(w, s);
   check_contents(w, s, keep, "realloc lost the old contents");
   s->n = n;
   if (malloc_usable_size(q) < n)
      fail(w, "malloc_usable_size below the size", s, malloc_usable_size(q));
   fill(s, keep);
}

static pthread_mutex_t baton_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t baton_cv = PTHREAD_COND_INITIALIZER;
static int baton = -1;           /* whose turn; -1: not started */
static bool baton_done[NTHREADS];
static int n_waiting_at_end = 0;

static void baton_take(int id)
{
   pthread_mutex_lock(&baton_mu);
   while (baton != id)
      pthread_cond_wait(&baton_cv, &baton_mu);
   pthread_mutex_unlock(&baton_mu);
}

/* Passes the turn to the next thread not done yet. */
static void baton_pass(int id, bool finished)
{
   pthread_mutex_lock(&baton_mu);
   if (finished)
      baton_done[id] = true;
   int next = -1;
   for (int k = 1; k <= NTHREADS; k++) {
      int t = (id + k) % NTHREADS;
      if (!baton_done[t]) {
         next = t;
         break;
      }
   }
   baton = next;
   pthread_cond_broadcast(&baton_cv);
   pthread_mutex_unlock(&baton_mu);
}

/* Waits until every thread is done, so that no thread's exit (which
   frees its thread-local structures) runs between others' operations. */
static void wait_for_all(void)
{
   pthread_mutex_lock(&baton_mu);
   n_waiting_at_end++;
   pthread_cond_broadcast(&baton_cv);
   while (n_waiting_at_end < NTHREADS)
      pthread_cond_wait(&baton_cv, &baton_mu);
   pthread_mutex_unlock(&baton_mu);
}

static void run_ops(Worker *w, Slot *slots)
{
   for (unsigned long op = 0; op < w->ops; op++) {
      baton_take(w->id);
      Slot *s = &slots[below(w, NSLOTS)];
      if (s->p == NULL) {
         allocate(w, s);
      } else if (malloc_family(s->kind) && below(w, 3) != 0) {
         /* Often several reallocs in a row: chains. */
         unsigned k, chain = 1 + below(w, 4);
         for (k = 0; k < chain && s->p != NULL; k++)
            reallocate(w, s);
      } else {
         release(w, s);
      }
      baton_pass(w->id, false);
   }
}

/* The deterministic end state (see the top of the file). */
static void finish(Worker *w, Slot *slots)
{
   void *prev_leaked = NULL;
   for (int i = 0; i < NSLOTS; i++) {
      Slot *s = &slots[i];
      if (s->p == NULL)
         allocate(w, s);          /* every slot ends with a block */
      check_contents(w, s, s->n, "contents changed at the end");
      if (i % 5 == 0) {
         kept[w->id][i] = s->p;
         s->p = NULL;
      } else if (i % 5 == 1) {
         if (s->n >= sizeof(void *)) {
            memcpy(s->p, &prev_leaked, sizeof prev_leaked);
            prev_leaked = s->p;
         }
         s->p = NULL;             /* leaked */
      } else {
         release(w, s);
      }
   }
   prev_leaked = NULL;
}

static void *worker(void *arg)
{
   Worker *w = (Worker *)arg;
   baton_take(w->id);
   Slot *slots = (Slot *)calloc(NSLOTS, sizeof(Slot));
   baton_pass(w->id, false);
   run_ops(w, slots);
   baton_take(w->id);
   finish(w, slots);
   memset(slots, 0, NSLOTS * sizeof(Slot));
   free(slots);
   baton_pass(w->id, true);
   wait_for_all();
   return NULL;
}

int main(int argc, char **argv)
{
   unsigned seed = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 1;
   pthread_t th[NTHREADS];
   static Worker workers[NTHREADS];
   unsigned long failures = 0;
   if (argc > 2)
      n_ops = strtoul(argv[2], NULL, 0);
   printf("alloc-stress: seed %u, %d threads, %lu operations each\n",
          seed, NTHREADS, n_ops);
   for (int t = 0; t < NTHREADS; t++) {
      Worker *w = &workers[t];
      w->id = t;
      w->seed = seed;
      w->ops = n_ops;
      w->rng = 0x9E3779B97F4A7C15ULL * (seed + 1) + 0x632BE59BD9B4E019ULL * (t + 1);
      if (pthread_create(&th[t], NULL, worker, w) != 0) {
         printf("FAIL: pthread_create\n");
         return 1;
      }
   }
   /* All threads exist: the first turn is thread 0's. */
   pthread_mutex_lock(&baton_mu);
   baton = 0;
   pthread_cond_broadcast(&baton_cv);
   pthread_mutex_unlock(&baton_mu);
   for (int t = 0; t < NTHREADS; t++)
      pthread_join(th[t], NULL);
   for (int t = 0; t < NTHREADS; t++) {
      Worker *w = &workers[t];
      printf("thread %d:", t);
      for (int k = 0; k < K_NKINDS; k++)
         printf(" %s %lu", kind_name[k], w->count[k]);
      printf(", frees %lu, checksum %016llx%s\n", w->frees,
             (unsigned long long)w->checksum, w->failures ? ", FAILED" : "");
      failures += w->failures;
   }
   printf("%s\n", failures ? "FAILED" : "ok");
   return failures ? 1 : 0;
}
