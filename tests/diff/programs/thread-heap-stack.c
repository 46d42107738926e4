/* thread-heap-stack.c -- a thread that ran on a malloc'd stack
   (pthread_attr_setstack) and has exited, then a coroutine on another
   heap-block stack.  Blocks below the dead thread's stack in the client
   arena, reachable from a global, stay reachable: what a dead thread
   left below its SP is left out of its own stack only, never out of the
   arena around it (before the fix, 100 blocks were "definitely lost"
   here).  SPDX-License-Identifier: GPL-2.0-or-later */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>
#include "coroutine-test.h"

#define STACK_SZ (64u << 10)

struct node {
   struct node* next;
   char pad[40];
};

static struct node* g_list;
static ucontext_t main_ctx, co_ctx;

static void* thread_fn(void* arg)
{
   return arg;
}

static void co(void)
{
   SWAP(&co_ctx, &main_ctx);            /* never resumed */
}

int main(void)
{
   pthread_attr_t attr;
   pthread_t t;
   void* tstack;
   int i;
   for (i = 0; i < 100; i++) {          /* below the stacks: reachable */
      struct node* n = malloc(sizeof *n);
      n->next = g_list;
      g_list = n;
   }
   tstack = malloc(STACK_SZ);
   pthread_attr_init(&attr);
   pthread_attr_setstack(&attr, tstack, STACK_SZ);
   if (pthread_create(&t, &attr, thread_fn, NULL) != 0)
      return 1;
   pthread_join(t, NULL);

   /* A coroutine on a heap-block stack: from now on the search scans
      blocks around the ranges it leaves out. */
   make_coroutine(&co_ctx, malloc(STACK_SZ), STACK_SZ, &main_ctx, co);
   SWAP(&main_ctx, &co_ctx);
   printf("done\n");
   return 0;
}
