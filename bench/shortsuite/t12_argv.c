/* Builds an argv-style vector of options and parses it; leaks the copy. */
#include <string.h>
#include "check.h"
static char **build(int n) {
   char **v = malloc((n + 1) * sizeof *v);
   for (int i = 0; i < n; i++) { v[i] = malloc(32); snprintf(v[i], 32, i % 2 ? "--opt%d=%d" : "file%d.c", i, i * i); }
   v[n] = NULL; return v;
}
int main(void) {
   int opts = 0, files = 0;
   for (int r = 0; r < 100; r++) {
      char **v = build(40);
      for (char **p = v; *p; p++) { if (!strncmp(*p, "--", 2)) opts++; else files++; free(*p); }
      if (r < 99) free(v);
   }
   CHECK(opts == 2000 && files == 2000);
   return CHECK_DONE();
}
