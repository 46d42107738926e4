/* check.h -- the tiny assertion macro the short-suite tests share, as a
   unit-test framework would give them.  Part of bench/run-shortsuite. */
#ifndef SHORTSUITE_CHECK_H
#define SHORTSUITE_CHECK_H
#include <stdio.h>
#include <stdlib.h>
static int check_failures;
#define CHECK(c) do { if (!(c)) { fprintf(stderr, "%s:%d: CHECK(%s) failed\n", \
      __FILE__, __LINE__, #c); check_failures++; } } while (0)
#define CHECK_DONE() (printf("%s: %s\n", __FILE__, check_failures ? "FAIL" : "ok"), \
      check_failures ? 1 : 0)
#endif
