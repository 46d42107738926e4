// lk_catch.hpp -- Catch2 2.x or 3.x, whichever is installed.
// SPDX-License-Identifier: GPL-2.0-or-later
//
// Debian 12 packages Catch2 2.13 (one header, catch2/catch.hpp); Debian 13
// packages Catch2 3 (catch2/catch_all.hpp plus the library libCatch2,
// which configure adds).  The tests use only what both provide: TEST_CASE,
// SECTION, CHECK/REQUIRE (and _FALSE), INFO, UNSCOPED_INFO, FAIL, SUCCEED
// and Catch::Session.
#ifndef LK_CATCH_HPP
#define LK_CATCH_HPP
#if __has_include(<catch2/catch_all.hpp>)
#  include <catch2/catch_all.hpp>
#else
   // The one file with main() (main.cpp) defines LK_CATCH_MAIN first: Catch2
   // 2's implementation is compiled there only.
#  ifdef LK_CATCH_MAIN
#    define CATCH_CONFIG_RUNNER
#  endif
#  include <catch2/catch.hpp>
#endif
#endif
