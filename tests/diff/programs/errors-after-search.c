/* Heap errors after a leak search made during the run: at exit the tool
   gives the heap's shadow back before its own search (lk_access.c,
   LK_(shadow_drop_heap)), but a search asked for by the client must
   leave every check in place.  So: three full leak checks by client
   request, each followed by heap errors Memcheck reports (reads and
   writes past a block's end, before its start, into a freed block); and
   a leak at exit.  (No double free nor write before the start: natively
   glibc aborts on them.)  The leaked blocks are written by plain stores,
   not memset: the replacement memset of each tool leaves the block's
   address in another scratch register (Memcheck's in r9, leakcheck's in
   r10), and the free() that follows clobbers r10 but not r9, so a later
   search could find the stale copy under Memcheck only
   (docs/compatibility.md, "Chance pointers"). */
#include <stdlib.h>
#include <string.h>
#include <valgrind/memcheck.h>

static char* volatile keep;

__attribute__((noinline)) static char* make(size_t n)
{
   char* p = malloc(n);
   memset(p, 'x', n);
   return p;
}

int main(void)
{
   char* a = make(40);
   char* b = make(24);
   char* lost = malloc(100);
   volatile char c;
   lost[0] = 'x';
   lost = NULL;

   VALGRIND_DO_LEAK_CHECK;
   c = a[40];                  /* 1 byte past the end */
   VALGRIND_DO_LEAK_CHECK;
   free(b);
   c = b[3];                   /* inside a freed block */
   VALGRIND_DO_LEAK_CHECK;
   b[8] = 'y';                 /* write into a freed block */
   c = a[-1];                  /* 1 byte before the start */
   (void)c;
   keep = malloc(16);
   keep[15] = 'x';
   keep = NULL;                /* lost at exit too */
   free(a);
   return 0;
}
