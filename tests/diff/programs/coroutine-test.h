/* coroutine-test.h -- for the coroutine tests: a block whose only
   pointer is left in a frame that has returned, a swapcontext that
   leaves no heap address behind in the registers it saves, and the
   set-up of a coroutine.
   SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef COROUTINE_TEST_H
#define COROUTINE_TEST_H
#include <stdlib.h>
#include <ucontext.h>

/* swapcontext saves the argument registers too (rdi, rsi, rdx, rcx, r8,
   r9) in a ucontext_t, often a global, so a root: clear the ones a
   library call may have left a heap address in (malloc and memset differ
   between the tools), so that only the stacks decide. */
#define SWAP(from, to) do { \
      __asm__ volatile("xor %%ecx, %%ecx\n\txor %%edx, %%edx\n\t" \
                       "xor %%r8d, %%r8d\n\txor %%r9d, %%r9d\n\t" \
                       "xor %%r10d, %%r10d\n\txor %%r11d, %%r11d" \
                       ::: "rcx", "rdx", "r8", "r9", "r10", "r11"); \
      swapcontext(from, to); \
   } while (0)

/* The pointer sits more than 128 bytes below the caller's SP, out of the
   red zone that is cleared at each return: only what is known about the
   stack below SP can tell that it is dead. */
static __attribute__((noinline)) void leave_pointer_in_dead_frame(size_t n)
{
   void* volatile slots[64];
   int i;
   for (i = 0; i < 64; i++)
      slots[i] = NULL;
   slots[0] = malloc(n);
   __asm__ volatile("" ::: "memory");
}

/* Makes *ctx run fn() on [stack, stack+size), then resume *link. */
static __attribute__((unused)) void make_coroutine(ucontext_t* ctx,
      void* stack, size_t size, ucontext_t* link, void (*fn)(void))
{
   getcontext(ctx);
   ctx->uc_stack.ss_sp = stack;
   ctx->uc_stack.ss_size = size;
   ctx->uc_link = link;
   makecontext(ctx, fn, 0);
}

#endif /* COROUTINE_TEST_H */
