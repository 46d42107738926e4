/* coroutine-vla.c -- a coroutine (ucontext, heap-block stack) makes a
   frame whose size is known only at run time (a variable-length array:
   sub %reg,%rsp) over the memory of a frame that has returned, and stops
   inside it.  Memcheck marks the new frame undefined, so the stale
   pointer it covers is no root and its block is definitely lost; the new
   frame's own pointer keeps its block reachable.
   SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>
#include "coroutine-test.h"

static ucontext_t main_ctx, co_ctx;
static volatile int vla_len = 600;

static __attribute__((noinline)) void stop_in_vla_frame(void)
{
   volatile char vla[vla_len];          /* sub %reg,%rsp */
   void* volatile held = malloc(300);   /* reachable while suspended */
   vla[0] = 1;
   SWAP(&co_ctx, &main_ctx);            /* never resumed */
   (void)held;
}

static void co(void)
{
   leave_pointer_in_dead_frame(100);    /* definitely lost */
   stop_in_vla_frame();
}

int main(void)
{
   size_t sz = 1 << 16;
   make_coroutine(&co_ctx, malloc(sz), sz, &main_ctx, co);
   SWAP(&main_ctx, &co_ctx);
   printf("back in main\n");
   return 0;
}
