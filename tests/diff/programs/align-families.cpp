// align-families: every aligned allocator and every delete form, with good
// and bad alignments and sizes, in loops, so that Memcheck's alignment
// and size checks (Valgrind 3.22 on: the preload's verify-alignment
// request) and the folding of repeated errors into contexts are compared,
// along with the mismatched frees, the HEAP SUMMARY counts and the loss
// records of the blocks left.  Natively every call here is defined
// (libstdc++'s deletes ignore the size and alignment they are given;
// the nothrow aligned new returns NULL for a bad alignment).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <new>

using std::align_val_t;

static const std::size_t aligns[] = { 0, 1, 2, 3, 8, 16, 24, 64, 4096 };
static const std::size_t sizes[] = { 0, 1, 64, 100 };
static void* kept[64];
static int n_kept;

static void keep(void* p)
{
   if (p && n_kept < 64)
      kept[n_kept++] = p;
}

static bool pow2(std::size_t a)
{
   return a != 0 && (a & (a - 1)) == 0;
}

// The C allocators: every pair, the blocks freed; posix_memalign's
// failures counted.
static void c_families()
{
   int einval = 0, made = 0;
   for (std::size_t a : aligns)
      for (std::size_t n : sizes) {
         void* p = nullptr;
         if (posix_memalign(&p, a, n) == 0) {
            made++;
            free(p);
         } else {
            einval++;
         }
         free(memalign(a, n));
         p = aligned_alloc(a, n);
         if (p)
            made++;
         free(p);
      }
   for (std::size_t n : sizes)
      free(valloc(n));
   keep(memalign(256, 48));                        // reachable
   (void)memalign(32, 40);                         // lost
   std::printf("c: %d made, %d EINVAL\n", made, einval);
}

// Aligned new and new[], nothrow for the alignments the preload rejects
// (the throwing forms would abort under Valgrind), deleted in every way.
static void cxx_aligned()
{
   for (std::size_t a : aligns) {
      void* p = operator new(48, align_val_t(a), std::nothrow);
      void* q = operator new[](80, align_val_t(a), std::nothrow);
      if (!pow2(a)) {
         // NULL natively and from 3.22, a block before: freed either way.
         operator delete(p, align_val_t(a), std::nothrow);
         operator delete[](q, align_val_t(a), std::nothrow);
         continue;
      }
      operator delete(p, align_val_t(a));            // right
      operator delete[](q, 80, align_val_t(a));      // right
      p = operator new(48, align_val_t(a));
      operator delete(p, align_val_t(a * 2));        // alignment differs
      q = operator new[](80, align_val_t(a));
      operator delete[](q, align_val_t(a == 1 ? 3 : a / 2));
      p = operator new(48, align_val_t(a));
      operator delete(p);                            // default delete
      q = operator new[](80, align_val_t(a));
      operator delete[](q);                          // default delete[]
      p = operator new(48, align_val_t(a));
      operator delete(p, 47, align_val_t(a));        // size differs
      q = operator new[](80, align_val_t(a));
      operator delete[](q, 81, align_val_t(a * 4));  // both differ
   }
   for (std::size_t a : aligns) {                    // delete of NULL
      operator delete(nullptr, align_val_t(a));
      operator delete[](nullptr, 16, align_val_t(a));
   }
   keep(operator new(64, align_val_t(128)));         // reachable
   (void)operator new[](96, align_val_t(64));        // lost
   std::printf("cxx aligned: done\n");
}

// Sized deletes of plain new and new[], right and wrong sizes; deletes
// of blocks from other families (mismatched frees, and from 3.22 the
// alignment of an aligned block against a default delete).
static void cxx_sized()
{
   for (std::size_t n : sizes) {
      void* p = operator new(n);
      operator delete(p, n);                         // right
      p = operator new(n);
      operator delete(p, n + 1);                     // wrong
      p = operator new[](n);
      operator delete[](p, n);                       // right
      p = operator new[](n);
      operator delete[](p, n ? n - 1 : 5);           // wrong
   }
   operator delete(nullptr, 12);
   operator delete[](nullptr, 12);
   void* p = memalign(64, 30);
   operator delete(p);                               // aligned, mismatched
   p = memalign(64, 30);
   operator delete[](p, 30);                         // the same, sized
   p = aligned_alloc(128, 256);
   operator delete(p, 256, align_val_t(128));        // mismatched only
   p = malloc(20);
   operator delete(p, 20);                           // mismatched
   p = operator new(24, align_val_t(32));
   free(p);                                          // free: no check
   p = valloc(10);
   operator delete(p);                               // page-aligned block
   std::printf("cxx sized: done\n");
}

int main()
{
   c_families();
   cxx_aligned();
   cxx_sized();
   std::printf("kept %d\n", n_kept);
   return 0;
}
