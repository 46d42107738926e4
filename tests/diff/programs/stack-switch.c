/* stack-switch.c -- a coroutine on a heap-allocated stack (ucontext).
   The switches are far beyond --max-stackframe, so both tools print the
   core's "client switching stacks?" warning; leaks made on the coroutine
   stack and a block held only in the suspended coroutine's frame must be
   classified alike.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>

static ucontext_t main_ctx, co_ctx;

static void coroutine(void)
{
   volatile char* held = malloc(48);   /* live in the suspended frame */
   char* lost = malloc(40);            /* lost when the pointer is dropped */
   lost[0] = 1;
   lost = NULL;
   held[0] = 2;
   printf("in coroutine\n");
   swapcontext(&co_ctx, &main_ctx);    /* never resumed */
}

int main(void)
{
   size_t sz = 1 << 22;                /* far from the main stack */
   char* stack = malloc(sz);
   getcontext(&co_ctx);
   co_ctx.uc_stack.ss_sp = stack;
   co_ctx.uc_stack.ss_size = sz;
   co_ctx.uc_link = &main_ctx;
   makecontext(&co_ctx, coroutine, 0);
   swapcontext(&main_ctx, &co_ctx);
   printf("back in main\n");
   return 0;
}
