// A std::deque-based event queue with std::function handlers; all freed.
#include <deque>
#include <functional>
#include <string>
#include "checkxx.h"
int main() {
   std::deque<std::function<void()>> q; long acc = 0; std::string log;
   for (int i = 0; i < 3000; i++) q.push_back([i, &acc, &log] { acc += i; if (i % 500 == 0) log += std::to_string(i) + ";"; });
   while (!q.empty()) { q.front()(); q.pop_front(); }
   CHECK(acc == 3000L * 2999 / 2);
   CHECK(log == "0;500;1000;1500;2000;2500;");
   return CHECK_DONE();
}
