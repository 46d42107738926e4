/* coroutine-static.c -- a coroutine (ucontext) whose stack is a static
   array, next to another variable: that variable stays a root, and the
   coroutine's suspended stack is scanned as the rest of the bss.  A
   block whose only pointer is in a frame that returned on that stack is
   "definitely lost" for Memcheck and "still reachable" for leakcheck,
   which leaves out below-SP memory of stacks in heap blocks and mappings
   only (docs/compatibility.md, "Coroutine stacks").
   SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>
#include "coroutine-test.h"

#define STACK_SZ (64u << 10)

static ucontext_t main_ctx, co_ctx;

static struct {
   char bss_pages[16384];              /* root: in the bss's own pages */
   void* volatile root;                /* just below the stack */
   char stack[STACK_SZ];
} g;

static void co(void)
{
   leave_pointer_in_dead_frame(1000);
   SWAP(&co_ctx, &main_ctx);           /* never resumed */
}

int main(void)
{
   g.root = malloc(1100);              /* reachable */
   make_coroutine(&co_ctx, g.stack, STACK_SZ, &main_ctx, co);
   swapcontext(&main_ctx, &co_ctx);
   printf("back in main\n");
   return 0;
}
