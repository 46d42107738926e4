/* wild-pointers: loads and stores through pointers that point at no
 * client memory (made-up addresses below and above 4 GiB, unmapped
 * memory, a PROT_NONE mapping), each caught with a SIGSEGV handler, then
 * (with argument "fatal") one more that kills the process.  Memcheck
 * reports every one as "Invalid read/write ... is not stack'd, malloc'd
 * or (recently) free'd" (or "is in a --- anonymous segment") before it
 * faults; leakcheck reports them when they fault (lk_fault.c).  Not
 * reported by either: a write to read-only memory and a read of memory
 * made PROT_NONE by mprotect (Memcheck's A bits say addressable).
 * Argument "avx": 32-byte loads and stores too (the CPU must have AVX). */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <immintrin.h>

static sigjmp_buf env;
static void on_segv(int s) { (void)s; siglongjmp(env, 1); }

#define TRY(what, stmt)                                           \
   do {                                                           \
      if (sigsetjmp(env, 1) == 0) {                               \
         stmt;                                                    \
         printf("%s: no fault\n", what);                          \
      } else {                                                    \
         printf("%s: faulted\n", what);                           \
      }                                                           \
   } while (0)

static volatile long sink;
static char *volatile p;

__attribute__((noinline, target("avx")))
static void avx_copy(char *from, char *to)
{
   _mm256_storeu_si256((__m256i *)to, _mm256_loadu_si256((const __m256i *)from));
}

__attribute__((noinline))
static void sse_copy(char *from, char *to)
{
   _mm_storeu_si128((__m128i *)to, _mm_loadu_si128((const __m128i *)from));
}

static void *thread_main(void *arg)
{
   p = (char *)0x9abcdef0;
   TRY("thread read8", sink = *(volatile long *)p);
   return arg;
}

int main(int argc, char **argv)
{
   char buf[64] __attribute__((aligned(32))) = {0};
   int fatal = 0, avx = 0, i;
   for (i = 1; i < argc; i++) {
      if (strcmp(argv[i], "fatal") == 0) fatal = 1;
      if (strcmp(argv[i], "avx") == 0) avx = __builtin_cpu_supports("avx");
   }
   setvbuf(stdout, NULL, _IONBF, 0);
   struct sigaction sa;
   memset(&sa, 0, sizeof sa);
   sa.sa_handler = on_segv;
   sigaction(SIGSEGV, &sa, NULL);

   /* Each size, below and above 4 GiB. */
   p = (char *)0x12345678;     TRY("read1 low", sink = *(volatile char *)p);
   p = (char *)0x12345678;     TRY("read2 low", sink = *(volatile short *)p);
   p = (char *)0x12345679;     TRY("read4 low", sink = *(volatile int *)p);
   p = (char *)0x12345680;     TRY("read8 low", sink = *(volatile long *)p);
   p = (char *)0x12345690;     TRY("write1 low", *(volatile char *)p = 1);
   p = (char *)0x12345692;     TRY("write2 low", *(volatile short *)p = 1);
   p = (char *)0x12345694;     TRY("write4 low", *(volatile int *)p = 1);
   p = (char *)0x12345698;     TRY("write8 low", *(volatile long *)p = 1);
   p = (char *)0xdeadbeef000;  TRY("read1 high", sink = *(volatile char *)p);
   p = (char *)0xdeadbeef008;  TRY("read8 high", sink = *(volatile long *)p);
   p = (char *)0x7fff00001000; TRY("write2 high", *(volatile short *)p = 1);
   p = (char *)0x7fff00001008; TRY("write8 high", *(volatile long *)p = 1);
   /* 16 bytes: one read of 16, a write reported as two of 8. */
   p = (char *)0x23456780;     TRY("sse load", sse_copy(p, buf));
   p = (char *)0x23456790;     TRY("sse store", sse_copy(buf, p));
   if (avx) {
      p = (char *)0x234567c0;  TRY("avx load", avx_copy(p, buf));
      p = (char *)0x234567e0;  TRY("avx store", avx_copy(buf, p));
      /* Only the second 16 bytes unmapped: the fault is in the second
         of the two host moves. */
      char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      munmap(two + 4096, 4096);
      p = two + 4096 - 16;     TRY("avx load, second half unmapped", avx_copy(p, buf));
      p = two + 4096 - 16;     TRY("avx store, second half unmapped", avx_copy(buf, p));
   }
   /* x87 80-bit load (a dirty helper), atomics. */
   p = (char *)0x23456800;     TRY("long double", sink = (long)*(volatile long double *)p);
   p = (char *)0x23456810;     TRY("cas", atomic_compare_exchange_strong((_Atomic long *)p, (long *)buf, 5));
   p = (char *)0x23456818;     TRY("xchg", atomic_exchange((_Atomic long *)p, 5));
   p = (char *)0x23456820;     TRY("fetch_add", atomic_fetch_add((_Atomic int *)p, 5));
   /* String functions through a wild pointer. */
   p = (char *)0x23456830;     TRY("strlen", sink = (long)strlen(p));
   p = (char *)0x23456840;     TRY("memcpy", memcpy(buf, p, 8));

   /* Memory that was mapped, and mappings without permission. */
   char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   munmap(m, 8192);
   p = m + 100;                TRY("unmapped", sink = *(volatile long *)p);
   m = mmap(NULL, 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   p = m + 8;                  TRY("prot_none mmap", sink = *(volatile int *)p);
   mprotect(m, 4096, PROT_READ);
   p = m;                      TRY("mprotected readable", sink = *(volatile int *)p);
   p = m + 4096;               TRY("still prot_none", sink = *(volatile int *)p);
   m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   mprotect(m, 8192, PROT_NONE);
   p = m;                      TRY("mprotect none (no error)", sink = *(volatile int *)p);
   m = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   p = m + 8;                  TRY("read-only write (no error)", *(volatile int *)p = 3);

   /* Another thread. */
   pthread_t t;
   pthread_create(&t, NULL, thread_main, NULL);
   pthread_join(t, NULL);

   /* The client changes its SIGSEGV handling: still reported. */
   if (fatal) {
      signal(SIGSEGV, SIG_DFL);
      p = (char *)0x3456789a;
      sink = *(volatile int *)p;
   }
   return 0;
}
