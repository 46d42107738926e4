// A fixed-size ring of ints indexed one past its capacity: invalid write.
#include <memory>
#include "checkxx.h"
class Ring {
   std::unique_ptr<int[]> a; int cap, n = 0;
public:
   explicit Ring(int cap) : a(new int[cap]), cap(cap) {}
   void push(int v) { a[n % cap] = v; n++; }
   void poke_end(int v) { a[cap] = v; }     // one past the end
   int sum() const { int s = 0; for (int i = 0; i < cap && i < n; i++) s += a[i]; return s; }
};
int main() {
   Ring r(64);
   for (int i = 0; i < 10000; i++) r.push(1);
   r.poke_end(7);
   CHECK(r.sum() == 64);
   return CHECK_DONE();
}
