// multiple-inheritance: objects held only through a pointer to their
// second base class, which points into the middle of the object.  The
// multipleinheritance heuristic makes them "still reachable (via
// heuristic)"; one such object is really lost (no pointer at all), and one
// is held through its first base (a start pointer).
#include <cstdio>

struct Base1 {
   long b1 = 1;
   virtual ~Base1() {}
   virtual long one() { return b1; }
};

struct Base2 {
   long b2 = 2;
   virtual ~Base2() {}
   virtual long two() { return b2; }
};

struct Derived : Base1, Base2 {
   long d = 3;
   long one() override { return d; }
   long two() override { return d * 2; }
};

struct Deeper : Derived {
   char extra[40];
};

Base2 *via_second[3];
Base1 *via_first;

static void make()
{
   for (int i = 0; i < 3; i++)
      via_second[i] = new Derived;
   via_first = new Deeper;
   (void)static_cast<Base2 *>(new Derived);     // lost
}

int main()
{
   make();
   std::printf("%ld %ld\n", via_second[0]->two(), via_first->one());
   return 0;
}
