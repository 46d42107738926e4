// heuristics: blocks reachable only through an interior pointer that one of
// Memcheck's leak-check heuristics accepts.  Each kind gets its own size.
//
//   stdstring            a block laid out as an old COW std::string
//                        (length, capacity, refcount, chars); the global
//                        points at the chars (block + 24).     size 24+40+1
//   length64             a block whose first 8 bytes hold (size - 8);
//                        the global points at block + 8.       size 8+72
//   newarray             new[] of 5 objects with a destructor: the global
//                        is the pointer new[] returned (block + 8). size 8+5*16
//   multipleinheritance  a Both object (bases A and B with virtual
//                        functions) held only as a B*, which points into
//                        the middle of the block.
//
// With --leak-check-heuristics=none all four are "possibly lost".
#include <cstdlib>
#include <cstring>

struct Rec {
   long a, b;
   ~Rec() { a = b = 0; }
};

struct A {
   long x = 1;
   virtual ~A() {}
   virtual long fa() { return x; }
};
struct B {
   long y = 2;
   virtual ~B() {}
   virtual long fb() { return y; }
};
struct Both : A, B {
   long z = 3;
   long fa() override { return z; }
   long fb() override { return z + 1; }
};

char *g_string;
char *g_len64;
Rec *g_array;
B *g_mi;

static void make()
{
   // stdstring: [length][capacity][refcount][chars... capacity+1]
   const size_t cap = 40;
   long *s = (long *)std::malloc(3 * sizeof(long) + cap + 1);
   s[0] = 11;          // length <= capacity
   s[1] = cap;
   s[2] = 0;
   std::memcpy((char *)(s + 3), "hello world", 12);
   g_string = (char *)(s + 3);

   // length64: [size-8][payload]
   long *l = (long *)std::malloc(8 + 72);
   l[0] = 72;
   g_len64 = (char *)(l + 1);

   g_array = new Rec[5];

   g_mi = new Both;
}

int main()
{
   make();
   return g_mi->fb() == 4 ? 0 : 1;
}
