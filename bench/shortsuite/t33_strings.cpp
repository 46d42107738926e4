// String utilities: split, join, replace, upper; a cached result leaks.
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>
#include "checkxx.h"
static std::vector<std::string> split(const std::string &s, char d) { std::vector<std::string> o; size_t b = 0, e; while ((e = s.find(d, b)) != std::string::npos) { o.push_back(s.substr(b, e - b)); b = e + 1; } o.push_back(s.substr(b)); return o; }
static std::string join(const std::vector<std::string> &v, const std::string &d) { std::string o; for (size_t i = 0; i < v.size(); i++) { if (i) o += d; o += v[i]; } return o; }
static const std::string *cached_upper(const std::string &s) { auto *u = new std::string(s); std::transform(u->begin(), u->end(), u->begin(), ::toupper); return u; }
int main() {
   std::string csv; for (int i = 0; i < 800; i++) csv += "field" + std::to_string(i) + ",";
   int rounds = 0;
   for (int r = 0; r < 20; r++) { auto parts = split(csv, ','); rounds += join(parts, ";").size() > csv.size() - 1; }
   CHECK(rounds == 20);
   const std::string *u = cached_upper("leakcheck");   // never deleted
   CHECK(*u == "LEAKCHECK");
   return CHECK_DONE();
}
