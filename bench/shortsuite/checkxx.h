// checkxx.h -- the short suite's assertion macro for the C++ tests, with
// iostream reporting as a C++ unit-test framework would.
#ifndef SHORTSUITE_CHECKXX_H
#define SHORTSUITE_CHECKXX_H
#include <iostream>
static int check_failures;
#define CHECK(c) do { if (!(c)) { std::cerr << __FILE__ << ":" << __LINE__ \
      << ": CHECK(" #c ") failed\n"; check_failures++; } } while (0)
#define CHECK_DONE() (std::cout << __FILE__ << ": " << (check_failures ? "FAIL" : "ok") \
      << std::endl, check_failures ? 1 : 0)
#endif
