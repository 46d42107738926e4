/* leaky.c -- the three classic causes of memory leaks, for leakcheck's
   quick start.  SPDX-License-Identifier: GPL-2.0-or-later

   Build and run:  gcc -g -O0 -o leaky leaky.c
                   valgrind --tool=leakcheck --leak-check=full ./leaky

   The cases follow the project's seed notes ("what leaks are and how to
   avoid them"): a pointer reassigned so its old block is orphaned, a
   parent freed before its child, and an allocating function's return
   value ignored.  One block stays reachable from a global, and one chain
   of blocks is lost as a whole (a direct leak owning an indirect one). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
   struct node* child;
   char         name[8];
};

static char* config;                 /* reachable at exit: not a leak */

/* 1. Pointer reassignment: p's first block is orphaned. */
static void reassign(void)
{
   char* p  = malloc(10);
   char* np = malloc(10);
   strcpy(np, "hello");
   p = np;                           /* the first 10 bytes are lost */
   printf("reassign: %s\n", p);
   free(p);
}

/* 2. Wrong release order: freeing the parent first orphans the child. */
static void parent_first(void)
{
   struct node* parent = malloc(sizeof *parent);
   parent->child = malloc(sizeof *parent->child);
   parent->child->child = NULL;
   free(parent);                     /* should be free(parent->child) first */
}

/* 3. Ignored return value: the caller drops the only pointer. */
static char* make_buffer(void)
{
   return malloc(10);
}

static void ignore_result(void)
{
   make_buffer();
}

/* A lost chain: the head is lost directly, its child indirectly. */
static void lost_chain(void)
{
   struct node* head = malloc(sizeof *head);
   head->child = calloc(1, sizeof *head->child);
   head = NULL;
}

int main(void)
{
   config = strdup("verbose=1");
   reassign();
   parent_first();
   ignore_result();
   lost_chain();
   printf("done\n");
   return 0;
}
