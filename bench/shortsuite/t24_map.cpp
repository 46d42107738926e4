// Word frequencies in std::map and std::unordered_map; one raw-new leak.
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include "checkxx.h"
int main() {
   std::ostringstream text;
   for (int i = 0; i < 3000; i++) text << "w" << (i * i) % 97 << ' ';
   std::istringstream in(text.str());
   std::map<std::string, int> ordered; std::unordered_map<std::string, int> hashed;
   for (std::string w; in >> w;) { ordered[w]++; hashed[w]++; }
   CHECK(ordered.size() == hashed.size());
   auto *summary = new std::map<int, std::string>;   // never deleted
   for (auto &kv : ordered) (*summary)[kv.second] = kv.first;
   CHECK(!summary->empty());
   return CHECK_DONE();
}
