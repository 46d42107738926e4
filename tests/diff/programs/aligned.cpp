// aligned: every aligned allocation function, some blocks lost and some
// kept in globals: aligned_alloc, posix_memalign, memalign, valloc,
// aligned operator new and new[], and an over-aligned type.
#include <cstdio>
#include <cstdlib>
#include <malloc.h>
#include <new>

struct alignas(128) Big {
   char c[256];
};

void *g_kept[4];

static void make()
{
   void *p;

   g_kept[0] = aligned_alloc(64, 640);
   (void)aligned_alloc(256, 512);                    // lost
   if (posix_memalign(&p, 32, 320) == 0)
      g_kept[1] = p;
   if (posix_memalign(&p, 4096, 100) == 0)
      p = nullptr;                                   // lost
   g_kept[2] = memalign(128, 1280);
   (void)memalign(16, 160);                          // lost
   (void)valloc(4000);                               // lost
   g_kept[3] = new Big;                              // aligned new
   (void)new Big[2];                                 // aligned new[], lost
   (void)::operator new(96, std::align_val_t(512));  // lost
}

int main()
{
   make();
   std::printf("aligned blocks made\n");
   return 0;
}
