/* Path normaliser that strips "./" in place with strcpy: overlapping copy. */
#include <string.h>
#include "check.h"
static void strip_dot_slash(char *p) {
   char *q;
   while ((q = strstr(p, "/./")) != NULL) memmove(q, q + 2, strlen(q + 2) + 1);
   if (!strncmp(p, "./", 2)) strcpy(p, p + 2);     /* source and destination overlap */
}
int main(void) {
   int ok = 0;
   for (int i = 0; i < 3000; i++) {
      char *b = strdup("/usr/./lib/./x86_64/./libc.so");
      strip_dot_slash(b); ok += !strcmp(b, "/usr/lib/x86_64/libc.so"); free(b);
   }
   CHECK(ok == 3000);
   char *rel = strdup("./src/./main.c");
   strip_dot_slash(rel);
   CHECK(!strcmp(rel, "src/main.c"));
   free(rel);
   return CHECK_DONE();
}
