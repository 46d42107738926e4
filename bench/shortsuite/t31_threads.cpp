// std::thread workers filling a mutex-guarded std::map; one leaked result.
#include <map>
#include <mutex>
#include <thread>
#include <vector>
#include "checkxx.h"
int main() {
   std::map<int, long> results; std::mutex mu; std::vector<std::thread> ts;
   for (int t = 0; t < 3; t++) ts.emplace_back([t, &results, &mu] {
      long s = 0; for (int i = 0; i < 20000; i++) s += (i * (t + 1)) % 13;
      std::lock_guard<std::mutex> g(mu); results[t] = s;
   });
   for (auto &t : ts) t.join();
   CHECK(results.size() == 3);
   auto *copy = new std::map<int, long>(results);   // never deleted
   CHECK(copy->at(0) > 0);
   return CHECK_DONE();
}
