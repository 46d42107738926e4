/* Reads its own source with getline and counts words; all freed. */
#include <string.h>
#include <ctype.h>
#include "check.h"
int main(int argc, char **argv) {
   (void)argc; (void)argv;
   FILE *f = tmpfile();
   for (int i = 0; i < 2000; i++) fprintf(f, "alpha beta %d gamma\n", i);
   rewind(f);
   char *line = NULL; size_t cap = 0; long words = 0, lines = 0;
   while (getline(&line, &cap, f) > 0) {
      lines++; int in = 0;
      for (char *p = line; *p; p++) { if (!isspace((unsigned char)*p)) { if (!in) words++; in = 1; } else in = 0; }
   }
   fclose(f); free(line);
   CHECK(lines == 2000 && words == 8000);
   return CHECK_DONE();
}
