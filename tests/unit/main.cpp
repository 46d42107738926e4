// Catch2 main for the core's unit tests.  SPDX-License-Identifier: GPL-2.0-or-later
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include "host_shim.hpp"

int main(int argc, char* argv[]) {
   lk_test::install_host();
   return Catch::Session().run(argc, argv);
}
