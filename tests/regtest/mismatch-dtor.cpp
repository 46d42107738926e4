// mismatch-dtor: new[] of objects with a destructor stores the count in a
// cookie before the array, so delete and free see an interior pointer
// ("Invalid free()"), while delete[] of a plain new or malloc block is a
// mismatch.  Each error is reported once; the heap is left alone.
#include <cstdio>
#include <cstdlib>

struct D {
   int v;
   ~D() { std::printf(""); }
};

int main()
{
   D *a = new D[3];
   delete a;                      // interior pointer (cookie): Invalid free
   D *b = new D[2];
   std::free(b);                  // interior pointer again
   D *c = new D;
   delete[] c;                    // new / delete[]: reads a bogus cookie
   int *e = (int *)std::malloc(8);
   delete[] e;                    // malloc / delete[] (no dtor: no cookie)
   D *f = new D[1];
   delete[] f;                    // correct
   return 0;
}
