// cxx-containers: C++ standard containers and strings.
//  - global containers (vector, map, list, long string) stay reachable;
//  - a heap-allocated map and list whose owner pointer is dropped: the
//    container object is definitely lost, its nodes indirectly lost;
//  - short strings (SSO, no heap block) and long strings in a lost struct;
//  - a vector that grew by push_back (realloc-like chain of new/delete).
#include <cstdio>
#include <list>
#include <map>
#include <string>
#include <vector>

std::vector<int> g_vec;
std::map<int, std::string> g_map;
std::list<long> g_list;
std::string g_long_string(100, 'g');
std::string g_short_string("tiny");

struct Strings {
   std::string shortone{"abc"};
   std::string longone = std::string(64, 'L');
};

static void make()
{
   for (int i = 0; i < 100; i++)
      g_vec.push_back(i);
   for (int i = 0; i < 5; i++)
      g_map[i] = std::string(20 + i, 'm');
   for (int i = 0; i < 3; i++)
      g_list.push_back(i);

   auto *lost_map = new std::map<int, int>;
   for (int i = 0; i < 7; i++)
      (*lost_map)[i] = i;
   lost_map = nullptr;

   auto *lost_list = new std::list<std::string>;
   lost_list->push_back("short");
   lost_list->push_back(std::string(50, 'x'));
   lost_list = nullptr;

   (void)new Strings;
   (void)new std::string(33, 's');
}

int main()
{
   make();
   std::printf("%zu %zu %zu %s\n", g_vec.size(), g_map.size(), g_list.size(),
               g_short_string.c_str());
   return 0;
}
