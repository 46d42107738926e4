/* client-marks: memory the client declares noaccess or undefined holds
 * no leak roots; stores after MAKE_MEM_UNDEFINED do (they define the
 * memory again).  Globals, an mmap'd table and a heap table. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <valgrind/memcheck.h>

static void* globals[4];

int main(void)
{
   void** table = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
   void** heap = malloc(8 * sizeof(void*));
   static void** heap_root;
   heap_root = heap;

   globals[0] = malloc(11);
   globals[1] = malloc(12);
   VALGRIND_MAKE_MEM_UNDEFINED(globals, 2 * sizeof(void*)); /* both lost */
   globals[1] = malloc(13);                 /* stored again: reachable */
   table[0] = malloc(21);
   table[1] = malloc(22);
   VALGRIND_MAKE_MEM_NOACCESS(&table[1], sizeof(void*));   /* 22 lost */
   table[2] = malloc(23);
   VALGRIND_MAKE_MEM_UNDEFINED(&table[2], sizeof(void*));
   VALGRIND_MAKE_MEM_DEFINED(&table[2], sizeof(void*));    /* reachable */
   heap[0] = malloc(31);
   heap[1] = malloc(32);
   VALGRIND_MAKE_MEM_UNDEFINED(heap, sizeof(void*));       /* 31 lost */
   VALGRIND_MAKE_MEM_DEFINED(&table[1], sizeof(void*));    /* 22 back */
   printf("marked\n");
   return 0;
}
