/* coroutines.c -- coroutines (ucontext) suspended and resumed many times,
   on heap-block stacks and on an mmap'd stack: a block whose only pointer
   was in a frame that has returned is lost, whatever the coroutine did
   after; a block held in a frame of a suspended coroutine is reachable;
   a freed coroutine stack's memory, reused, is an ordinary block again
   (nothing below where the old coroutine last ran is left out).
   Every switch goes to or from the main stack, far from the heap and
   from the mapping: farther than --max-stackframe, so both tools take it
   for a stack switch.
   SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include "coroutine-test.h"

#define STACK_SZ (4u << 20)
#define SMALL_STACK_SZ (64u << 10)

static ucontext_t main_ctx, co_ctx[4];

/* Fills n bytes without a library call. */
static void fill(void* p, int c, size_t n)
{
   volatile unsigned char* q = p;
   size_t i;
   for (i = 0; i < n; i++)
      q[i] = (unsigned char)c;
}

/* Goes deep (the dead frame is far below where the coroutine parks
   later), then comes back up and yields. */
static __attribute__((noinline)) void deep(int depth, size_t n)
{
   char pad[256];
   fill(pad, depth, sizeof pad);
   __asm__ volatile("" :: "r"(pad) : "memory");
   if (depth == 0)
      leave_pointer_in_dead_frame(n);
   else
      deep(depth - 1, n);
}

/* Coroutine 0: leaks from a deep frame, yields at a shallow SP, then
   holds a block in a live frame while it is suspended again. */
static void co0(void)
{
   deep(8, 100);                          /* 100 bytes: definitely lost */
   SWAP(&co_ctx[0], &main_ctx);
   {
      void* volatile held = malloc(200);  /* reachable while suspended */
      SWAP(&co_ctx[0], &main_ctx);
      (void)held;
   }
}

/* Coroutine 1: parks at a shallow SP, then makes a lost block, then
   parks from deep inside while a frame far below the first parking
   holds a block: only the latest parking counts. */
static __attribute__((noinline)) void yield_deep(int depth)
{
   char pad[512];
   void* volatile held = NULL;
   fill(pad, 1, sizeof pad);
   __asm__ volatile("" :: "r"(pad) : "memory");
   if (depth == 0) {
      SWAP(&co_ctx[1], &main_ctx);
      return;
   }
   if (depth == 3)
      held = malloc(300);                 /* reachable while suspended */
   yield_deep(depth - 1);
   (void)held;
}

static void co1(void)
{
   SWAP(&co_ctx[1], &main_ctx);           /* park shallow first */
   leave_pointer_in_dead_frame(400);      /* 400 bytes: definitely lost */
   yield_deep(6);                         /* then park deep */
}

/* Stores the only pointer to a new n-byte block at 'where'. */
static __attribute__((noinline)) void put_block(char* where, size_t n)
{
   *(void* volatile*)where = malloc(n);
   __asm__ volatile("xor %%eax, %%eax\n\txor %%ecx, %%ecx\n\t"
                    "xor %%edx, %%edx\n\txor %%esi, %%esi\n\t"
                    "xor %%edi, %%edi\n\txor %%r8d, %%r8d\n\t"
                    "xor %%r9d, %%r9d\n\txor %%r10d, %%r10d\n\t"
                    "xor %%r11d, %%r11d"
                    ::: "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9",
                        "r10", "r11", "memory");
}

static char* volatile g_tmp;

/* Coroutine 2 runs on an mmap'd stack. */
static void co2(void)
{
   deep(4, 500);                          /* 500 bytes: definitely lost */
   SWAP(&co_ctx[2], &main_ctx);
}

/* Coroutine 3 goes deep and stops there, a block held in its deepest
   frame; then its stack is started afresh (makecontext again) and stops
   near the top.  SP never rose over the old frames, so for Memcheck they
   still hold what they held: the block is reachable. */
static __attribute__((noinline)) void hold_deep(int depth)
{
   char pad[512];
   void* volatile held = NULL;
   fill(pad, 2, sizeof pad);
   __asm__ volatile("" :: "r"(pad) : "memory");
   if (depth == 0) {
      held = malloc(900);                 /* reachable */
      SWAP(&co_ctx[3], &main_ctx);        /* never resumed */
   } else {
      hold_deep(depth - 1);
   }
   (void)held;
}

static void co3_first(void)
{
   hold_deep(4);
}

static void co3_again(void)
{
   SWAP(&co_ctx[3], &main_ctx);
}

static void start_sz(int i, void* stack, size_t sz, void (*fn)(void))
{
   make_coroutine(&co_ctx[i], stack, sz, &main_ctx, fn);
}

static void start(int i, void* stack, void (*fn)(void))
{
   start_sz(i, stack, STACK_SZ, fn);
}

int main(void)
{
   char* s0 = malloc(STACK_SZ);
   char* s1 = malloc(STACK_SZ);
   char* s2 = mmap(NULL, STACK_SZ, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   char* tmp;
   if (s0 == NULL || s1 == NULL || s2 == MAP_FAILED)
      return 1;
   start(0, s0, co0);
   start(1, s1, co1);
   start(2, s2, co2);

   SWAP(&main_ctx, &co_ctx[0]);    /* co0: leak, park shallow */
   SWAP(&main_ctx, &co_ctx[1]);    /* co1: park shallow */
   SWAP(&main_ctx, &co_ctx[0]);    /* co0: hold 200, park */
   SWAP(&main_ctx, &co_ctx[1]);    /* co1: leak 400, park deep */
   SWAP(&main_ctx, &co_ctx[2]);    /* co2: leak 500, park */

   {
      char* s4 = malloc(SMALL_STACK_SZ);
      start_sz(3, s4, SMALL_STACK_SZ, co3_first);
      SWAP(&main_ctx, &co_ctx[3]);        /* co3: hold 900, stop deep */
      start_sz(3, s4, SMALL_STACK_SZ, co3_again);
      SWAP(&main_ctx, &co_ctx[3]);        /* co3 afresh: stop high */
   }

   /* co2 is never resumed: its stack can go, and a new mapping in its
      place is an ordinary root again. */
   munmap(s2, STACK_SZ);
   if (mmap(s2, STACK_SZ, PROT_READ | PROT_WRITE,
            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != s2)
      return 1;
   put_block(s2 + STACK_SZ - 8192, 800);  /* reachable */

   /* A finished coroutine's stack, freed and reused: the new block's
      pointers count again. */
   {
      ucontext_t tmp_ctx;
      char* s3 = malloc(SMALL_STACK_SZ);
      getcontext(&tmp_ctx);
      tmp_ctx.uc_stack.ss_sp = s3;
      tmp_ctx.uc_stack.ss_size = SMALL_STACK_SZ;
      tmp_ctx.uc_link = &main_ctx;
      makecontext(&tmp_ctx, (void (*)(void))leave_pointer_in_dead_frame, 1,
                  (size_t)600);           /* 600 bytes: lost */
      SWAP(&main_ctx, &tmp_ctx);   /* runs to the end, back here */
      static char* tries[256];
      int k, n = 0;
      free(s3);
      /* Get s3's memory back (--freelist-vol=0 releases it at once). */
      tmp = NULL;
      while (n < 256 && (tmp = malloc(SMALL_STACK_SZ)) != s3)
         tries[n++] = tmp;
      for (k = 0; k < n; k++) {
         free(tries[k]);
         tries[k] = NULL;
      }
      printf("stack memory %s\n", tmp == s3 ? "reused" : "not reused");
      fill(tmp, 0, SMALL_STACK_SZ);
      g_tmp = tmp;
      put_block(tmp + SMALL_STACK_SZ - 4096, 700);   /* reachable */
   }
   printf("coroutines done\n");
   return 0;
}
