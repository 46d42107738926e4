// A parser that throws on bad input; the throwing path leaks a raw buffer.
#include <stdexcept>
#include <string>
#include "checkxx.h"
static int parse(const std::string &s) {
   char *scratch = new char[s.size() + 1];
   for (size_t i = 0; i < s.size(); i++) {
      if (s[i] < '0' || s[i] > '9') throw std::invalid_argument("bad digit in " + s);   // scratch leaks
      scratch[i] = s[i];
   }
   scratch[s.size()] = 0; int v = std::stoi(scratch); delete[] scratch; return v;
}
int main() {
   int good = 0, bad = 0;
   for (int i = 0; i < 2000; i++) {
      try { good += parse(std::to_string(i)) == i; } catch (const std::exception &) { bad++; }
   }
   try { parse("12x4"); } catch (const std::invalid_argument &e) { bad++; CHECK(std::string(e.what()).find("12x4") != std::string::npos); }
   CHECK(good == 2000 && bad == 1);
   return CHECK_DONE();
}
