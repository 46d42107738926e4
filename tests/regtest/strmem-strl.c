/* strlcpy and strlcat, which glibc has from 2.38 (Debian 13) and which
   Memcheck replaces from 3.23: overlaps reported as Memcheck reports
   them (strlcpy's report gives the pointers where the copy stopped), and
   nothing for the clean calls. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
#if __GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 38)
   char* b = malloc(32);
   char small[8];
   memcpy(b, "0123456789", 11);
   size_t n1 = strlcpy(b + 3, b, 6);           /* overlap */
   size_t n2 = strlcpy(small, "truncated text", sizeof small);
   memcpy(b, "abc", 4);
   size_t n3 = strlcat(b, b + 1, 16);          /* overlap */
   size_t n4 = strlcat(small, "xyz", sizeof small);
   printf("%zu %zu %zu %zu %s %s\n", n1, n2, n3, n4, b, small);
   free(b);
   return 0;
#else
   return 77;     /* no strlcpy: the test's prereq skips it */
#endif
}
