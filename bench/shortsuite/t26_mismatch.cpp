// A buffer made with new[] and released with delete: mismatched free.
#include <cstring>
#include <string>
#include "checkxx.h"
struct Buffer {
   char *data; size_t n;
   explicit Buffer(size_t n) : data(new char[n]), n(n) { std::memset(data, 'x', n); }
   ~Buffer() { delete data; }               // should be delete[]
};
int main() {
   size_t total = 0;
   for (int i = 1; i <= 200; i++) { Buffer b(i * 16); total += b.n; }
   CHECK(total == 16 * 200 * 201 / 2);
   std::string s(1000, 'y');
   CHECK(s.size() == 1000);
   return CHECK_DONE();
}
