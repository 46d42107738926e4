/* supp-kinds: one error of each kind leakcheck reports today, each made
 * in its own function (so that suppressions can pick them by fun:), and
 * a second copy of some of them from other functions, which the
 * suppression files of the supp-* tests must NOT suppress.  Every leak
 * has its own size so that loss records sort the same in both tools. */
#include <stdlib.h>
#include <stdio.h>

struct Node { Node* next; char pad[24]; };

Node* reachable_root;
static char* interior_root;

__attribute__((noinline)) void leak_definite(void) { (void)malloc(100); }
__attribute__((noinline)) void leak_definite_other(void) { (void)malloc(110); }
__attribute__((noinline)) void leak_tree(void)
{
   Node* top = (Node*)malloc(sizeof(Node));        /* 32 definite */
   top->next = (Node*)calloc(1, 40);                /* 40 indirect */
}
__attribute__((noinline)) void leak_possible(void)
{
   interior_root = (char*)malloc(120) + 16;        /* possibly lost */
}
__attribute__((noinline)) void leak_reachable(void)
{
   reachable_root = (Node*)malloc(130);            /* still reachable */
}
__attribute__((noinline)) void mismatch(void)
{
   char* p = new char[8];
   free(p);                                        /* MismatchedFree */
}
__attribute__((noinline)) void mismatch_other(void)
{
   int* p = new int;
   delete[] p;                                     /* MismatchedFree */
}
__attribute__((noinline)) void bad_free(void)
{
   int x;
   free(&x);                                       /* InvalidFree */
}
__attribute__((noinline)) void free_twice(void)
{
   char* p = (char*)malloc(5);
   free(p);
   free(p);                                        /* InvalidFree */
}
__attribute__((noinline)) void fishy(void)
{
   void* volatile p = malloc((size_t)-7);          /* FishyValue malloc(size) */
   (void)p;
}

int main(void)
{
   leak_definite();
   leak_definite_other();
   leak_tree();
   leak_possible();
   leak_reachable();
   mismatch();
   mismatch_other();
   bad_free();
   free_twice();
   fishy();
   printf("done\n");
   return 0;
}
