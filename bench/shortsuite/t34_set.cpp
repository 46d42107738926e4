// std::set / std::multiset of structs with a custom comparator; all freed.
#include <set>
#include <string>
#include "checkxx.h"
struct Emp { std::string name; int dept; bool operator<(const Emp &o) const { return dept != o.dept ? dept < o.dept : name < o.name; } };
int main() {
   std::set<Emp> s; std::multiset<int> depts;
   for (int i = 0; i < 3000; i++) { s.insert({"e" + std::to_string(i % 1000), i % 17}); depts.insert(i % 17); }
   CHECK(s.size() == 3000);   // (i % 1000, i % 17) repeats only after 17,000
   CHECK(depts.count(3) > 170);
   return CHECK_DONE();
}
