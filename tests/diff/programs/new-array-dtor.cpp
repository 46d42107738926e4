// new-array-dtor: new[] of objects with a destructor stores the element
// count in a cookie before the first element, so the pointer the program
// keeps points 8 bytes into the block (newarray heuristic: reachable).
// Also: arrays of trivially destructible objects (no cookie), an array of
// objects with destructors that is lost, a new[] of zero elements with a
// destructor (the returned pointer is one past the cookie-only block), and
// a properly deleted array.
#include <cstdio>

struct WithDtor {
   long a = 0, b = 0;
   ~WithDtor() { a = -1; }
};

struct Trivial {
   long a, b;
};

WithDtor *g_arr;
Trivial *g_triv;
WithDtor *g_empty;

static void make()
{
   g_arr = new WithDtor[10];          // 8 + 160 bytes, pointer at +8
   g_triv = new Trivial[10];          // 160 bytes, no cookie
   (void)new WithDtor[4];             // lost
   g_empty = new WithDtor[0];         // an 8-byte block, pointer at +8
   WithDtor *tmp = new WithDtor[3];
   delete[] tmp;
}

int main()
{
   make();
   std::printf("%ld\n", g_arr[9].a + g_triv[0].a * 0);
   return 0;
}
