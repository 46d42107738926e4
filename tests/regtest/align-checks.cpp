// align-checks: the alignment and size values Memcheck checks from
// Valgrind 3.22 on (the preload's verify-alignment request, sent before
// every aligned allocation and every delete, under every tool): bad
// alignments for memalign, posix_memalign, aligned_alloc (memalign's
// alias in glibc before 2.38) and the aligned operator new; zero sizes;
// aligned and sized deletes whose alignment or size is not the block's;
// a default delete of an aligned block.  Before 3.22 none of this is
// checked and only the mismatched frees are reported.  Every block is
// freed, so the errors are the whole output.
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <new>

using std::align_val_t;

static void c_allocators()
{
   void* p = nullptr;
   if (posix_memalign(&p, 8, 0) == 0)             // size 0
      free(p);
   if (posix_memalign(&p, 48, 16) != 0)           // not a power of 2
      std::printf("posix_memalign(48): failed\n");
   free(memalign(0, 32));                         // alignment 0
   free(memalign(24, 32));                        // not a power of 2
   free(memalign(64, 0));                         // size 0
   free(aligned_alloc(64, 100));                  // glibc: memalign
   free(valloc(100));
}

static void cxx_allocators()
{
   // nothrow: from 3.22 the preload returns NULL for a bad alignment
   // instead of aborting the program (before, it allocates).
   void* p = operator new(64, align_val_t(3), std::nothrow);
   operator delete(p, align_val_t(3), std::nothrow);
   p = operator new[](64, align_val_t(0), std::nothrow);
   operator delete[](p, align_val_t(0), std::nothrow);
   operator delete(nullptr, align_val_t(5));      // checked, nothing freed
   operator delete[](nullptr, 40, align_val_t(6));
}

static void mismatches()
{
   void* p = operator new(100, align_val_t(64));
   operator delete(p, align_val_t(32));           // alignment differs

   p = operator new[](200, align_val_t(128));
   operator delete[](p, align_val_t(128));        // right

   p = operator new(50, align_val_t(256));
   operator delete(p);                            // default delete

   p = operator new[](60, align_val_t(64));
   operator delete[](p);                          // default delete[]

   p = operator new(70, align_val_t(32));
   operator delete(p, 71, align_val_t(16));       // size and alignment

   p = operator new[](80, align_val_t(32));
   operator delete[](p, 80, align_val_t(32));     // right

   p = operator new[](90, align_val_t(32));
   operator delete[](p, 91, align_val_t(32));     // size

   p = operator new(30);
   operator delete(p, 31);                        // sized delete: size

   p = operator new[](40);
   operator delete[](p, 41);                      // sized delete[]: size

   p = operator new(20);
   operator delete(p, 20);                        // right

   p = memalign(512, 10);
   operator delete(p);                            // aligned and mismatched

   p = malloc(12);
   operator delete(p, 12);                        // mismatched only
}

int main()
{
   c_allocators();
   cxx_allocators();
   mismatches();
   return 0;
}
