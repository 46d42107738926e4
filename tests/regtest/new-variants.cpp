// new-variants: every operator new / new[] variant paired with a matching
// delete (plain, sized, nothrow, aligned, sized+aligned).  Nothing leaks and
// nothing is mismatched, so there must be no report at all.
#include <cstdio>
#include <new>

struct alignas(64) Wide {
   char c[64];
};

struct Obj {
   int v;
   Obj() : v(1) {}
   ~Obj() { v = 0; }
};

int main()
{
   int *a = new int(1);
   delete a;                                     // sized delete (C++14)

   int *b = new int[7];
   delete[] b;

   int *c = new (std::nothrow) int(2);
   delete c;

   int *d = new (std::nothrow) int[5];
   delete[] d;

   Wide *w = new Wide;                           // aligned new (C++17)
   delete w;                                     // sized+aligned delete

   Wide *wv = new Wide[3];
   delete[] wv;

   Obj *o = new Obj[4];                          // array cookie
   delete[] o;

   void *raw = ::operator new(40);
   ::operator delete(raw, 40);                   // explicit sized delete

   void *al = ::operator new(48, std::align_val_t(128));
   ::operator delete(al, std::align_val_t(128));

   void *aln = ::operator new(24, std::align_val_t(32), std::nothrow);
   ::operator delete(aln, std::align_val_t(32), std::nothrow);

   void *alv = ::operator new[](56, std::align_val_t(256));
   ::operator delete[](alv, 56, std::align_val_t(256));

   Wide *w2 = new Wide;                          // aligned new, plain delete
   ::operator delete(w2, std::align_val_t(64));  // of the same family

   std::printf("done\n");
   return 0;
}
