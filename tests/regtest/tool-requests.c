/* tool-requests: VALGRIND_REPLACES_MALLOC and VALGRIND_GET_TOOLNAME
 * (Valgrind 3.27 on; tool-requests.h).  The core answers both, from what
 * the tool registered and from its tool name: 1 and a name from 3.27 on,
 * 0 and nothing before (stdout.exp-3.27).  Which name leakcheck gives is
 * lk-toolname's subject; here only whether there is one. */
#include <stdio.h>
#include "tool-requests.h"

int main(void)
{
   char buf[64] = "unchanged";
   unsigned need = VALGRIND_GET_TOOLNAME(NULL, 0);
   unsigned got = VALGRIND_GET_TOOLNAME(buf, sizeof buf);
   printf("replaces malloc: %u\n", VALGRIND_REPLACES_MALLOC);
   printf("tool name: %s\n", need == 0 ? "none" : "some");
   printf("same length both ways: %s\n", need == got ? "yes" : "no");
   printf("buffer %s\n", need == 0 ? buf : "filled");
   return 0;
}
