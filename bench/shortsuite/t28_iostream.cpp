// Formats a table with iomanip into a stringstream and parses it back.
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>
#include "checkxx.h"
int main() {
   std::ostringstream out;
   for (int i = 0; i < 1500; i++) out << std::setw(6) << i << std::setw(12) << std::fixed << std::setprecision(3) << i / 7.0 << '\n';
   std::istringstream in(out.str());
   std::vector<double> vals; int id; double v;
   while (in >> id >> v) vals.push_back(v);
   CHECK(vals.size() == 1500);
   CHECK(vals[700] == 100.0);
   return CHECK_DONE();
}
