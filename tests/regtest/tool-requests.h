/* The two core requests of valgrind.h 3.27 that tell a client about the
 * tool (VALGRIND_REPLACES_MALLOC, VALGRIND_GET_TOOLNAME), defined here
 * with the same request numbers when the valgrind.h the tests are built
 * with is older: a Valgrind before 3.27 does not know them, and a client
 * then gets the default value, 0, as with an older header. */
#ifndef TOOL_REQUESTS_H
#define TOOL_REQUESTS_H
#include <valgrind/valgrind.h>
#ifndef VALGRIND_REPLACES_MALLOC
#define VALGRIND_REPLACES_MALLOC                                          \
   (unsigned)VALGRIND_DO_CLIENT_REQUEST_EXPR(0, 0x1003, 0, 0, 0, 0, 0)
#endif
#ifndef VALGRIND_GET_TOOLNAME
#define VALGRIND_GET_TOOLNAME(buf, len)                                   \
   (unsigned)VALGRIND_DO_CLIENT_REQUEST_EXPR(0, 0x1004, (char*)(buf),     \
                                             (len), 0, 0, 0)
#endif
#endif
