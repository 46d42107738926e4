// Virtual shapes in a vector of unique_ptr; one shape is released and lost.
#include <cmath>
#include <memory>
#include <vector>
#include "checkxx.h"
struct Shape { virtual ~Shape() = default; virtual double area() const = 0; };
struct Circle : Shape { double r; explicit Circle(double r) : r(r) {} double area() const override { return M_PI * r * r; } };
struct Rect : Shape { double w, h; Rect(double w, double h) : w(w), h(h) {} double area() const override { return w * h; } };
int main() {
   std::vector<std::unique_ptr<Shape>> v;
   for (int i = 0; i < 2000; i++) {
      if (i % 2) v.push_back(std::make_unique<Circle>(i % 5)); else v.push_back(std::make_unique<Rect>(i % 3, 2));
   }
   double total = 0; for (auto &s : v) total += s->area();
   CHECK(total > 1000);
   Shape *lost = v.back().release();         // leaked
   CHECK(lost->area() > 0);
   return CHECK_DONE();
}
