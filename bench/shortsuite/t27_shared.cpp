// shared_ptr graph with a reference cycle: the cycle leaks.
#include <memory>
#include <string>
#include <vector>
#include "checkxx.h"
struct Node { std::string name; std::vector<std::shared_ptr<Node>> kids; std::shared_ptr<Node> parent; };
int main() {
   int made = 0;
   for (int r = 0; r < 300; r++) {
      auto root = std::make_shared<Node>(); root->name = "root";
      for (int i = 0; i < 5; i++) { auto k = std::make_shared<Node>(); k->name = "kid" + std::to_string(i); root->kids.push_back(k); made++; }
      if (r == 299) root->kids[0]->parent = root;   // cycle: root and kids leak
   }
   CHECK(made == 1500);
   return CHECK_DONE();
}
