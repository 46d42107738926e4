/* coroutine-pingpong.c -- four coroutines on heap-block stacks, each
   resumed 1,000 times: every switch parks the stack it leaves, and every
   resume takes its stack off the parked set again, so that the set stays
   at one entry per suspended coroutine instead of growing with each
   switch.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>

#define N_CO 4
#define ROUNDS 1000
#define STACK_SZ (64 * 1024)

static ucontext_t main_ctx, co_ctx[N_CO];
static int turn;

static void co(void)
{
   int me = turn;
   for (;;) {
      volatile char frame[200];   /* a frame of some depth */
      frame[0] = (char)me;
      swapcontext(&co_ctx[me], &main_ctx);
   }
}

int main(void)
{
   int i, r;
   for (i = 0; i < N_CO; i++) {
      getcontext(&co_ctx[i]);
      co_ctx[i].uc_stack.ss_sp = malloc(STACK_SZ);
      co_ctx[i].uc_stack.ss_size = STACK_SZ;
      co_ctx[i].uc_link = &main_ctx;
      makecontext(&co_ctx[i], co, 0);
   }
   for (r = 0; r < ROUNDS; r++)
      for (i = 0; i < N_CO; i++) {
         turn = i;
         swapcontext(&main_ctx, &co_ctx[i]);
      }
   printf("%d switches\n", 2 * ROUNDS * N_CO);
   return 0;
}
