/* Allocation and free stacks of many shapes, for the memoised unwinding
   of lk_stacktrace.c: with --fast-stack-traces=verify every trace is
   also taken by Valgrind's unwinder and the run stops at a difference
   (regtest fast-stacks); the differential test stack-shapes compares the
   leak records' stacks with Memcheck's.  Each shape leaks one block of
   its own size.

   - from main (the trace reaches _start, whose CFI has no return
     address: the core's frame-pointer and last-ditch steps)
   - 25 frames of recursion (longer than --num-callers)
   - a thread (the trace ends in clone)
   - a signal handler (the signal frame's CFI is an expression that
     reads the saved context: the core unwinds those traces)
   - a function that realigns its stack and takes a stack argument (GCC
     uses a DRAP register: the CFA is an expression)
   - variable-length arrays and alloca of different sizes (the CFA is
     BP-based; the same code addresses with different frame sizes)
   - a function with a frame pointer
   - an assembly trampoline without CFI, with and without a frame
     pointer */
#include <alloca.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOINLINE __attribute__((noinline))

static void* volatile sink;

/* Keeps calls from being tail calls (the caller's frame stays). */
#define NOT_A_TAIL_CALL() __asm__ volatile("" ::: "memory")

static NOINLINE void leak(size_t n)
{
   char* p = malloc(n);
   char* volatile q = malloc(n + 1000);   /* a free stack from here */
   free(q);
   p[0] = 1;
   sink = p;
   sink = NULL;
}

static NOINLINE void recurse(int depth, size_t n)
{
   if (depth > 0)
      recurse(depth - 1, n);
   else
      leak(n);
   NOT_A_TAIL_CALL();
}

static void* thread_main(void* arg)
{
   (void)arg;
   leak(30);
   recurse(5, 31);
   NOT_A_TAIL_CALL();
   return NULL;
}

static void on_signal(int sig)
{
   (void)sig;
   leak(40);
   NOT_A_TAIL_CALL();
}

struct big { long a[9]; };

static NOINLINE void drap(struct big b, int n)
{
   char buf[64] __attribute__((aligned(64)));
   char vla[n];
   memset(buf, n, sizeof buf);
   memset(vla, 1, n);
   leak(50 + (size_t)(buf[3] + vla[n - 1] + b.a[8]) - n - 1);
   NOT_A_TAIL_CALL();
}

static NOINLINE void with_vla(int n, size_t sz)
{
   char vla[n];
   memset(vla, 0, n);
   leak(sz + vla[n - 1]);
   NOT_A_TAIL_CALL();
}

static NOINLINE void with_alloca(int n, size_t sz)
{
   char* a = alloca(n);
   memset(a, 0, n);
   leak(sz + a[n - 1]);
   NOT_A_TAIL_CALL();
}

__attribute__((noinline, optimize("no-omit-frame-pointer")))
static void with_frame_pointer(size_t sz)
{
   leak(sz);
   NOT_A_TAIL_CALL();
}

static void cb_70(void) { leak(70); NOT_A_TAIL_CALL(); }
static void cb_71(void) { leak(71); NOT_A_TAIL_CALL(); }

/* Calls the function in %rdi; no CFI covers these. */
void trampoline_fp(void (*f)(void));
void trampoline_nofp(void (*f)(void));
__asm__(".text\n"
        ".globl trampoline_fp\n"
        ".type trampoline_fp, @function\n"
        "trampoline_fp:\n"
        "   push %rbp\n"
        "   mov %rsp, %rbp\n"
        "   call *%rdi\n"
        "   pop %rbp\n"
        "   ret\n"
        ".size trampoline_fp, .-trampoline_fp\n"
        ".globl trampoline_nofp\n"
        ".type trampoline_nofp, @function\n"
        "trampoline_nofp:\n"
        "   sub $8, %rsp\n"
        "   call *%rdi\n"
        "   add $8, %rsp\n"
        "   ret\n"
        ".size trampoline_nofp, .-trampoline_nofp\n");

int main(void)
{
   struct big b;
   pthread_t t;
   memset(&b, 0, sizeof b);

   leak(10);
   recurse(25, 20);
   if (pthread_create(&t, NULL, thread_main, NULL) != 0)
      return 1;
   pthread_join(t, NULL);
   signal(SIGUSR1, on_signal);
   raise(SIGUSR1);
   drap(b, 5);
   with_vla(16, 60);
   with_vla(3000, 61);
   with_alloca(16, 62);
   with_alloca(5000, 63);
   with_frame_pointer(64);
   trampoline_fp(cb_70);
   trampoline_nofp(cb_71);
   printf("done\n");
   return 0;
}
