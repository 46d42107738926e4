// std::vector of std::string: sort, unique, erase; all freed.
#include <algorithm>
#include <string>
#include <vector>
#include "checkxx.h"
int main() {
   std::vector<std::string> v;
   for (int i = 0; i < 5000; i++) v.push_back("item-" + std::to_string(i % 1234));
   std::sort(v.begin(), v.end());
   v.erase(std::unique(v.begin(), v.end()), v.end());
   CHECK(v.size() == 1234);
   CHECK(v.front() == "item-0");
   return CHECK_DONE();
}
