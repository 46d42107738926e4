// heap-errors: heap errors next to leaks: a double free, a free of an
// interior pointer, a free of a stack address, mismatched new/free and
// new[]/delete, realloc of a freed block, fishy sizes, a huge malloc that
// fails, and a failing posix_memalign.  Each error is reported once.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstdint>

int main()
{
   char *a = (char *)std::malloc(17);
   std::free(a);
   std::free(a);                                  // double free
   char *b = (char *)std::malloc(18);
   std::free(b + 3);                              // interior
   int local = 0;
   std::free(&local);                             // stack address
   int *c = new int(3);
   std::free(c);                                  // new / free
   int *d = new int[4];
   delete d;                                      // new[] / delete
   void *e = std::realloc(a, 50);                 // realloc of freed block
   volatile long minus = -2;
   void *f = std::malloc(minus);                  // fishy
   void *g = std::malloc((size_t)1 << 52);        // too big: NULL
   void *h = nullptr;
   int r = posix_memalign(&h, 3, 10);             // EINVAL
   std::printf("%s %s %s %d\n", e ? "?" : "NULL", f ? "?" : "NULL",
               g ? "?" : "NULL", r == EINVAL);
   (void)std::malloc(19);                         // lost
   std::free(b);
   return 0;
}
