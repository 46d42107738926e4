// Catch2 main for the core's unit tests.  SPDX-License-Identifier: GPL-2.0-or-later
#define LK_CATCH_MAIN
#include "lk_catch.hpp"
#include "host_shim.hpp"

int main(int argc, char* argv[]) {
   lk_test::install_host();
   return Catch::Session().run(argc, argv);
}
